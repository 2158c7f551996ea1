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

set +e
# The full-size load simulations (category Load) run with scripts/load.sh; their small versions run here.
dotnet test Beads.sln -c Release --no-build --nologo --logger "console;verbosity=normal" \
  --filter "${BEADS_TEST_FILTER:-Category!=Load}" "$@"
exit $?
