#!/usr/bin/env bash
# Runs beads-ui 0.12.0 (the web board from npm that runs bd) on our bd in headless Chromium: every view and every edit
# it offers, each edit read back with `bd show --json` (drive.mjs), on a fresh rig filled by populate.sh.
# Usage: scripts/clients/beads-ui/run.sh [--bin DIR] [--work DIR]
#   --bin   the folder with our bd and Beads.Host (default: this repo's artifacts/bin)
#   --work  where every temporary file goes (default: a temporary folder, removed afterwards)
# BEADS_DATA_DIR and BD_HOST, when set, name the host to use (it must have no rig with the prefix ui); unset, a host of
# its own is started in the work folder and stopped afterwards.
# Needs node, npm (beads-ui and playwright-core come from the npm registry) and Chromium at $CHROMIUM
# (default /usr/bin/chromium; apt-get install -y chromium).
# Prints one line per failing check and `beads-ui: N of M pass`; exits 0 when it ran, 1 when it could not, 2 on usage.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$here/../../.." && pwd)/artifacts/bin
work=""
usage() { echo "usage: scripts/clients/beads-ui/run.sh [--bin DIR] [--work DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --bin) [ $# -ge 2 ] || usage; bin=$2; shift 2 ;;
    --work) [ $# -ge 2 ] || usage; work=$2; shift 2 ;;
    *) usage ;;
  esac
done
cannot() { echo "beads-ui: cannot run: $*" >&2; exit 1; }
chromium=${CHROMIUM:-/usr/bin/chromium}
bd=$(cd "$bin" 2>/dev/null && pwd)/bd || true
[ -x "$bd" ] || cannot "no bd in $bin (build it with scripts/publish.sh, or pass --bin)"
for tool in node npm git; do
  command -v "$tool" >/dev/null || cannot "$tool is not installed"
done
[ -x "$chromium" ] || cannot "no Chromium at $chromium (apt-get install -y chromium)"

own_work=""
if [ -z "$work" ]; then work=$(mktemp -d "${TMPDIR:-/tmp}/beads-ui.XXXXXX"); own_work=yes; fi
mkdir -p "$work" && work=$(cd "$work" && pwd)
own_host=""
if [ -z "${BEADS_DATA_DIR:-}" ] || [ -z "${BD_HOST:-}" ]; then
  export BEADS_DATA_DIR=$work/data BD_HOST=unix://$work/run/bd.sock
  mkdir -p "$work/data" "$work/run" && chmod 700 "$work/data" "$work/run"
  own_host=yes
fi
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$own_host" ]; then BD_NO_AUTO_START=1 "$bd" host stop >/dev/null 2>&1 || true; fi
  if [ -n "$own_work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# npm keeps its debug logs with the temporary files; its download cache stays where the user has it.
export npm_config_logs_dir=$work/npm-logs
# As a user installs it: the published package and its runtime dependencies only.
(cd "$work" && npm pack beads-ui@0.12.0 --silent && tar xzf beads-ui-0.12.0.tgz && mv package beads-ui \
  && cd beads-ui && npm install --omit=dev --no-audit --no-fund) > "$work/npm.log" 2>&1 \
  || cannot "installing beads-ui 0.12.0 from npm failed: $(tail -n 3 "$work/npm.log")"
# playwright-core drives the system Chromium: the full playwright package would download a browser of its own.
(mkdir -p "$work/playwright" && cd "$work/playwright" && npm init -y && npm install playwright-core@1.64.1 --no-audit --no-fund) \
  >> "$work/npm.log" 2>&1 || cannot "installing playwright-core 1.64.1 from npm failed: $(tail -n 3 "$work/npm.log")"

project=$work/project
mkdir -p "$project" "$work/home" "$work/tmp"
cd "$project"
# beads-ui signs comments with git's user.name; drive.mjs checks for this one.
git init -q . && git config user.name "UI Tester" && git config user.email ui@example.invalid
"$bd" init --prefix ui -q > "$work/setup.log" 2>&1 || cannot "bd init --prefix ui failed: $(tail -n 3 "$work/setup.log")"
BD=$bd "$here/populate.sh" > "$work/ids.env" 2> "$work/setup.log" \
  || cannot "filling the rig failed: $(tail -n 3 "$work/setup.log")"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
# DEBUG: beads-ui reports a failed bd run only in its debug log, which drive.mjs reads. HOME: beads-ui reads and
# writes its workspace registry under ~/.beads, which must not be the user's.
HOME=$work/home TMPDIR=$work/tmp DEBUG='beads-ui:*' BD_BIN=$bd \
  node "$work/beads-ui/server/index.js" --host 127.0.0.1 --port "$port" > "$work/ui.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/ui.log" && break; sleep 0.1; done
grep -q listening "$work/ui.log" || cannot "beads-ui did not start: $(tail -n 3 "$work/ui.log")"

HOME=$work/home TMPDIR=$work/tmp UI_URL="http://127.0.0.1:$port/" UI_IDS=$work/ids.env UI_PROJECT=$project \
  UI_LOG=$work/ui.log BD=$bd PLAYWRIGHT=$work/playwright CHROMIUM=$chromium node "$here/drive.mjs"
