#!/usr/bin/env bash
# The CLI's floor (issue 17): whole-process times of the real bd against one warm host on the embedded store, with a
# rig of beads' 3,066-issue export (../shared/fixtures, read in place and imported under the rig's own prefix; 3,000
# synthetic creates where it is absent would take too long, so the script then says so and stops). Rows: `bd --version`
# (bd's own floor: no request), `bd show`, `bd create`, `bd list -n 0`, 20 and 40 parallel `bd create`; the medians of
# CLI_FLOOR_RUNS rounds (default 15; 5 for the parallel rows), the first round unmeasured.
# Usage: scripts/cli-floor.sh [OTHER_BD...]
#   Each OTHER_BD (a bd built from another commit, say) is measured in the same rounds, interleaved with this build's,
#   against the same host and rig, so that a noisy machine moves both alike: compare the columns, not the runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/fixture-host.sh
source scripts/lib/fixture-host.sh

runs=${CLI_FLOOR_RUNS:-15}
require_fixture cli-floor
use_build cli-floor
compare_builds bd "$@"

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }

start_host "$work"
add_rigs "$work" 1 floor
cd "$work/rig1"
bd="${builds[0]}"
shown=$("$bd" create "the issue bd show shows" --silent)
listed=$("$bd" list -n 0 --flat | wc -l)

# ms BD ARGS...: the wall time of one run, in ms; a failing run stops the script.
ms() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
}

# parallel BD N: the wall time of N bd create started at once, in ms, after checking that each made its own issue.
parallel() {
  local bd=$1 n=$2 start=$EPOCHREALTIME pids=() i
  for i in $(seq 1 "$n"); do "$bd" create "parallel $i" --silent >"$work/created.$i" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid"; done
  local end=$EPOCHREALTIME
  [ "$(cat "$work"/created.* | sort -u | wc -l)" -eq "$n" ] || { echo "cli-floor: $n parallel creates did not make $n issues" >&2; exit 1; }
  rm -f "$work"/created.*
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
}

rows=(version show create list parallel20 parallel40)
declare -A times
# sample ROW MS: keeps the figure of the current round and bd (round 0 warms up and is not kept).
sample() { if [ "$round" -gt 0 ]; then times[$1,$b]+="$2 "; fi; }
for round in $(seq 0 "$runs"); do
  for b in "${!builds[@]}"; do
    bd="${builds[$b]}"
    sample version "$(ms "$bd" --version)"
    sample show "$(ms "$bd" show "$shown")"
    sample create "$(ms "$bd" create "timed create" --silent)"
    sample list "$(ms "$bd" list -n 0)"
    if [ "$round" -le 5 ]; then
      sample parallel20 "$(parallel "$bd" 20)"
      sample parallel40 "$(parallel "$bd" 40)"
    fi
  done
done

echo "bd's floor: warm host, embedded store, beads' export imported ($listed issues in bd list -n 0); medians of $runs rounds (parallel rows: 5), ms"
printf '%-23s' ""; for label in "${labels[@]}"; do printf ' %12s' "$label"; done; echo
for row in "${rows[@]}"; do
  printf '[benchmark] %-12s' "$row"
  for b in "${!builds[@]}"; do printf ' %12s' "$(tr ' ' '\n' <<<"${times[$row,$b]}" | grep . | median)"; done
  echo
done
