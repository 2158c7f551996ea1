#!/usr/bin/env bash
# One command from a fresh clone to a working tracker: builds bd and the host, then runs a real session in a scratch
# project on the embedded store (bd starts the host by itself), and stops the host at the end.
# Usage: scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/publish.sh

demo=$(mktemp -d -t beads-demo-XXXXXX)
export PATH="$PWD/artifacts/bin:$PATH"
export BD_HOST="unix://$demo/run/bd.sock" BEADS_DATA_DIR="$demo/data" BD_ACTOR=demo-agent
trap 'bd host stop >/dev/null 2>&1 || true' EXIT
mkdir -p "$demo/project" && cd "$demo/project"

run() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
run bd init --prefix demo
schema=$(bd create "Design the schema" -p 1 -t feature --silent)
migration=$(bd create "Write the migration" --deps "$schema" --silent)
release=$(bd create "Release v1" -p 0 --deps "$migration" --silent)
run bd create "Check the logs for timeouts" -t bug --deps "discovered-from:$schema"
run bd list
run bd ready
run bd blocked
run bd update "$schema" --claim --actor agent-7
run bd update "$schema" --claim --actor agent-9 || echo "(exit $?: agent-9 lost the race, as it should)"
run bd close "$schema" --reason "schema agreed"
run bd ready --json
run bd dep tree "$release"
run bd stats
echo
echo "Demo data is in $demo (the host stops now)."
