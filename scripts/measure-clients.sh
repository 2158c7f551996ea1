#!/usr/bin/env bash
# Measures how beads' own clients work on this checkout's bd, with the harnesses in scripts/clients/:
#   scripts  beads' CLI test scripts (cmd/bd/testdata/*.txt) at beads' HEAD and at v0.49.6 (beads-scripts.py)
#   mcp      beads-mcp's bd client and pydantic models, from beads' HEAD (beads-mcp-check.py)
#   ui       beads-ui 0.12.0 from npm, every view and edit, in headless Chromium (beads-ui/run.sh)
# Usage: scripts/measure-clients.sh BEADS_SOURCE [scripts|mcp|ui ...]   (default: all three)
#   BEADS_SOURCE  a beads git checkout or bare git dir; the scripts and beads-mcp are taken from its commits
# Builds bd and the host first (scripts/publish.sh) and measures a copy of that build, so that a rebuild meanwhile does
# not change what is measured. Everything lives in one temporary folder, removed at the end: each harness has its own
# host there (BEADS_DATA_DIR and a BD_HOST socket; beads-scripts.py gives every script one of its own), apart from any
# other host on the machine; every host started there is stopped, and so is beads-ui's server.
# Needs python3 with pydantic (mcp), node and npm (ui; beads-ui and playwright-core come from the npm registry) and
# Chromium at /usr/bin/chromium (ui; installed with apt-get when missing and running as root, else ui is skipped).
# Prints each harness's failures as it goes and the summary lines (`<client>: N of M pass`) at the end. Exits 0 when
# every harness ran (whatever it found), 1 when one could not, 2 on a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

usage() {
  echo "usage: scripts/measure-clients.sh BEADS_SOURCE [scripts|mcp|ui ...]" >&2
  echo "  BEADS_SOURCE: a beads git checkout or bare git dir (one with cmd/bd)" >&2
  [ -n "${1:-}" ] && echo "error: $1" >&2
  exit 2
}
[ $# -ge 1 ] || usage "BEADS_SOURCE is missing"
source_dir=$1
shift
[ -d "$source_dir" ] || usage "$source_dir is not a folder"
source_dir=$(cd "$source_dir" && pwd)
if ! gitdir=$(git --git-dir="$source_dir" rev-parse --absolute-git-dir 2>/dev/null); then
  top=$(git -C "$source_dir" rev-parse --show-toplevel 2>/dev/null) || usage "$source_dir is not a git checkout or git dir"
  [ "$(realpath "$top")" = "$(realpath "$source_dir")" ] || usage "$source_dir is inside a checkout: give its top folder"
  gitdir=$(git -C "$source_dir" rev-parse --absolute-git-dir)
fi
git --git-dir="$gitdir" rev-parse -q --verify HEAD:cmd/bd >/dev/null || usage "$source_dir has no cmd/bd at HEAD: not beads?"

clients=()
for c in "$@"; do
  case $c in
    scripts | mcp | ui) [[ " ${clients[*]-} " == *" $c "* ]] || clients+=("$c") ;;
    *) usage "unknown client '$c' (scripts, mcp or ui)" ;;
  esac
done
[ ${#clients[@]} -gt 0 ] || clients=(scripts mcp ui)
wants() { [[ " ${clients[*]} " == *" $1 "* ]]; }

summary=()
failed=""
# skip CLIENT SUMMARY-NAME WHY: a harness whose tools are missing is named in the summary, and the run exits 1.
skip() {
  echo "skipping $1: $3" >&2
  summary+=("$2: skipped: $3")
  failed=yes
  clients=("${clients[@]/$1/}")
}
# Before the build, so that a missing tool is said at once.
if ! command -v python3 >/dev/null; then
  for c in scripts mcp; do wants $c && skip $c "beads-$c" "python3 is not installed (apt-get install -y python3)"; done
elif wants mcp && ! python3 -c 'import pydantic' 2>/dev/null; then
  skip mcp beads-mcp "python3 has no pydantic (pip install pydantic)"
fi
if wants ui; then
  if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ]; then
    echo "installing Chromium for beads-ui (apt-get install -y chromium) ..."
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; } >/dev/null 2>&1 || true
  fi
  for tool in node npm; do
    command -v "$tool" >/dev/null || { skip ui beads-ui "$tool is not installed (apt-get install -y nodejs npm)"; break; }
  done
  wants ui && [ ! -x /usr/bin/chromium ] && skip ui beads-ui "no /usr/bin/chromium (apt-get install -y chromium)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/measure-clients.XXXXXX")
