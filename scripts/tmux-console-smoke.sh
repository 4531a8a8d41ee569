#!/usr/bin/env bash
# tmux smoke test for the ncurses adapter (a private tmux server, send-keys, capture-pane): runs `bouncewatch console`
# on a database seeded with simulated traffic (`bouncewatch simulate | bouncewatch ingest -`) in a
# private tmux server and checks UTF-8 drawing, the rates chart, filter input, resize re-layout,
# quit, SIGTERM, Ctrl-C, NO_COLOR and --read-only, and that the terminal is restored each time.
# (Hostile text and queue actions are covered by the headless harness in `swift test`.)
#
#   scripts/tmux-console-smoke.sh            # builds bouncewatch into $SCRATCH (default .build, as .ci/run)
#   BIN=/path/to/bouncewatch scripts/tmux-console-smoke.sh
# Needs: tmux, ncurses-base. Works without a TTY (tmux makes its own pty).
set -u
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8          # for the harness itself (grep/wc on UTF-8)
SCRATCH=${SCRATCH:-.build}
if [ -z "${BIN:-}" ]; then
  swift build --scratch-path "$SCRATCH" --product bouncewatch >/dev/null || { echo "build failed"; exit 1; }
  BIN="$PWD/$SCRATCH/debug/bouncewatch"
fi
command -v tmux >/dev/null || { echo "tmux missing (apt-get install -y tmux)"; exit 1; }
WORK=$(mktemp -d); DB="$WORK/bw.sqlite"
"$BIN" simulate --hours 4 --rate 100 | "$BIN" ingest - --db "$DB" 2>/dev/null || { echo "seeding failed"; exit 1; }
APP="$BIN console --db $DB"

# A fresh private server per scenario: reusing one socket right after kill-server races its shutdown.
N=0; SOCK="bw-smoke-$$-0"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
next_server() { T kill-server 2>/dev/null; N=$((N+1)); SOCK="bw-smoke-$$-$N"; }
trap 'T kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
PASS=0; FAIL=0
ok()   { PASS=$((PASS+1)); echo "ok   - $1"; }
bad()  { FAIL=$((FAIL+1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }

# The app runs under a wrapper shell that survives INT/TERM (`trap :`, not `trap ''`, which would be
# inherited as SIG_IGN) and prints the exit status and the tty mode afterwards.
start_wrapped() { local w=$1 h=$2; shift 2
  T new-session -d -s t -x "$w" -y "$h" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e SWIFT_BACKTRACE=interactive=no \
    "sh -c 'trap : INT TERM; $*; echo \"[exit \$?]\"; stty -a | grep -oE \"(-)?icanon|(-)?echo \" | tr -d \"\\n\"; echo; exec sleep 600'"; }
cap()  { T capture-pane -p -t t "$@"; }
fmt()  { T display-message -p -t t "$1"; }
keys() { T send-keys -t t "$@"; }
app_pid() { pgrep -P "$(fmt '#{pane_pid}')" | head -1; }
wait_for() { local i=0; while [ $i -lt 200 ]; do cap 2>/dev/null | grep -qF -- "$1" && return 0; sleep 0.05; i=$((i+1)); done
             echo "  (timed out waiting for: $1)"; cap | sed 's/^/  | /' | head -40; return 1; }
wait_gone() { local i=0; while [ $i -lt 200 ]; do cap | grep -qF -- "$1" || return 0; sleep 0.05; i=$((i+1)); done; return 1; }
restored() { [ "$(fmt '#{alternate_on}')" = 0 ] && [ "$(fmt '#{cursor_flag}')" = 1 ] && cap | grep -qF "icanonecho"; }
both_on_one_line() { cap | grep -F "1 Rates" | grep -qF "3 Incident timeline"; }
max_width() { cap | wc -L; }                 # display width (GNU wc, UTF-8 locale)

echo "# scenario 1: 160x40 → UTF-8, chart, filter, resize, quit"
start_wrapped 160 40 "$APP"
check "starts and draws the queue" wait_for "Retry queue"
check "alternate screen on while running" [ "$(fmt '#{alternate_on}')" = 1 ]
check "UTF-8 box drawing" sh -c "tmux -L $SOCK capture-pane -p -t t | grep -qF '┌─' && tmux -L $SOCK capture-pane -p -t t | grep -qF '│'"
check "rates of the seeded traffic with a block chart" sh -c "tmux -L $SOCK capture-pane -p -t t | grep -F 'icloud.com' | grep -qE '[▁▂▃▄▅▆▇█]'"
check "event-time clock from the log (18:00 UTC)" sh -c "tmux -L $SOCK capture-pane -p -t t | grep -qF 'now 17:59'"
check "wide layout: rates | timeline side by side" both_on_one_line
keys /; keys -l 'icloud'
check "filter editor echoes" wait_for "icloud"
keys Enter
check "filter applied to the queue" wait_for 'filter "icloud"'
keys /; keys Escape
check "Esc clears the filter" wait_gone 'filter "icloud"'
T resize-window -t t -x 80 -y 24
check "resize to 80x24 re-lays out (stacked panes)" sh -c "sleep 0.3; ! tmux -L $SOCK capture-pane -p -t t | grep -F '1 Rates' | grep -qF '3 Incident timeline'"
check "nothing wider than 80 columns" [ "$(max_width)" -le 80 ]
check "footer at 80x24" wait_for "? help"
T resize-window -t t -x 60 -y 20
check "below 80x24: too-small message" wait_for "terminal too small: 60x20"
T resize-window -t t -x 80 -y 24
check "back to 80x24 redraws the console" wait_for "Retry queue"
keys q
check "q quits with status 0" wait_for "[exit 0]"
check "terminal restored after q (alt screen off, cursor on, icanon echo)" restored
next_server

echo "# scenario 2: SIGTERM"
start_wrapped 80 24 "$APP"
wait_for "Retry queue" >/dev/null
kill -TERM "$(app_pid)"
check "SIGTERM exits 143" wait_for "[exit 143]"
check "terminal restored after SIGTERM" restored
next_server

echo "# scenario 3: Ctrl-C"
start_wrapped 80 24 "$APP"
wait_for "Retry queue" >/dev/null
keys C-c
check "Ctrl-C exits 130" wait_for "[exit 130]"
check "terminal restored after Ctrl-C" restored
next_server

echo "# scenario 4: NO_COLOR and read-only"
start_wrapped 100 30 "NO_COLOR=1 $APP --read-only"
wait_for "Retry queue" >/dev/null
check "NO_COLOR: no colour SGR, attributes only" sh -c "! tmux -L $SOCK capture-pane -p -e -t t | grep -qP '\e\[([0-9]+;)*(3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9]+)*m'"
check "NO_COLOR: selection still visible (reverse)" sh -c "tmux -L $SOCK capture-pane -p -e -t t | grep -qP '\e\[([0-9]+;)*7(;[0-9]+)*m'"
keys r
check "read-only refuses release" wait_for "read-only: release is disabled"
keys q
check "quit from read-only" wait_for "[exit 0]"
next_server

echo "# $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
