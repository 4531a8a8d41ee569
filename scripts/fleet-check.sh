#!/usr/bin/env bash
# Fleet exactness check (issue 12): three hosts' simulated logs ingested by three concurrent
# ingesters into one PostgreSQL store, one of them killed -9 twice mid-way and restarted; its
# `report --json` counts must equal the sum of three single-host SQLite runs, cell for cell.
# Also prints how many incident rows the fleet store holds. Fleet-wide detection is not built
# yet (docs/STORAGE.md): each ingester's detector numbers its incidents from 1, so their rows
# collide — the count printed is not yet "one incident for the fleet".
#
#   scripts/fleet-check.sh            (PostgreSQL: $BOUNCEWATCH_BENCH_POSTGRES, else a throwaway
#                                      cluster from scripts/pg-cluster.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bouncewatch >/dev/null 2>&1 || swift build -c release --product bouncewatch
bin=$(swift build -c release --show-bin-path)/bouncewatch
work=$(mktemp -d /tmp/bw-fleet.XXXXXX)
url=${BOUNCEWATCH_BENCH_POSTGRES:-}
if [ -z "$url" ]; then
  eval "$(scripts/pg-cluster.sh start)"
  trap 'scripts/pg-cluster.sh stop "$PGCLUSTER_DIR"; rm -rf "$work"' EXIT
  url=$BOUNCEWATCH_TEST_POSTGRES
else
  trap 'rm -rf "$work"' EXIT
fi
sep='?'; case $url in *\?*) sep='&' ;; esac
db="$url${sep}schema=fleet_$$"

for k in 1 2 3; do
  "$bin" simulate --seed "$((20 + k))" --hours 6 --rate 1000 > "$work/mta$k.log"
done
wc -l "$work"/mta?.log | tail -1 | sed 's/^ */lines: /'

# The reference: each host alone into its own SQLite file.
for k in 1 2 3; do "$bin" ingest --db "$work/solo$k.sqlite" "$work/mta$k.log" > /dev/null 2>&1; done

# The fleet: three at once; mta2 is killed -9 twice and restarted.
BOUNCEWATCH_HOST=mta1 "$bin" ingest --db "$db" "$work/mta1.log" > /dev/null 2>"$work/mta1.err" & p1=$!
BOUNCEWATCH_HOST=mta3 "$bin" ingest --db "$db" "$work/mta3.log" > /dev/null 2>"$work/mta3.err" & p3=$!
kills=0
for delay in 0.7 0.9; do
  BOUNCEWATCH_HOST=mta2 "$bin" ingest --db "$db" "$work/mta2.log" > /dev/null 2>>"$work/mta2.err" & p2=$!
  sleep "$delay"
  if kill -9 "$p2" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$p2" 2>/dev/null || true
done
BOUNCEWATCH_HOST=mta2 "$bin" ingest --db "$db" "$work/mta2.log" > "$work/mta2.out" 2>&1
wait "$p1" "$p3"
echo "mta2 killed -9 $kills time(s) mid-way; its last run: $(tail -1 "$work/mta2.out")"

"$bin" report --db "$db" --json > "$work/fleet.json"
for k in 1 2 3; do "$bin" report --db "$work/solo$k.sqlite" --json > "$work/solo$k.json"; done
python3 - "$work" <<'EOF'
import json, sys, collections
work = sys.argv[1]
def cells(r):
    c = collections.Counter()
    kinds = ("attempts", "delivered", "deferred", "bounced")
    for t in kinds:
        c[("total", t)] += r["totals"][t]
    for p in r["providers"]:
        for t in kinds: c[("provider", p["provider"], t)] += p[t]
        for reason, n in p.get("reasons", {}).items(): c[("provider", p["provider"], reason)] += n
    for d in r["domains"]:
        for t in kinds: c[("domain", d["domain"], d["provider"], t)] += d[t]
    return c
fleet = json.load(open(f"{work}/fleet.json"))
solo = [json.load(open(f"{work}/solo{k}.json")) for k in (1, 2, 3)]
want = sum((cells(r) for r in solo), collections.Counter())
got = cells(fleet)
diff = {k: (got[k], want[k]) for k in set(got) | set(want) if got[k] != want[k]}
print(f"fleet attempts {fleet['totals']['attempts']}, sum of single-host runs {sum(r['totals']['attempts'] for r in solo)}")
print(f"cells compared: {len(want)}, differing: {len(diff)}")
for k, v in sorted(diff.items())[:10]: print("  ", k, "fleet", v[0], "solo sum", v[1])
print(f"incident rows in the fleet store: {len(fleet['incidents'])} (single-host runs: {[len(r['incidents']) for r in solo]}; ids collide until detection is fleet-wide)")
sys.exit(1 if diff else 0)
EOF
