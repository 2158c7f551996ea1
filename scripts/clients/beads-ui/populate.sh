#!/usr/bin/env bash
# Fills the rig in the current folder (after `bd init --prefix ui`) with one of everything beads-ui shows: epics with
# children (the Epics view), blocks links (the Board's Blocked column), in_progress and closed issues, assignees, labels,
# design, acceptance, notes and comments (the issue dialog). drive.mjs counts on exactly this set.
# Prints KEY=ID lines for drive.mjs. Usage: BD=/path/to/bd populate.sh > ids.env
set -euo pipefail
bd=${BD:-bd}
c() { "$bd" create "$@" --silent; }
E1=$(c "Checkout revamp" -t epic -p 1 -d "Rework the checkout flow end to end." -l checkout,q3)
E2=$(c "Observability" -t epic -p 2 -d "Metrics, logs and traces for every service." -l ops)
E3=$(c "Docs refresh" -t epic -p 3 -d "Rewrite the user guide.")
A=$(c "Design the new cart page" -t task -p 1 --parent "$E1" -a alice -l ui,design --design "Two columns" --acceptance "Matches the mock")
B=$(c "Payment provider integration" -t feature -p 0 --parent "$E1" -a bob -l backend)
C=$(c "Cart total rounding bug" -t bug -p 0 --parent "$E1" -a alice -l backend,bug --notes "Seen with 3 decimal currencies")
D=$(c "Export Prometheus metrics" -t task -p 2 --parent "$E2" -a carol -l ops)
F=$(c "Structured logging" -t chore -p 3 --parent "$E2")
G=$(c "Trace propagation" -t feature -p 2 --parent "$E2" -a carol)
H=$(c "Write getting started" -t task -p 3 --parent "$E3" -a dave)
I=$(c "Standalone: upgrade Node" -t chore -p 4 -l infra)
J=$(c "Standalone: flaky login test" -t bug -p 1 -a bob -l test)
K=$(c "Dependency target for UI" -t task -p 2)
# two blocked issues (the Board's Blocked column, the list's dependency counts)
"$bd" dep add "$C" "$B" >/dev/null
"$bd" dep add "$G" "$D" >/dev/null
"$bd" update "$A" --status in_progress >/dev/null
"$bd" update "$D" --status in_progress >/dev/null
"$bd" close "$F" --reason "Done with serilog" >/dev/null
"$bd" close "$H" --reason "Published" >/dev/null
"$bd" comment "$A" "First sketch attached" --author alice >/dev/null
"$bd" comment "$A" "Looks good, ship it" --author bob >/dev/null
"$bd" comment "$C" "Reproduced on staging" --author carol >/dev/null
for v in E1 E2 E3 A B C D F G H I J K; do echo "$v=${!v}"; done
