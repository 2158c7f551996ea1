#!/usr/bin/env bash
# Runs every test of the solution. This is the README's test command and what CI runs (.ci/run).
# It publishes bd and the host first (scripts/publish.sh): the CLI tests run those real binaries.
# Usage: scripts/test.sh [extra dotnet test arguments]; BEADS_TEST_FILTER replaces the default test filter.
#
# The server-backend tests need a MySQL-protocol server. Unless BEADS_TEST_MYSQL already names one, this script
# starts a private MariaDB (installing mariadb-server with apt-get when no server binary is present) on a free
# loopback port with its data in a temporary folder, hands the tests its connection string in BEADS_TEST_MYSQL, and
# stops it and deletes the folder when it exits, whatever the tests did.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/mariadb.sh
source scripts/lib/mariadb.sh # also defines say()
trap stop_mysql EXIT

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET SDK 10 is needed (dotnet not found on PATH): install it from https://dot.net"
  exit 127
fi

if [ -n "${BEADS_TEST_MYSQL:-}" ]; then
  say "using the server named by BEADS_TEST_MYSQL"
else
  start_mysql # in the background while bd, the host and the solution build
fi

scripts/publish.sh
dotnet build Beads.sln -c Release --nologo -v quiet
if [ -n "$mysql_pid" ]; then wait_for_mysql; fi

# The full output and every test host's log go to one folder; the console shows the failures, the benchmarks' figures
# and the totals, not a line per passing test. The folder is removed after a run that passed, unless it was given.
logs=${BEADS_TEST_LOGS:-}
keep_logs=${logs:+yes}
if [ -z "$logs" ]; then logs=$(mktemp -d "${TMPDIR:-/tmp}/beads-test-logs.XXXXXX"); fi
mkdir -p "$logs"
export BEADS_TEST_LOGS=$logs

set +e
# The full-size load simulations (category Load) run with scripts/load.sh; their small versions run here.
dotnet test Beads.sln -c Release --no-build --nologo --logger "console;verbosity=normal" \
  --filter "${BEADS_TEST_FILTER:-Category!=Load}" "$@" 2>&1 \
  | tee "$logs/dotnet-test.log" | grep --line-buffered -vE '^\s+Passed |^\[xUnit.net [0-9:.]+\]   (Starting|Finished|Discover)'
code=${PIPESTATUS[0]}
if [ "$code" -ne 0 ]; then
  say "tests failed (exit $code): the whole output is in $logs/dotnet-test.log, the in-process hosts' logs beside it"
elif [ -z "$keep_logs" ]; then
  rm -rf "$logs"
fi
exit "$code"
