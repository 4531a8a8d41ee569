#!/usr/bin/env bash
# Every issue-6 benchmark in one go, each printing its ratios against reference tools run in the
# same invocation. Output is also kept in bench-out/<name>.txt (git-ignored) for the notes.
#   scripts/bench-all.sh            # all (the 30-day store growth run takes ~15 min)
#   QUICK=1 scripts/bench-all.sh    # smaller sizes, for a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-out
mkdir -p "$out"
export BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/bw-bench-all.XXXXXX)}
big=5000000; one=1000000
if [ -n "${QUICK:-}" ]; then big=500000; one=200000; export DAYS=${DAYS:-3} LINES_PER_DAY=${LINES_PER_DAY:-200000} IDLE_SECONDS=${IDLE_SECONDS:-10}; fi

run() {  # name, command...
  local name=$1; shift
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$out/$name.txt"
}

run ingest-postfix-1M scripts/bench-ingest.sh "$one"
run ingest-postfix-5M scripts/bench-ingest.sh "$big"
for fmt in exim pmta jsonl; do
  run "ingest-$fmt-1M" env BENCH_FORMAT="$fmt" scripts/bench-ingest.sh "$one"
done
for s in console follow store; do
  [ -x "scripts/bench-$s.sh" ] && run "$s" "scripts/bench-$s.sh"
done
echo "=== outputs in $out/"
