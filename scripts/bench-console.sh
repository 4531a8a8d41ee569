#!/usr/bin/env bash
# Console benchmark (docs/BENCHMARKS.md, console): release build, a database seeded with 100,000 queue
# rows and 10,000 timeline entries (`bouncewatch-bench seed`), then
#   1. frame time (snapshot read + reduce + render) at 200x60 and 80x24, queue and timeline panes,
#      via the hidden `bouncewatch console --bench-frames`;
#   2. key-to-screen latency in tmux (send-keys → first changed capture-pane), against `less` on a
#      file with the same rows in the same tmux server;
#   3. CPU of an idle console over IDLE_SECONDS (utime+stime from /proc), against `top -d 2` and
#      `htop -d 20` idling beside it.
# Usage: scripts/bench-console.sh
# Env: BW_SCRATCH (build dir, default .build), QUEUE_ROWS (100000), TIMELINE_ROWS (10000),
#      FRAMES (300; FRAMES_ALL 30 for the all-states queue view), SAMPLES (40 key presses per key), IDLE_SECONDS (60), BENCH_DIR (kept work dir).
# Needs tmux, sqlite3, less, python3 (htop is installed with apt when missing, else skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 SWIFT_BACKTRACE=interactive=no
SCRATCH=${BW_SCRATCH:-.build}
QUEUE_ROWS=${QUEUE_ROWS:-100000}; TIMELINE_ROWS=${TIMELINE_ROWS:-10000}
FRAMES=${FRAMES:-300}; FRAMES_ALL=${FRAMES_ALL:-30}; SAMPLES=${SAMPLES:-40}; IDLE_SECONDS=${IDLE_SECONDS:-60}
for tool in tmux sqlite3 less python3; do command -v $tool >/dev/null || { echo "bench-console: $tool missing"; exit 1; }; done
command -v htop >/dev/null || { apt-get update -qq && apt-get install -y -qq htop >/dev/null; } 2>/dev/null || true

swift build -c release --scratch-path "$SCRATCH" --product bouncewatch >/dev/null 2>&1 \
  || swift build -c release --scratch-path "$SCRATCH" --product bouncewatch
swift build -c release --scratch-path "$SCRATCH" --product bouncewatch-bench >/dev/null 2>&1 \
  || swift build -c release --scratch-path "$SCRATCH" --product bouncewatch-bench
bindir=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
BIN=$bindir/bouncewatch

work=${BENCH_DIR:-$(mktemp -d /tmp/bw-cbench.XXXXXX)}
mkdir -p "$work"
DB=$work/bw.sqlite
rm -f "$DB" "$DB"-wal "$DB"-shm
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) (shared: other work on the machine shows up as noise)"
echo "== seed"
"$bindir/bouncewatch-bench" seed --db "$DB" --queue "$QUEUE_ROWS" --timeline "$TIMELINE_ROWS"
echo "in the database: $(sqlite3 "$DB" 'select count(*) from addresses') queue rows, $(sqlite3 "$DB" 'select count(*) from timeline') timeline entries, $(sqlite3 "$DB" 'select count(*) from incidents') incidents; $(du -k "$DB" | cut -f1) KB"

echo
echo "== frame time (release, no terminal; a page per frame: half down from the top, then up from the bottom)"
for size in 200x60 80x24; do
  for pane in queue timeline; do
    "$BIN" console --db "$DB" --bench-frames "$FRAMES" --bench-size "$size" --bench-pane "$pane"
    "$BIN" console --db "$DB" --bench-frames "$FRAMES" --bench-size "$size" --bench-pane "$pane" --bench-live
  done
  # Every state at once (`A`): no index orders the whole table by last bounce, so fewer frames.
  "$BIN" console --db "$DB" --bench-frames "$FRAMES_ALL" --bench-size "$size" --bench-pane queue-all
done

# --- tmux: a private server, no user config (-L socket, -f /dev/null) -------------------------------
SOCK="bw-cbench-$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null || true' EXIT
start() { local name=$1 w=$2 h=$3; shift 3   # session NAME at WxH running "exec CMD" (pane pid = the program)
  T new-session -d -s "$name" -x "$w" -y "$h" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 -e SWIFT_BACKTRACE=interactive=no "exec $*"; }
