#!/usr/bin/env bash
# Bounded libFuzzer run over the parsers, format detector, line splitter, classifier and the
# text-safety helpers (issue 6, item 3). Usage: scripts/fuzz.sh [SECONDS] (default 60).
# Builds scripts/fuzz/FuzzEntry.swift with the BounceCore sources into one instrumented binary
# (no package target needed), seeds the corpus from the test fixtures and runs for a fixed time
# with a fixed seed. A crash leaves crash-* files in $FUZZ_OUT (default .build-fuzz/) and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
out=${FUZZ_OUT:-.build-fuzz}
mkdir -p "$out/corpus" "$out/artifacts"
swiftc=${SWIFTC:-$(command -v swiftc)}

echo "fuzz: building (swiftc -sanitize=fuzzer,address)"
rm -f "$out/bounce-fuzz"
# BounceCore (TextSanitizer included, in Text/) and its C shim (memmem), compiled together.
"${CC:-$(dirname "$swiftc")/clang}" -O2 -c Sources/CByteSearch/bytesearch.c -I Sources/CByteSearch/include -o "$out/bytesearch.o"
"$swiftc" -O -sanitize=fuzzer,address -parse-as-library -module-name BounceFuzz -I Sources/CByteSearch/include \
  $(find Sources/BounceCore -name '*.swift' | sort) \
  scripts/fuzz/FuzzEntry.swift "$out/bytesearch.o" -o "$out/bounce-fuzz" 2>&1 | grep -vE "ld.gold: warning: Cannot export local symbol" || true
[ -x "$out/bounce-fuzz" ] || { echo "fuzz: build failed"; exit 1; }

# Seed corpus: each fixture as a whole file, plus its lines one by one, plus the hostile seeds.
cp Tests/BounceCoreTests/Fixtures/*/* "$out/corpus/" 2>/dev/null || true
n=0
for f in Tests/BounceCoreTests/Fixtures/*/*; do
  while IFS= read -r line; do
    n=$((n + 1)); printf '%s\n' "$line" > "$out/corpus/line-$n"
  done < "$f"
done
[ -d scripts/fuzz/seeds ] && cp scripts/fuzz/seeds/* "$out/corpus/"

echo "fuzz: running ${secs}s"
set +e
"$out/bounce-fuzz" "$out/corpus" -seed=1 -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 2>"$out/fuzz.log"
status=$?
set -e
grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$out/fuzz.log" || true
if [ $status -ne 0 ]; then
  tail -60 "$out/fuzz.log"
  echo "fuzz: FAILED ($status); reproducer: $(ls "$out"/artifacts/ 2>/dev/null | head -3)"
  exit 1
fi
echo "fuzz: ok"
