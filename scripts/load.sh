#!/usr/bin/env bash
# Runs the full-size load simulations (test category Load): the beads load analysis reproduced against Beads, printed
# as markdown tables ("[load]" lines). Same setup as scripts/test.sh (bd, the host, a private MariaDB).
# Usage: scripts/load.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
BEADS_TEST_FILTER="Category=Load" exec scripts/test.sh "$@"
