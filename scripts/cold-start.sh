#!/usr/bin/env bash
# Cold start (issue 17): the first `bd show` with no host running, which makes bd start the host on the embedded store
# and wait for it, and the host recover the rig before answering; a rig of beads' 3,066-issue export (../shared/fixtures,
# read in place). The median and range of COLD_START_RUNS rounds (default 8), the host stopped (by its pid) after each.
# Usage: scripts/cold-start.sh [OTHER_BIN_DIR...]
#   Each OTHER_BIN_DIR (the artifacts/bin of another commit, say: a bd with its Beads.Host beside it) is measured in the
#   same rounds, interleaved with this build's, on the same store, so that a noisy machine moves both alike.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/fixture-host.sh
source scripts/lib/fixture-host.sh

runs=${COLD_START_RUNS:-8}
require_fixture cold-start
use_build cold-start
compare_builds "" "$@"

start_host "$work"
add_rigs "$work" 1 cold
cd "$work/rig1"
shown=$(bd create "the issue bd show shows" --silent)
stop_host

# The host bd starts writes its pid in its data folder; it is stopped by that pid, once the process is seen to be
# that host (its command line names this data folder), after each round and if the script stops early.
data="$work/data"
stop_started_host() {
  local pid
  pid=$(head -n 1 "$data/host.pid" 2>/dev/null) || return 0
  if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "--data-dir $data"; then
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  fi
}
trap 'stop_started_host; stop_host; rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }'; }

declare -A times
for _ in $(seq 1 "$runs"); do
  for b in "${!builds[@]}"; do
    start=$EPOCHREALTIME
    BD_NO_AUTO_START=0 BD_HOST_COMMAND="${builds[$b]}/Beads.Host --data-dir $data" "${builds[$b]}/bd" show "$shown" >/dev/null
    times[$b]+="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }') "
    stop_started_host
  done
done

echo "cold start: first bd show with no host running (bd starts it; the rig of beads' export recovers), $runs rounds, ms"
for b in "${!builds[@]}"; do
  printf '[benchmark] cold start, %-12s median %s ms (range %s)\n' "${labels[$b]}:" \
    "$(tr ' ' '\n' <<<"${times[$b]}" | grep . | median)" "$(tr ' ' '\n' <<<"${times[$b]}" | grep . | range)"
done
