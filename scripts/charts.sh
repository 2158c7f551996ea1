#!/usr/bin/env bash
# Measures and draws BENCHMARKS.md's charts into docs/charts (a TSV of the figures and an SVG each):
#   latency.svg  wall time of N `bd create` and N `bd list` started at once (N = 1, 5, 10, 20, 40) against one warm
#                host with a rig of beads' 3,066-issue export, medians of CHARTS_ROUNDS (default 3), log scale, beside
#                the beads load analysis' published figures (its default and its best configuration)
#   memory.svg   the host's RSS as rigs of the export are added to it (0, 1, 2, 5, 10 rigs), 25 s after each import
#                (the host's idle memory trim runs within 10 s of a burst's end)
# Needs python3 (scripts/lib/line_chart.py draws the SVGs). Usage: scripts/charts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/fixture-host.sh
source scripts/lib/fixture-host.sh

rounds=${CHARTS_ROUNDS:-3}
out=$PWD/docs/charts
if [ ! -f "$fixture" ]; then echo "charts: $fixture is missing: the rigs would not be beads' export" >&2; exit 1; fi
command -v python3 >/dev/null || { echo "charts: python3 is needed to draw the SVGs (apt-get install python3)" >&2; exit 1; }
mkdir -p "$out"
use_build charts

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] }'; }
# burst N ARGS...: ms from starting N copies of `bd ARGS` at once until the last exits; a failing one stops the script.
burst() {
  local n=$1 start=$EPOCHREALTIME pids=() pid
  shift
  for _ in $(seq 1 "$n"); do bd "$@" >/dev/null & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid"; done
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$host_pid/status"; }

echo "charts: latency against concurrency ($rounds rounds)"
start_host "$work/latency"
add_rigs "$work/latency" 1 lat
cd "$work/latency/rig1"
burst 1 list >/dev/null # the first list warms the rig
# beads' figures: the load analysis (README of ../shared/fixtures and DESIGN.md): create 200 ms one, 34.8 s / 2.1 s
# for 20, 46.4 s / 8.6 s for 40; list 410 ms one, 1.57 s for 20.
declare -A beads_default=([1]=200 [20]=34800 [40]=46400) beads_best=([20]=2100 [40]=8600) beads_list=([1]=410 [20]=1570)
{
  printf 'agents\tBeads: bd create\tBeads: bd list\tbeads default: create\tbeads best: create\tbeads: list\n'
  for n in 1 5 10 20 40; do
    create=$(for _ in $(seq 1 "$rounds"); do burst "$n" create "chart create" --silent; done | median)
    list=$(for _ in $(seq 1 "$rounds"); do burst "$n" list; done | median)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$create" "$list" "${beads_default[$n]:-}" "${beads_best[$n]:-}" "${beads_list[$n]:-}"
  done
} >"$out/latency.tsv"
cd - >/dev/null
stop_host
python3 scripts/lib/line_chart.py "$out/latency.tsv" "$out/latency.svg" \
  "bd commands started at once, wall time until the last exits" "bd processes at once" "ms (log scale)" log

echo "charts: memory against rigs"
start_host "$work/memory"
{
  printf 'rigs\tBeads host RSS (MB)\n'
  sleep 25
  printf '0\t%s\n' "$(rss_mb)"
  added=0
  for rigs in 1 2 5 10; do
    for r in $(seq $((added + 1)) "$rigs"); do add_rigs "$work/memory/$r" 1 "m$r"; done
    added=$rigs
    sleep 25
    printf '%s\t%s\n' "$rigs" "$(rss_mb)"
  done
} >"$out/memory.tsv"
stop_host
python3 scripts/lib/line_chart.py "$out/memory.tsv" "$out/memory.svg" \
  "The host's memory with rigs of beads' export (3,066 issues each)" "rigs (x 3,066 issues)" "RSS, MB"

echo "charts: wrote docs/charts/latency.svg and docs/charts/memory.svg"
column -t -s $'\t' "$out/latency.tsv"
column -t -s $'\t' "$out/memory.tsv"
