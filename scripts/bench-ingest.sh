#!/usr/bin/env bash
# Ingest benchmark: bouncewatch (release build) against pflogsumm and `grep -c status=bounced` on
# the same Postfix log, in one invocation. Prints wall time, throughput and peak RSS of each and
# the ratios. Usage: scripts/bench-ingest.sh [LINES|FILE]   (default: 1000000 generated lines)
# BENCH_FORMAT=exim|pmta|jsonl benchmarks another format (pflogsumm then does not apply; grep -c
# counts that format's bounce marker).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
command -v pflogsumm >/dev/null || { apt-get update -qq && apt-get install -y -qq pflogsumm >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

work=${BENCH_DIR:-$(mktemp -d /tmp/bw-bench.XXXXXX)}
mkdir -p "$work"
arg=${1:-1000000}
fmt=${BENCH_FORMAT:-postfix}
case $fmt in postfix) pat='status=bounced';; exim) pat=' \*\* ';; pmta) pat='^b,';; jsonl) pat='"bounced"';; *) echo "unknown BENCH_FORMAT"; exit 2;; esac
if [ -f "$arg" ]; then log=$arg; else log=$work/$fmt-$arg.log; [ -f "$log" ] || python3 scripts/gen-postfix-log.py "$arg" 42 "$fmt" > "$log"; fi
lines=$(wc -l < "$log"); bytes=$(stat -c %s "$log")

swift build -c release --product bouncewatch >/dev/null 2>&1 || swift build -c release --product bouncewatch
bin=$(swift build -c release --show-bin-path)/bouncewatch

cat "$log" > /dev/null   # warm the page cache for every contender alike

measure() {  # name, command...  → "wall_seconds max_rss_kb"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || { echo "$name failed:"; cat "$work/$name.err"; exit 1; }
  cat "$work/$name.time"
}

rm -f "$work/bw.sqlite"*
read -r bw_s bw_kb < <(measure bouncewatch "$bin" ingest --db "$work/bw.sqlite" "$log")
if [ "$fmt" = postfix ]; then read -r pf_s pf_kb < <(measure pflogsumm pflogsumm "$log"); else pf_s=0; pf_kb=0; fi
read -r gr_s gr_kb < <(measure grep grep -c -E "$pat" "$log")

awk -v l="$lines" -v b="$bytes" -v bw="$bw_s" -v bwk="$bw_kb" -v pf="$pf_s" -v pfk="$pf_kb" -v gr="$gr_s" -v grk="$gr_kb" 'BEGIN {
  if (bw < 0.01) bw = 0.01; if (gr < 0.01) gr = 0.01; if (pf < 0.01) pf = 0.01;
  printf "input: %d lines, %.1f MB (%s)\n", l, b/1e6, "'"$log"'";
  printf "%-12s %9s %12s %9s %10s\n", "tool", "wall s", "lines/s", "MB/s", "peak RSS";
  printf "%-12s %9.2f %12.0f %9.1f %7.1f MB\n", "bouncewatch", bw, l/bw, b/1e6/bw, bwk/1024;
  if (pfk > 0) printf "%-12s %9.2f %12.0f %9.1f %7.1f MB\n", "pflogsumm", pf, l/pf, b/1e6/pf, pfk/1024;
  printf "%-12s %9.2f %12.0f %9.1f %7.1f MB\n", "grep -c", gr, l/gr, b/1e6/gr, grk/1024;
  if (pfk > 0) printf "bouncewatch is %.1fx faster than pflogsumm (goal >= 50x)\n", pf/bw;
  printf "bouncewatch takes %.1fx the time of grep -c (goal <= 3x)\n", bw/gr;
}'
echo "grep -c $pat: $(cat "$work/grep.out")   bouncewatch: $(tail -1 "$work/bouncewatch.err")"
echo "database: $(du -k "$work/bw.sqlite" | cut -f1) KB"