child="" teer=""
stop_hosts() {
  # Every host that ran on a data folder here wrote its pid and socket into host.pid: stop each as bd does, and end
  # by its pid one that did not go (its harness may have been killed before it could stop it).
  local holder pid socket data
  while IFS= read -r holder; do
    data=$(dirname "$holder")
    { read -r pid && read -r socket; } < "$holder" || continue
    BEADS_DATA_DIR=$data BD_HOST=unix://$socket BD_NO_AUTO_START=1 "$work/bin/bd" host stop >/dev/null 2>&1 || true
    if kill -0 "$pid" 2>/dev/null && grep -q Beads.Host "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done < <(find "$work" -name host.pid 2>/dev/null)
}
cleanup() {
  local pid
  for pid in $child $teer; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -x "$work/bin/bd" ] && stop_hosts
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# The build, the clients, bd and the hosts make their temporary files here too, so that none outlives the run (the
# dotnet CLI leaves empty folders in TMPDIR). No build server may outlive it either.
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"
UseSharedCompilation=false MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 scripts/publish.sh
cp -r artifacts/bin "$work/bin"

# run NAME CLIENT COMMAND...: runs one harness in $work/NAME on a host of its own, stops that host, keeps its summary.
run() {
  local client=$2 dir=$work/$1 code=0 out
  shift 2
  mkdir -p "$dir/data" "$dir/run"
  chmod 700 "$dir/data" "$dir/run"
  echo "== $client"
  # Shown as it comes and kept for the summary. The harness runs in the background so that an INT or TERM reaches
  # cleanup at once instead of after the harness. It must not inherit the pipe's own descriptor: a host that bd
  # starts would keep it open, and tee would wait for that host.
  exec {out}> >(tee "$dir.out")
  teer=$!
  BEADS_DATA_DIR=$dir/data BD_HOST=unix://$dir/run/bd.sock "$@" --bin "$work/bin" --work "$dir" >&"$out" 2>&1 {out}>&- &
  child=$!
  exec {out}>&-
  wait "$child" || code=$?
  child=""
  BEADS_DATA_DIR=$dir/data BD_HOST=unix://$dir/run/bd.sock BD_NO_AUTO_START=1 "$work/bin/bd" host stop >/dev/null 2>&1 || true
  wait "$teer" 2>/dev/null || true
  teer=""
  local line
  line=$(grep -E "^$client(@[^:]*)?: ([0-9]+ of [0-9]+ pass|cannot run: .*)$" "$dir.out" | tail -n 1) || true
  if [ "$code" -ne 0 ]; then
    failed=yes
    [ -n "$line" ] || line="$client: cannot run: exit $code: $(tail -n 1 "$dir.out")"
  fi
  [ -n "$line" ] || { line="$client: printed no summary"; failed=yes; }
  summary+=("$line")
}

clients_dir=$repo/scripts/clients
for c in "${clients[@]}"; do
  case $c in
    scripts)
      run scripts-head beads-scripts python3 "$clients_dir/beads-scripts.py" --beads "$source_dir" --rev HEAD
      run scripts-v0.49.6 beads-scripts python3 "$clients_dir/beads-scripts.py" --beads "$source_dir" --rev v0.49.6
      ;;
    mcp) run mcp beads-mcp python3 "$clients_dir/beads-mcp-check.py" --beads "$source_dir" --rev HEAD ;;
    ui) run ui beads-ui "$clients_dir/beads-ui/run.sh" ;;
  esac
done

echo "== summary (beads $(git --git-dir="$gitdir" rev-parse --short HEAD), $("$work/bin/bd" version 2>/dev/null | head -n 1))"
printf '%s\n' "${summary[@]}"
[ -z "$failed" ]
