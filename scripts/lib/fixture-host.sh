#!/usr/bin/env bash
# A real host with rigs of beads' export, for the scripts that measure one (host-cost.sh, store-size.sh); sourced from
# the repository's root. The fixture is read in place (../shared/fixtures) and imported under each rig's own prefix.
#   use_build NAME   publishes bd and the host and puts a copy of them first on PATH (so that a rebuild meanwhile does
#                    not change what is measured), in $work, a scratch folder that an EXIT trap removes with the host
#   start_host DIR   a host on DIR/run/bd.sock with its data in DIR/data, for bd as well; its pid in $host_pid
#   stop_host        stops it (SIGTERM: a graceful stop) and waits until it has exited
#   add_rigs DIR N P N rigs, each a fresh git work tree DIR/rigK with `bd init --prefix PK` and the fixture imported
#                    (one issue where the fixture is absent)
#   require_fixture NAME  stops the script NAME when the fixture is absent (its figures would not be of beads' export)
#   compare_builds PART OTHER...  after use_build: builds holds this build's $work/bin/PART, then each OTHER (another
#                    commit's, measured in the same rounds), labels their names

fixture="$PWD/../shared/fixtures/beads-2026-01-15.jsonl"
host_pid=""
work=""

use_build() {
  scripts/publish.sh >/dev/null
  work=$(mktemp -d "${TMPDIR:-/tmp}/beads-$1.XXXXXX")
  cp -r artifacts/bin "$work/bin"
  export PATH="$work/bin:$PATH" BD_NO_AUTO_START=1 BD_ACTOR="$1" NO_COLOR=1
  trap 'stop_host; rm -rf "$work"' EXIT
}

start_host() {
  mkdir -p -m 700 "$1/run"
  export BD_HOST="unix://$1/run/bd.sock"
  Beads.Host --socket "$1/run/bd.sock" --data-dir "$1/data" >"$1/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 300); do bd version 2>/dev/null | grep -q '^host ' && break; sleep 0.2; done
}

stop_host() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; fi
  host_pid=""
}

add_rigs() {
  local r
  for r in $(seq 1 "$2"); do
    mkdir -p "$1/rig$r"
    (
      set -e
      cd "$1/rig$r"
      git init -q
      bd init --prefix "$3$r" >/dev/null
      if [ -f "$fixture" ]; then bd import --rename-on-import "$fixture" >/dev/null; else bd create "the only issue" --silent >/dev/null; fi
    )
  done
}

require_fixture() {
  if [ ! -f "$fixture" ]; then
    echo "$1: $fixture is missing: the rig would not be beads' export" >&2
    exit 1
  fi
}

compare_builds() {
  local part=$1 other
  shift
  builds=("$work/bin${part:+/$part}") labels=("this build")
  for other in "$@"; do builds+=("$(realpath "$other")") labels+=("$other"); done
}
