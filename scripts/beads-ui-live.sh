#!/usr/bin/env bash
# Measures how soon beads-ui 0.12.0 (the web board that runs `bd`) shows a change made by `bd update` in a shell:
# it packs beads-ui from npm into a temporary folder, installs its dependencies, starts its server on a free loopback
# port in a fresh rig that uses this checkout's bd, subscribes to its issue list over its WebSocket as its page does,
# then times N edits from the shell until the board pushes each one. Prints each time and the median.
# beads-ui notices changes by watching .beads/ (no polling): the host rewrites .beads/last-touched after every change.
# Usage: scripts/beads-ui-live.sh [N=5]; needs node and npm; builds bd and the host first (scripts/publish.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
edits=${1:-5}
if ! [[ "$edits" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/beads-ui-live.sh [N]   (N, the number of edits to time, a positive whole number)" >&2
  exit 2
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "scripts/beads-ui-live.sh: $tool is needed (apt-get install nodejs npm)" >&2; exit 2; }
done
scripts/publish.sh >/dev/null
bd="$PWD/artifacts/bin/bd"

work=$(mktemp -d /tmp/beads-ui-live.XXXXXX)
data="$work/data"
export BEADS_DATA_DIR="$data" BD_HOST="unix://$work/run/bd.sock"
mkdir -p "$work/run" && chmod 700 "$work/run"
ui_pid=""
cleanup() {
  [ -n "$ui_pid" ] && kill "$ui_pid" 2>/dev/null || true
  "$bd" host stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && npm pack beads-ui@0.12.0 --silent >/dev/null && tar xzf beads-ui-0.12.0.tgz \
  && cd package && npm install --omit=dev --silent --no-audit --no-fund >/dev/null 2>&1)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')

mkdir -p "$work/project" && cd "$work/project"
"$bd" init --prefix live -q
id=$("$bd" create "watched by the board" --silent)
BD_BIN="$bd" node "$work/package/server/index.js" --host 127.0.0.1 --port "$port" > "$work/ui.log" 2>&1 &
ui_pid=$!
for _ in $(seq 50); do grep -q listening "$work/ui.log" && break; sleep 0.1; done

cat > "$work/client.mjs" <<EOF
import WebSocket from '$work/package/node_modules/ws/wrapper.mjs';
import { execFileSync } from 'node:child_process';
const ws = new WebSocket('ws://127.0.0.1:$port/ws');
const times = [];
let sentAt = 0;
ws.on('open', () => ws.send(JSON.stringify({ id: 'r1', type: 'subscribe-list', payload: { id: 'c1', type: 'all-issues' } })));
ws.on('message', raw => {
  const message = JSON.parse(raw.toString());
  // beads-ui drops folder events for 1 s after each refresh: edits are spaced beyond that, as a person's are.
  if (message.type === 'snapshot') setTimeout(edit, 1500);
  if (message.type !== 'upsert' || !sentAt) return;
  times.push(Date.now() - sentAt);
  sentAt = 0;
  if (times.length < $edits) setTimeout(edit, 1600);
  else finish(0);
});
function edit() {
  sentAt = Date.now();
  execFileSync('$bd', ['update', '$id', '--title', 'edited ' + times.length]);
}
function finish(code) {
  const sorted = [...times].sort((a, b) => a - b);
  console.log('beads-ui showed a shell bd update after (ms): ' + times.join(', ') +
    (sorted.length ? '; median ' + sorted[Math.floor(sorted.length / 2)] + ' ms' : '; none arrived'));
  process.exit(code);
}
setTimeout(() => finish(1), 10000 + $edits * 4000);
EOF
node "$work/client.mjs"