wait_for() { local i=0; while [ $i -lt 200 ]; do T capture-pane -p -t "$1" | grep -qF -- "$2" && return 0; sleep 0.05; i=$((i+1)); done
             echo "timed out waiting for '$2' in $1"; T capture-pane -p -t "$1" | head -20; return 1; }
pane_pid() { T display-message -p -t "$1" '#{pane_pid}'; }
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime + stime (fields 14, 15)

echo
echo "== key-to-screen latency in tmux, 200x60 ($SAMPLES presses per key; send-keys → first changed capture-pane -e)"
# The reference reads the same rows as text: one line per queue row, newest bounce first.
sqlite3 -separator '  ' "$DB" "select state, address, provider, reason, bounces, last_reply from addresses order by last_bounce_at desc" > "$work/queue.txt"
start bw 200 60 "env BW_FRAME_STATS=1 $BIN console --db $DB 2>$work/frame-stats.txt"
start less 200 60 "less -S $work/queue.txt"
wait_for bw "Retry queue"; wait_for less "held"
sleep 1
for key in j NPage; do
  printf 'bouncewatch  '; python3 scripts/bench/tmux_keylat.py "$SOCK" bw "$key" "$SAMPLES" | tee "$work/lat-bw-$key.txt"
  printf 'less         '; python3 scripts/bench/tmux_keylat.py "$SOCK" less "$key" "$SAMPLES" | tee "$work/lat-less-$key.txt"
  bw=$(grep -oE 'median [0-9.]+' "$work/lat-bw-$key.txt" | cut -d' ' -f2)
  ls=$(grep -oE 'median [0-9.]+' "$work/lat-less-$key.txt" | cut -d' ' -f2)
  awk -v a="$bw" -v b="$ls" -v k="$key" 'BEGIN { printf "  %s: bouncewatch median is %.2fx less'\''s (goal: < 50 ms)\n", k, a / b }'
done
T send-keys -t bw q
for _ in $(seq 50); do [ -s "$work/frame-stats.txt" ] && break; sleep 0.1; done
echo "bouncewatch ncurses $(cat "$work/frame-stats.txt")   (BW_FRAME_STATS: grid → screen per frame, the part --bench-frames leaves out)"

echo
echo "== idle CPU over ${IDLE_SECONDS} s (utime+stime from /proc/PID/stat, $(getconf CLK_TCK) ticks/s), all started together"
start idle 200 60 "$BIN console --db $DB"
start top 200 60 "top -d 2"
refs=(top)
if command -v htop >/dev/null; then start htop 200 60 "htop -d 20"; refs+=(htop); fi
wait_for idle "Retry queue"
sleep 3   # past start-up: measure idling, not the first frame
declare -A pid before
for s in idle "${refs[@]}"; do pid[$s]=$(pane_pid "$s"); before[$s]=$(cpu_ticks "${pid[$s]}"); done
sleep "$IDLE_SECONDS"
hz=$(getconf CLK_TCK)
for s in idle "${refs[@]}"; do
  d=$(( $(cpu_ticks "${pid[$s]}") - ${before[$s]} ))
  name=$s; [ "$s" = idle ] && name="bouncewatch console"
  [ "$s" = top ] && name="top -d 2"; [ "$s" = htop ] && name="htop -d 20"
  awk -v n="$name" -v d="$d" -v hz="$hz" -v t="$IDLE_SECONDS" 'BEGIN { printf "%-20s %4d ticks = %6.3f s CPU = %5.2f%% of one core\n", n, d, d / hz, 100 * d / hz / t }'
  eval "ticks_$s=$d"
done
for r in "${refs[@]}"; do
  eval "rt=\$ticks_$r"
  awk -v a="$ticks_idle" -v b="$rt" -v r="$r" 'BEGIN { if (b > 0) printf "  bouncewatch console used %.2fx the CPU of %s (goal: about none)\n", a / b, r; else printf "  %s used no measurable CPU\n", r }'
done
echo "work dir: $work"
