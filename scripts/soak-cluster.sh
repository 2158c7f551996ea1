#!/usr/bin/env bash
# Runs the cluster's failover spec (ThreeHostClusterSpec: three real hosts on a private MariaDB, a node SIGKILLed under
# load, every rig probed through every survivor) N times in a row, and prints how many runs passed and each run's
# failover figures. It builds once and starts one MariaDB for all runs, like scripts/test.sh.
# Usage: scripts/soak-cluster.sh [N=20]; SOAK_FILTER replaces the test filter (e.g. FullyQualifiedName~TwoNodeClusterSpec).
# The output of every run is kept in a folder it names; a failed run's hosts' logs are kept too (the failure says where).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/soak-cluster.sh [N]   (N, the number of runs, a positive whole number; 20 by default)" >&2
  exit 2
fi
filter=${SOAK_FILTER:-FullyQualifiedName~ThreeHostClusterSpec}

# shellcheck source=lib/mariadb.sh
source scripts/lib/mariadb.sh
trap stop_mysql EXIT
if [ -z "${BEADS_TEST_MYSQL:-}" ]; then start_mysql; fi
scripts/publish.sh >/dev/null
dotnet build Beads.sln -c Release --nologo -v quiet >/dev/null
if [ -n "$mysql_pid" ]; then wait_for_mysql; fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/beads-soak.XXXXXX")
say "$runs runs of $filter; each run's output in $logs"
passed=0
for run in $(seq 1 "$runs"); do
  log="$logs/run$run.log"
  started=$SECONDS
  if dotnet test Beads.sln -c Release --no-build --nologo --logger "console;verbosity=normal" --filter "$filter" >"$log" 2>&1; then
    passed=$((passed + 1))
    outcome=passed
  else
    outcome="FAILED (see $log)"
  fi
  echo "run $run: $outcome in $((SECONDS - started)) s"
  grep -h '^\[benchmark\]' "$log" | sed 's/^/  /' || true
done
echo "$passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
