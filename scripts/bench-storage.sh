#!/usr/bin/env bash
# Storage benchmark (issue 12): the same Postfix log ingested into the SQLite file and into
# PostgreSQL, then three ingesters at once (three hosts' logs, BOUNCEWATCH_HOST=mta1..3) into one
# store of each kind. Release build; wall time, lines/s, and the ratio PostgreSQL / SQLite, in one
# invocation. Every run's `report --json` attempts are checked against `grep -c ' status='` of
# its logs (the Postfix mix has smtpd/cleanup/qmgr lines too: ~14 % of lines are deliveries).
#
#   scripts/bench-storage.sh [LINES]        (default 1000000; the three-host logs are LINES/3 each)
#
# PostgreSQL: $BOUNCEWATCH_BENCH_POSTGRES (a URL; each run gets its own ?schema=), else a
# throwaway cluster from scripts/pg-cluster.sh, stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

lines=${1:-1000000}
work=${BENCH_DIR:-/tmp/bw-bench-storage}
mkdir -p "$work"
log=$work/postfix-$lines.log
[ -f "$log" ] || python3 scripts/gen-postfix-log.py "$lines" 42 postfix > "$log"
third=$((lines / 3))
for k in 1 2 3; do
  [ -f "$work/host$k-$third.log" ] || python3 scripts/gen-postfix-log.py "$third" "$((100 + k))" postfix > "$work/host$k-$third.log"
done

swift build -c release --product bouncewatch >/dev/null 2>&1 || swift build -c release --product bouncewatch
bin=$(swift build -c release --show-bin-path)/bouncewatch

url=${BOUNCEWATCH_BENCH_POSTGRES:-}
if [ -z "$url" ]; then
  eval "$(scripts/pg-cluster.sh start)"
  trap 'scripts/pg-cluster.sh stop "$PGCLUSTER_DIR"' EXIT
  url=$BOUNCEWATCH_TEST_POSTGRES
fi
sep='?'; case $url in *\?*) sep='&' ;; esac
run=$$

cat "$log" "$work"/host?-"$third".log > /dev/null   # warm the page cache for every run alike
events1=$(grep -c ' status=' "$log")
events3=$(cat "$work"/host?-"$third".log | grep -c ' status=')

attempts() { "$bin" report --db "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["attempts"])'; }

# one NAME DB → wall seconds of one ingester over the big log
one() {
  /usr/bin/time -f "%e" -o "$work/$1.time" "$bin" ingest --db "$2" "$log" > /dev/null 2> "$work/$1.err" \
    || { echo "$1 failed:"; cat "$work/$1.err"; exit 1; }
  local got; got=$(attempts "$2")
  [ "$got" -eq "$events1" ] || { echo "$1: report counts $got attempts, the log has $events1 deliveries"; exit 1; }
  cat "$work/$1.time"
}

# three NAME DB → wall seconds until all three hosts' ingesters are done. (Three into one SQLite
# file is a throughput baseline only: the file keeps one engine state, so its detection is not
# meaningful; PostgreSQL keeps one per host.)
three() {
  local start end pids=()
  start=$(date +%s.%N)
  for k in 1 2 3; do
    BOUNCEWATCH_HOST=mta$k "$bin" ingest --db "$2" "$work/host$k-$third.log" > /dev/null 2> "$work/$1-$k.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { echo "$1: an ingester failed:"; cat "$work/$1"-?.err; exit 1; }; done
  end=$(date +%s.%N)
  local got; got=$(attempts "$2")
  [ "$got" -eq "$events3" ] || { echo "$1: report counts $got attempts, the logs have $events3 deliveries"; exit 1; }
  python3 -c "print(round($end - $start, 2))"
}

rm -f "$work"/*.sqlite*
sq1=$(one sqlite-1 "$work/one.sqlite")
pg1=$(one postgres-1 "$url${sep}schema=bench_${run}_one")
sq3=$(three sqlite-3 "$work/three.sqlite")
pg3=$(three postgres-3 "$url${sep}schema=bench_${run}_three")

awk -v n="$lines" -v t="$((third * 3))" -v sq1="$sq1" -v pg1="$pg1" -v sq3="$sq3" -v pg3="$pg3" 'BEGIN {
  printf "%-34s %9s %12s %14s\n", "run", "wall s", "lines/s", "vs SQLite";
  printf "%-34s %9.2f %12.0f %14s\n", "SQLite, 1 ingester, " n " lines", sq1, n / sq1, "1.00x";
  printf "%-34s %9.2f %12.0f %13.2fx\n", "PostgreSQL, 1 ingester", pg1, n / pg1, sq1 / pg1;
  printf "%-34s %9.2f %12.0f %14s\n", "SQLite, 3 ingesters, " t " lines", sq3, t / sq3, "1.00x";
  printf "%-34s %9.2f %12.0f %13.2fx\n", "PostgreSQL, 3 ingesters", pg3, t / pg3, sq3 / pg3;
  print "(vs SQLite: SQLite wall / PostgreSQL wall; above 1 means PostgreSQL is faster)";
}'
echo "counts: every run's report --json attempts equal its logs' delivery lines ($events1 and $events3)"
