#!/usr/bin/env bash
# Store growth benchmark (issue 6): DAYS days of LINES_PER_DAY-line Postfix logs ingested day by
# day with the release build, then the latency of the read commands on that database.
#
#   scripts/bench-store.sh                       # 30 days x 1,000,000 lines (about 3.5 GB of logs)
#   DAYS=3 LINES_PER_DAY=100000 scripts/bench-store.sh   # a quick run
#
# Prints after the checkpoint days (CHECKPOINTS, default "1 7 14 30"; the last day always) the
# database size, bytes per million ingested lines and rows per table; at the end each table's
# share of the file and the median of RUNS (default 7) runs of `report`, `report --json`,
# `report --since 7d`, `report --since 21d` (reaches into the hourly rollups), `queue list`,
# `queue list --json` and `queue list --provider apple`, against two reference tools timed the
# same way in the same invocation: sqlite3 counting the minute counters, and
# `grep -c status=bounced` on the last day's log.
# Env: BW_SCRATCH (swift scratch path, default .build), BENCH_DIR (work dir; logs already
# generated there are reused), RUNS, CHECKPOINTS, BENCH_CONFIG (a config file, e.g. with
# `[retention] minute_days = 400` to see the size without minute pruning).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C TZ=UTC   # the generator writes UTC stamps; classic syslog stamps are read in TZ

days=${DAYS:-30}
per_day=${LINES_PER_DAY:-1000000}
runs=${RUNS:-7}
checkpoints=" ${CHECKPOINTS:-1 7 14 30} $days "
scratch=${BW_SCRATCH:-.build}
work=${BENCH_DIR:-$(mktemp -d /tmp/bw-store.XXXXXX)}
mkdir -p "$work/logs"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }

swift build -c release --scratch-path "$scratch" --product bouncewatch >/dev/null 2>&1 \
  || swift build -c release --scratch-path "$scratch" --product bouncewatch
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/bouncewatch

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared: other work on the machine shows up as noise)"

# The days end yesterday (UTC), so `report --since 7d` means what an operator means by it.
first=$(date -u -d "today - $days days" +%F)
day_of() { date -u -d "$first + $(( $1 - 1 )) days" +%F; }
log_of() { echo "$work/logs/day-$(printf %02d "$1").log"; }

# Generation is single-threaded Python (about 4 s per million lines): run one per core, all
# before ingesting so the ingest times below are not competing with it.
gen_one() {  # day number
  local f; f=$(log_of "$1")
  [ -s "$f" ] && return 0
  python3 scripts/gen-postfix-log.py "$per_day" $(( 1000 + $1 )) postfix "$(day_of "$1")" > "$f.tmp"
  # The classic stamp has no year: the reader takes it from the file's mtime, as with real logs.
  touch -d "$(day_of "$1") 23:59:59 UTC" "$f.tmp"
  mv "$f.tmp" "$f"
}
export -f gen_one day_of log_of
export first work per_day
missing=0
for i in $(seq 1 "$days"); do [ -s "$(log_of "$i")" ] || missing=$(( missing + 1 )); done
t0=$(date +%s.%N)
seq 1 "$days" | xargs -P "$(nproc)" -I{} bash -c 'gen_one {}'
t1=$(date +%s.%N)
echo "logs: $days days x $per_day lines, $(day_of 1) .. $(day_of "$days") UTC; generated $missing of them in" \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", b-a}') s with $(nproc) processes (the rest reused from $work/logs)"

db=$work/bw.sqlite
cfg=$work/bench.toml   # defaults only (or BENCH_CONFIG's), whatever the user's own config says
if [ -n "${BENCH_CONFIG:-}" ]; then cp "$BENCH_CONFIG" "$cfg"; else : > "$cfg"; fi
echo "config: ${BENCH_CONFIG:-defaults} $(tr '\n' ' ' < "$cfg")"
rm -f "$db" "$db-wal" "$db-shm" "$work/ingest.times"

