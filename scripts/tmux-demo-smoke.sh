#!/usr/bin/env bash
# tmux test of `bouncewatch demo` (issue 5 acceptance): at a high speed,
# within 60 s the screen shows an open Apple incident and a non-empty retry queue; q quits with
# status 0 and restores the terminal; the temporary database is gone afterwards.
#
#   scripts/tmux-demo-smoke.sh               # builds bouncewatch into $SCRATCH (default .build, as .ci/run)
#   BIN=/path/to/bouncewatch SPEED=120 scripts/tmux-demo-smoke.sh
# Needs: tmux, ncurses-base. Works without a TTY (tmux makes its own pty).
set -u
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
SCRATCH=${SCRATCH:-.build}
SPEED=${SPEED:-120}
if [ -z "${BIN:-}" ]; then
  swift build --scratch-path "$SCRATCH" --product bouncewatch >/dev/null || { echo "build failed"; exit 1; }
  BIN="$PWD/$SCRATCH/debug/bouncewatch"
fi
command -v tmux >/dev/null || { echo "tmux missing (apt-get install -y tmux)"; exit 1; }

SOCK="bw-demo-$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null' EXIT
PASS=0; FAIL=0
ok()   { PASS=$((PASS+1)); echo "ok   - $1"; }
bad()  { FAIL=$((FAIL+1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
cap()  { T capture-pane -p -t t "$@"; }
fmt()  { T display-message -p -t t "$1"; }
keys() { T send-keys -t t "$@"; }
# wait_for TEXT SECONDS
wait_for() { local end=$(( $(date +%s) + ${2:-10} ))
  while [ "$(date +%s)" -lt "$end" ]; do cap 2>/dev/null | grep -qF -- "$1" && return 0; sleep 0.1; done
  echo "  (timed out waiting for: $1)"; cap | sed 's/^/  | /' | head -50; return 1; }
held_row() { cap | grep -qE '│ *[ *]?H [^ ]+@'; }
wait_held_row() { local end=$(( $(date +%s) + $1 )); while [ "$(date +%s)" -lt "$end" ]; do held_row && return 0; sleep 0.2; done
  cap | sed 's/^/  | /' | head -50; return 1; }
restored() { [ "$(fmt '#{alternate_on}')" = 0 ] && [ "$(fmt '#{cursor_flag}')" = 1 ] && cap | grep -qF "icanonecho"; }

echo "# demo at ×$SPEED in 160x45"
T new-session -d -s t -x 160 -y 45 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e SWIFT_BACKTRACE=interactive=no \
  "sh -c 'trap : INT TERM; $BIN demo --speed $SPEED --seed 1; echo \"[exit \$?]\"; stty -a | grep -oE \"(-)?icanon|(-)?echo \" | tr -d \"\\n\"; echo; exec sleep 600'"
START=$(date +%s)
check "console opens on the demo" wait_for "Retry queue" 30
DIR=$(cap | grep -oE '/tmp/bouncewatch-demo-[A-Za-z0-9]+' | head -1)
LEFT=$(( 60 - ($(date +%s) - START) ))
check "open Apple incident within 60 s" wait_for "INCIDENT OPEN apple" "$LEFT"
LEFT=$(( 60 - ($(date +%s) - START) )); [ "$LEFT" -lt 5 ] && LEFT=5
check "retry queue has held rows" wait_held_row "$LEFT"
check "queue title counts held items" sh -c "tmux -L $SOCK capture-pane -p -t t | grep -qE 'Retry queue · held [1-9]'"
echo "  (after $(( $(date +%s) - START )) s)"
keys q
check "q quits with status 0" wait_for "[exit 0]" 15
check "terminal restored (alt screen off, cursor on, icanon echo)" restored
check "temporary database removed" sh -c "[ -n '$DIR' ] && [ ! -e '$DIR' ]"

echo "# $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
