#!/usr/bin/env bash
# The embedded store on disk: a host with 1 rig and one with 10 rigs, each rig holding beads' 3,066-issue export
# (../shared/fixtures, read in place and imported under the rig's own prefix), on a fresh data dir. Prints the bytes of
# beads.db and its -wal while the host runs (once the SQL tables have caught up and the snapshots are written), the
# file after a graceful stop, where its pages go (SQLite's dbstat: the journal, the snapshots, the projected tables,
# all indexes, free pages) and the ratio to the JSONL imported (goal: 3x) and to the issues.jsonl each rig flushes (it
# leaves out the export's wisps, as beads does).
# Needs the sqlite3 shell (apt-get install sqlite3). Usage: scripts/store-size.sh
#   STORE_SIZE_RIGS: the hosts to measure, by their number of rigs (default "1 10")
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/fixture-host.sh
source scripts/lib/fixture-host.sh
if [ ! -f "$fixture" ]; then echo "scripts/store-size.sh: $fixture is absent: nothing to measure" >&2; exit 0; fi
command -v sqlite3 >/dev/null || { echo "scripts/store-size.sh: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
use_build store-size

size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
ratio() { awk -v b="$1" -v jsonl="$2" 'BEGIN { printf "%.2fx", b / jsonl }'; }

# The bytes of the file's pages by part: "journal snapshots tables indexes free other".
parts() {
  sqlite3 "$1" "
    WITH page AS (
      SELECT s.name, s.pgsize,
             CASE WHEN m.type = 'index' OR s.name LIKE 'sqlite_autoindex_%' THEN 'indexes'
                  WHEN s.name IN ('journal', 'tags') THEN 'journal'
                  WHEN s.name = 'snapshot' THEN 'snapshots'
                  WHEN s.name IN ('issues', 'dependencies', 'labels', 'comments', 'events', 'projection_offsets',
                                  'wisps', 'wisp_dependencies', 'wisp_labels', 'wisp_comments') THEN 'tables'
                  ELSE 'other' END AS part
      FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name)
    SELECT (SELECT COALESCE(SUM(pgsize), 0) FROM page WHERE part = 'journal'),
           (SELECT COALESCE(SUM(pgsize), 0) FROM page WHERE part = 'snapshots'),
           (SELECT COALESCE(SUM(pgsize), 0) FROM page WHERE part = 'tables'),
           (SELECT COALESCE(SUM(pgsize), 0) FROM page WHERE part = 'indexes'),
           (SELECT freelist_count * page_size FROM pragma_freelist_count, pragma_page_size),
           (SELECT COALESCE(SUM(pgsize), 0) FROM page WHERE part = 'other');" | tr '|' ' '
}

# Waits until every rig's SQL tables hold all its issues and its snapshot is written, then a little longer for the
# writers' last offsets and the snapshot store's clean-up.
settle() {
  local rigs=$1 issues snapshots
  for _ in $(seq 1 240); do
    issues=$(bd sql --csv "SELECT (SELECT COUNT(*) FROM issues) + (SELECT COUNT(*) FROM wisps)" | tail -1 | tr -dc 0-9)
    snapshots=$(sqlite3 "file:$2?mode=ro" "SELECT COUNT(DISTINCT persistence_id) FROM snapshot WHERE persistence_id LIKE 'rig-%'" 2>/dev/null || echo 0)
    [ "$issues" -ge $((rigs * 3066)) ] && [ "$snapshots" -ge "$rigs" ] && { sleep 5; return 0; }
    sleep 0.5
  done
  echo "scripts/store-size.sh: the store did not settle (issues $issues, rigs with a snapshot $snapshots)" >&2
  return 1
}

measure() {
  local rigs=$1 dir db jsonl=0
  dir=$(mktemp -d "$work/run.XXXXXX")
  db="$dir/data/beads.db"
  start_host "$dir"
  add_rigs "$dir" "$rigs" x
  for r in $(seq 1 "$rigs"); do
    (cd "$dir/rig$r" && bd sync --flush-only >/dev/null)
    jsonl=$((jsonl + $(size "$dir/rig$r/.beads/issues.jsonl")))
  done
  (cd "$dir/rig1" && settle "$rigs" "$db")
  local live_db live_wal
  live_db=$(size "$db")
  live_wal=$(size "$db-wal")
  stop_host
  local stopped journal snapshots tables indexes free other
  stopped=$(($(size "$db") + $(size "$db-wal")))
  read -r journal snapshots tables indexes free other <<<"$(parts "$db")"
  local imported=$((rigs * $(size "$fixture")))
  printf '[benchmark] store size, %2d rig(s) of 3,066 issues: running %s + %s -wal (%s the JSONL imported, %s the rigs'"'"' issues.jsonl), stopped %s; journal %s, snapshots %s, tables %s, indexes %s, free %s, other %s; JSONL imported %s, issues.jsonl %s\n' \
    "$rigs" "$(mb "$live_db")" "$(mb "$live_wal")" "$(ratio $((live_db + live_wal)) "$imported")" \
    "$(ratio $((live_db + live_wal)) "$jsonl")" "$(mb "$stopped")" "$(mb "$journal")" "$(mb "$snapshots")" "$(mb "$tables")" \
    "$(mb "$indexes")" "$(mb "$free")" "$(mb "$other")" "$(mb "$imported")" "$(mb "$jsonl")"
  rm -rf "$dir"
}

for rigs in ${STORE_SIZE_RIGS:-1 10}; do measure "$rigs"; done
