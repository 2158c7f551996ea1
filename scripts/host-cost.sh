#!/usr/bin/env bash
# What a host costs while nobody uses it: its CPU over a quiet window (user + system time of the host and of the
# processes it ran, such as git, in % of one core) and its memory (RSS at the end of the window), for a host with 1 rig
# and with 10 rigs, each rig holding beads' 3,066-issue export (../shared/fixtures, read in place and imported under
# the rig's own prefix) or, where that is absent, one issue. Each rig's home is a git work tree, so the periodic sync
# (every 30 s) has git to run. Every run is a fresh host on a fresh data dir; prints the median and the range of
# HOST_COST_RUNS runs (default 3). Usage: scripts/host-cost.sh
#   HOST_COST_WARM: seconds from the last command to the window (default 60), HOST_COST_WINDOW: its length (30),
#   HOST_COST_RIGS: the hosts to measure, by their number of rigs (default "1 10")
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${HOST_COST_RUNS:-3}
warm=${HOST_COST_WARM:-60}
window=${HOST_COST_WINDOW:-30}
# shellcheck source=lib/fixture-host.sh
source scripts/lib/fixture-host.sh
use_build host-cost

# Clock ticks of CPU the process used, its waited-for children's included (/proc/PID/stat fields 14-17).
ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

# measure RIGS: one run; prints "CPU_PERCENT RSS_MB"
measure() {
  local rigs=$1 dir
  dir=$(mktemp -d "$work/run.XXXXXX")
  start_host "$dir"
  add_rigs "$dir" "$rigs" hc
  sleep "$warm"
  local before hz
  hz=$(getconf CLK_TCK)
  before=$(ticks "$host_pid")
  sleep "$window"
  awk -v used=$(($(ticks "$host_pid") - before)) -v hz="$hz" -v window="$window" \
    -v rss="$(awk '/^VmRSS/ { print $2 }' "/proc/$host_pid/status")" \
    'BEGIN { printf "%.2f %.0f\n", used / hz / window * 100, rss / 1024 }'
  stop_host
  rm -rf "$dir"
}

what="one issue each"
[ -f "$fixture" ] && what="3,066 issues each (beads' export)"
echo "host cost while idle: ${warm} s after the last command, a ${window} s window, ${runs} runs each; rigs of $what"
for rigs in ${HOST_COST_RIGS:-1 10}; do
  results=()
  for _ in $(seq 1 "$runs"); do results+=("$(measure "$rigs")"); done
  cpu=$(printf '%s\n' "${results[@]}" | cut -d' ' -f1)
  rss=$(printf '%s\n' "${results[@]}" | cut -d' ' -f2)
  printf '[benchmark] idle host, %2d rig(s): CPU %s%% of one core (runs %s%%), memory %s MB RSS (runs %s MB)\n' \
    "$rigs" "$(median <<<"$cpu")" "$(range <<<"$cpu")" "$(median <<<"$rss")" "$(range <<<"$rss")"
done