# deliveries: the compacted known-good table; runs: journal rows not yet merged into it.
rows() { sqlite3 "$db" "SELECT (SELECT count(*) FROM minute_counts), (SELECT count(*) FROM hour_counts),
  (SELECT count(*) FROM deliveries), (SELECT count(*) FROM delivery_runs), (SELECT count(*) FROM addresses),
  (SELECT count(*) FROM audit)" | tr '|' ' '; }
bytes() { local n=0 f; for f in "$db" "$db-wal"; do [ -f "$f" ] && n=$(( n + $(stat -c %s "$f") )); done; echo "$n"; }

echo
printf '%4s %11s %9s %9s %13s %12s %10s %11s %5s %10s %9s\n' day lines ingest_s db_MB bytes/1M_lines minute_rows hour_rows deliveries runs addresses audit
total=0
for i in $(seq 1 "$days"); do
  f=$(log_of "$i")
  n=$(wc -l < "$f")
  s=$(date +%s.%N)
  "$bin" ingest --db "$db" --config "$cfg" "$f" 2> "$work/ingest.err" || { cat "$work/ingest.err"; exit 1; }
  e=$(date +%s.%N)
  total=$(( total + n ))
  echo "$i $(awk -v a="$s" -v b="$e" 'BEGIN{print b-a}')" >> "$work/ingest.times"
  if [[ $checkpoints == *" $i "* ]]; then
    read -r mr hr dl ru ad au < <(rows)
    b=$(bytes)
    printf '%4d %11d %9.2f %9.1f %13.0f %12d %10d %11d %5d %10d %9d\n' "$i" "$total" "$(awk -v a="$s" -v b="$e" 'BEGIN{print b-a}')" \
      "$(awk -v b="$b" 'BEGIN{print b/1e6}')" "$(awk -v b="$b" -v l="$total" 'BEGIN{print b/(l/1e6)}')" "$mr" "$hr" "$dl" "$ru" "$ad" "$au"
  fi
done

sort -k2 -n "$work/ingest.times" | awk '{ d[NR] = $1; t[NR] = $2; sum += $2 } END {
  printf "ingest: %.1f s in all; per day median %.2f s, fastest %.2f s (day %d), slowest %.2f s (day %d)\n",
    sum, t[int((NR + 1) / 2)], t[1], d[1], t[NR], d[NR] }'
echo
echo "space by table (dbstat, MB):"
sqlite3 "$db" "SELECT name, round(sum(pgsize)/1e6, 1) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 12" \
  | awk -F'|' '{ printf "  %-28s %8s\n", $1, $2 }'

# Median wall time of RUNS runs of a command, in milliseconds. Output goes to a file, not
# /dev/null: GNU grep stops at the first match when it sees its output is /dev/null.
median_ms() {
  local i s e
  for i in $(seq 1 "$runs"); do
    s=$(date +%s%N); "$@" > "$work/cmd.out"; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

last=$(log_of "$days")
cat "$last" > /dev/null   # page cache warm for grep, as the database is for bouncewatch
ref_sql=$(median_ms sqlite3 "$db" 'SELECT count(*) FROM minute_counts')
ref_grep=$(median_ms grep -c status=bounced "$last")
echo
echo "load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "latency, median of $runs runs (ms); x = multiple of the reference tool's time"
printf '%-44s %9s %12s %12s %9s\n' command ms "x sqlite3" "x grep -c" "out lines"
row() {  # label, command...
  local label=$1; shift
  local ms; ms=$(median_ms "$@")
  printf '%-44s %9s %12.1f %12.1f %9d\n' "$label" "$ms" "$(awk -v a="$ms" -v b="$ref_sql" 'BEGIN{print a/b}')" \
    "$(awk -v a="$ms" -v b="$ref_grep" 'BEGIN{print a/b}')" "$("$@" | wc -l)"
}
o=(--db "$db" --config "$cfg")
row "bouncewatch report" "$bin" report "${o[@]}"
row "bouncewatch report --json" "$bin" report --json "${o[@]}"
row "bouncewatch report --since 7d" "$bin" report --since 7d "${o[@]}"
row "bouncewatch report --since 21d" "$bin" report --since 21d "${o[@]}"
row "bouncewatch queue list" "$bin" queue list "${o[@]}"
row "bouncewatch queue list --json" "$bin" queue list --json "${o[@]}"
row "bouncewatch queue list --state all" "$bin" queue list --state all "${o[@]}"
row "bouncewatch queue list --provider apple" "$bin" queue list --provider apple "${o[@]}"
printf '%-44s %9s\n' "ref: sqlite3 'select count(*) from minute_counts'" "$ref_sql"
printf '%-44s %9s\n' "ref: grep -c status=bounced (day $days log, $(( $(stat -c %s "$last") / 1000000 )) MB)" "$ref_grep"
echo "work dir: $work"
