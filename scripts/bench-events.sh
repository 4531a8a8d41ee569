#!/usr/bin/env bash
# Event-stream benchmark (issue 16): formats where every line is a delivery event. For each of
# JSONL (neutral schema), SendGrid webhook JSON (~490 bytes an event), PowerMTA accounting CSV and
# Exim main log, in one invocation on the same generated file: bouncewatch ingest (release build,
# fresh database), DuckDB's aggregate of the same file (group by domain and event; what a data
# person would reach for; Exim has no DuckDB reader) and `grep -c` of the bounce marker (the read
# floor). Wall is the median of 3 runs; peak RSS of the bouncewatch run; counts are cross-checked
# (bouncewatch's bounced total = grep -c = DuckDB's bounced rows).
#
#   scripts/bench-events.sh [EVENTS]        (default 1000000; files are cached in $BENCH_DIR)
#   BENCH_FORMATS="sendgrid pmta" scripts/bench-events.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
python3 -c 'import duckdb' 2>/dev/null || pip install -q duckdb >/dev/null 2>&1 || echo "bench: duckdb unavailable (pip install duckdb); its column stays empty"
n=${1:-1000000}
work=${BENCH_DIR:-/tmp/bw-bench-events}
mkdir -p "$work"
formats=${BENCH_FORMATS:-jsonl sendgrid pmta exim}

swift build -c release --product bouncewatch >/dev/null 2>&1 || swift build -c release --product bouncewatch
bin=$(swift build -c release --show-bin-path)/bouncewatch

median3() {  # command... → median wall seconds of 3 runs (stdout of the last run in $work/last.out)
  local a=()
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" > "$work/last.out" 2> "$work/last.err" || { cat "$work/last.err"; exit 1; }
    a+=("$(cat "$work/t")")
  done
  printf '%s\n' "${a[@]}" | sort -n | sed -n 2p
}

duck() {  # format file → DuckDB's query text, or nothing when DuckDB has no reader for it
  case $1 in
    jsonl) echo "SELECT split_part(recipient,'@',2) AS domain, event, count(*) AS n FROM read_json('$2', format='newline_delimited') GROUP BY ALL" ;;
    sendgrid) echo "SELECT split_part(email,'@',2) AS domain, event, count(*) AS n FROM read_json('$2', format='newline_delimited') GROUP BY ALL" ;;
    pmta) echo "SELECT split_part(rcpt,'@',2) AS domain, type AS event, count(*) AS n FROM read_csv('$2', header=true) GROUP BY ALL" ;;
  esac
}
bounced_label() { case $1 in jsonl) echo bounced;; sendgrid) echo bounce;; pmta) echo b;; esac; }

printf '%-9s %8s %10s %10s %10s %9s %9s %s\n' format events "bw s" "duckdb s" "grep s" "bw/duck" "bw/grep" "bw peak RSS · bounced: bw / grep / duckdb"
for fmt in $formats; do
  case $fmt in jsonl) pat='"bounced"';; sendgrid) pat='"event": "bounce"';; pmta) pat='^b,';; exim) pat=' \*\* ';; *) echo "unknown format $fmt"; exit 2;; esac
  log=$work/$fmt-$n.log
  [ -s "$log" ] || python3 scripts/gen-postfix-log.py "$n" 42 "$fmt" > "$log"
  cat "$log" > /dev/null   # warm the page cache for every contender alike

  read -r bw_s bw_kb < <(median3 sh -c 'rm -f "$1"*; exec "$2" ingest --db "$1" "$3"' sh "$work/bw.sqlite" "$bin" "$log")
  bw_bounced=$("$bin" report --db "$work/bw.sqlite" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["bounced"])')
  read -r gr_s _ < <(median3 grep -c -E "$pat" "$log")
  gr_n=$(cat "$work/last.out")
  q=$(duck "$fmt" "$log")
  dk_s=0; dk_n=-
  if [ -n "$q" ] && python3 -c 'import duckdb' 2>/dev/null; then
    read -r dk_s _ < <(median3 python3 -c "import duckdb,sys; r=duckdb.sql(sys.argv[1]).fetchall(); print(sum(c for _, e, c in r if e == sys.argv[2]))" "$q" "$(bounced_label "$fmt")")
    dk_n=$(cat "$work/last.out")
  fi
  awk -v f="$fmt" -v n="$n" -v bw="$bw_s" -v dk="$dk_s" -v gr="$gr_s" -v kb="$bw_kb" -v a="$bw_bounced" -v b="$gr_n" -v c="$dk_n" 'BEGIN {
    if (gr < 0.01) gr = 0.01
    printf "%-9s %8d %10.2f %10s %10.2f %9s %8.1fx %6.1f MB · %s / %s / %s\n", f, n, bw, (dk > 0 ? sprintf("%.2f", dk) : "-"),
      gr, (dk > 0 ? sprintf("%.1fx", bw / dk) : "-"), bw / gr, kb / 1024, a, b, c }'
done
echo "goal (issue 16): bw/duck < 1 for JSONL; bw/grep <= 3 for every format; peak RSS <= 150 MB at 5M events"
