#!/usr/bin/env bash
# Process-level stress test: the beads load analysis' own commands against a real Beads host, with real bd processes:
# one create/show/list at a time, N parallel `bd create` for N = 5, 10, 20, 40, 20 parallel `bd list`,
# `bd sync --flush-only` and the size of the JSONL it writes, on a rig of ~3,000 issues (beads' own export where
# ../shared/fixtures has it, else 3,000 issues created here), first on the embedded store, then on a private MariaDB.
# Prints markdown tables with beads' published figures beside Beads' and the ratio (medians of STRESS_ROUNDS, default 5).
# Usage: scripts/stress.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/mariadb.sh
source scripts/lib/mariadb.sh # also defines say()

rounds=${STRESS_ROUNDS:-5}
fixture="../shared/fixtures/beads-2026-01-15.jsonl"
scripts/publish.sh >/dev/null
export PATH="$PWD/artifacts/bin:$PATH" BD_NO_AUTO_START=1 BD_ACTOR=stress NO_COLOR=1
work=$(mktemp -d "${TMPDIR:-/tmp}/beads-stress.XXXXXX")
host_pid=""

stop_host() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    bd host stop >/dev/null 2>&1 || kill "$host_pid"
    wait "$host_pid" 2>/dev/null || true
  fi
  host_pid=""
}
finish() {
  local code=$?
  stop_host
  rm -rf "$work"
  stop_mysql "$code"
}
trap finish EXIT

now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Milliseconds one command takes, from process start to exit.
one() { local start; start=$(now_ms); "$@" >/dev/null; echo $(($(now_ms) - start)); }
# Milliseconds for N copies of a command started together, until the last exits.
burst() {
  local n=$1 start; shift
  start=$(now_ms)
  for _ in $(seq "$n"); do "$@" >/dev/null & done
  wait
  echo $(($(now_ms) - start))
}
repeat() { local times=$1; shift; for _ in $(seq "$times"); do "$@"; done | median; }
ratio() { awk -v theirs="$1" -v ours="$2" 'BEGIN { if (ours > 0 && theirs > 0) printf "%.0fx", theirs / ours; else print "-" }'; }
row() { printf '| %s | %s | %s | %s ms | %s |\n' "$1" "$2" "$3" "$4" "$(ratio "${5:-0}" "$4")"; }

measure() {
  local store=$1 database=${2:-}
  local dir="$work/$store"
  mkdir -p "$dir/project"
  export BD_HOST="unix://$dir/bd.sock"
  say "$store: starting a host (logs in $dir/host.log)"
  BEADS_DB="$database" Beads.Host --socket "$dir/bd.sock" --data-dir "$dir/data" >"$dir/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 300); do bd version 2>/dev/null | grep -q '^host ' && break; sleep 0.2; done
  cd "$dir/project"
  bd init --prefix st >/dev/null
  if [ -f "$OLDPWD/$fixture" ]; then
    say "$store: importing beads' export ($fixture)"
    bd import "$OLDPWD/$fixture" >/dev/null
  else
    say "$store: the fixture is absent: creating 3,000 issues"
    for batch in $(seq 1 150); do burst 20 bd q "seeded issue $batch" >/dev/null; done
  fi
  local issues any
  issues=$(bd list --all --json | grep -c '"id":' || true)
  any=$(bd list -n 1 --json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)

  echo
  echo "### bd against a real host: $store store, $issues issues (medians of $rounds)"
  echo
  echo "| what | beads default | beads best | Beads | faster than beads default |"
  echo "|---|---|---|---|---|"
  row "bd create (one)" "200 ms" "-" "$(repeat $((rounds * 4)) one bd create 'stress single' --silent)" 200
  row "bd show (one)" "220 ms" "-" "$(repeat $((rounds * 4)) one bd show "$any")" 220
  row "bd list (one)" "410 ms" "-" "$(repeat $((rounds * 4)) one bd list)" 410
  for n in 5 10 20 40; do
    case $n in 20) theirs=34800; best="2.1 s";; 40) theirs=46400; best="8.6 s";; *) theirs=0; best="-";; esac
    row "$n parallel bd create" "$([ "$theirs" -gt 0 ] && echo "$((theirs / 1000)).$(((theirs % 1000) / 100)) s" || echo -)" "$best" \
      "$(repeat "$rounds" burst "$n" bd create 'stress parallel' --silent)" "$theirs"
  done
  row "20 parallel bd list" "1.57 s" "-" "$(repeat "$rounds" burst 20 bd list)" 1570
  row "bd sync --flush-only" "7.5 s (full export)" "-" "$(repeat "$rounds" one bd sync --flush-only)" 7500
  echo "| issues.jsonl | 2.9 MB | | $(du -h .beads/issues.jsonl | cut -f1) | |"
  cd "$OLDPWD"
  stop_host
}

measure embedded
say "starting a private MariaDB for the server-store run"
start_mysql
wait_for_mysql
measure mariadb "${BEADS_TEST_MYSQL/Database=beads_test/Database=beads_stress}"
