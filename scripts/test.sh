#!/usr/bin/env bash
# Runs every test of the solution. This is the README's test command and what CI runs (.ci/run).
# It publishes bd and the host first (scripts/publish.sh): the CLI tests run those real binaries.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "scripts/test.sh: the .NET SDK 10 is needed (dotnet not found on PATH): install it from https://dot.net" >&2
  exit 127
fi

scripts/publish.sh
dotnet build Beads.sln -c Release --nologo -v quiet
dotnet test Beads.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" "$@"
