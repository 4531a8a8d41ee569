#!/usr/bin/env bash
# Follow benchmark: sustained lines/s appended to a followed Postfix log while a console is open
# on the same database. In a private tmux server: `bouncewatch ingest --follow LOG` in one
# session and `bouncewatch console` (200x60) in another; scripts/bench/follow_driver.py appends
# generated lines (scripts/gen-postfix-log.py) at fixed rates, then as one burst, reads the
# follower's committed cursor (sources.line) every 50 ms and captures the console every 500 ms.
# Reference in the same run: `tail -F` on the same burst.
# FOLLOW_MODE=console runs the other deployment instead: one `bouncewatch console --follow LOG`
# process that ingests on its own ticks.
# Usage: scripts/bench-follow.sh
# Env: BW_SCRATCH (build dir, default .build), RATES ("2000 20000" lines/s), SECONDS_PER_RATE (15),
#      BURST (300000 lines), FOLLOW_MODE (ingest|console), BENCH_DIR (kept work dir).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
SCRATCH=${BW_SCRATCH:-.build}
RATES=${RATES:-"2000 20000"}; SECONDS_PER_RATE=${SECONDS_PER_RATE:-15}; BURST=${BURST:-300000}
MODE=${FOLLOW_MODE:-ingest}
for tool in tmux python3 tail; do command -v $tool >/dev/null || { echo "bench-follow: $tool missing"; exit 1; }; done

swift build -c release --scratch-path "$SCRATCH" --product bouncewatch >/dev/null 2>&1 \
  || swift build -c release --scratch-path "$SCRATCH" --product bouncewatch
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/bouncewatch

work=${BENCH_DIR:-$(mktemp -d /tmp/bw-fbench.XXXXXX)}
mkdir -p "$work"
DB=$work/bw.sqlite; LOG=$work/mail.log
rm -f "$DB" "$DB"-wal "$DB"-shm "$LOG" "$work/tail.log" "$work/tail.log.out"
need=100
for r in $RATES; do need=$((need + r * SECONDS_PER_RATE + r)); done
need=$((need + 2 * BURST))
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) (shared: other work on the machine shows up as noise)"
echo "generating $need Postfix lines (scripts/gen-postfix-log.py, seed 7)"
python3 scripts/gen-postfix-log.py "$need" 7 postfix > "$work/source.log"
: > "$LOG"

SOCK="bw-fbench-$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null || true' EXIT
start() { local name=$1; shift
  T new-session -d -s "$name" -x 200 -y 60 -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e SWIFT_BACKTRACE=interactive=no "exec $*"; }
if [ "$MODE" = console ]; then
  echo "mode: one process, bouncewatch console --follow $LOG (ingests on its ticks)"
  start con "$BIN console --follow $LOG --db $DB"
else
  echo "mode: bouncewatch ingest --follow $LOG, and bouncewatch console on the same database"
  start ing "$BIN ingest --follow $LOG --db $DB 2>$work/ingest.err"
  for _ in $(seq 100); do [ -f "$DB" ] && break; sleep 0.05; done
  start con "$BIN console --db $DB"
fi
python3 scripts/bench/follow_driver.py --db "$DB" --log "$LOG" --source "$work/source.log" \
  --rates "$RATES" --seconds "$SECONDS_PER_RATE" --burst "$BURST" --tail-log "$work/tail.log" \
  --tmux "$SOCK" --console con
echo "console at the end:"
T capture-pane -p -t con | sed -n '1,12p' | sed -E 's/^(.{0,160}).*/  | \1/'
echo "work dir: $work"
