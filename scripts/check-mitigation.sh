#!/usr/bin/env bash
# Checks `bouncewatch mitigation --mta postfix --dir` with the real Postfix tools (.ci/run runs it):
#  - on a simulated day with an Apple incident, the written transport lists the incident's domains:
#    Apple's consumer domains, every domain of an address linked to the incident, and no domain
#    of another provider;
#  - `postmap -q` on the written dsn_filter.pcre turns Apple's 5.1.1 and 5.2.2 replies into
#    4.1.1/4.2.2 and leaves [CS01]/[HME1] 5.7.1 rejections (and other hosts' 5.1.1) as they are;
#  - a throwaway Postfix config directory with main.cf.append and master.cf.append applied passes
#    `postconf -c` without warnings, shows the transport with its filter, and `postmap` compiles
#    the transport table, which then routes icloud.com to bouncewatch-apple.
#
#   scripts/check-mitigation.sh                  # builds bouncewatch into $SCRATCH (default .build)
#   BIN=/path/to/bouncewatch scripts/check-mitigation.sh
# Needs: postfix, postfix-pcre (postmap, postconf), python3.
set -u
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
if [ -z "${BIN:-}" ]; then
  swift build --scratch-path "$SCRATCH" --product bouncewatch >/dev/null || { echo "build failed"; exit 1; }
  BIN="$PWD/$SCRATCH/debug/bouncewatch"
fi
for tool in postmap postconf python3; do
  command -v "$tool" >/dev/null || { echo "$tool missing (apt-get install -y postfix postfix-pcre)"; exit 1; }
done
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
DB="$WORK/bw.sqlite"; OUT="$WORK/mitigation"; CFG="$WORK/postfix"
LOOKUP="$WORK/lookup"   # an empty main.cf: postmap needs one, and the stock one names users this host lacks
PASS=0; FAIL=0
ok()   { PASS=$((PASS+1)); echo "ok   - $1"; }
fail() { FAIL=$((FAIL+1)); echo "FAIL - $1"; }

"$BIN" simulate --scenario apple-incident --seed 11 --hours 5 > "$WORK/day.log"
"$BIN" ingest --db "$DB" "$WORK/day.log" 2>/dev/null || { echo "ingest failed"; exit 1; }
ID=$("$BIN" incidents --db "$DB" --json | python3 -c 'import json,sys; print(next(i["id"] for i in json.load(sys.stdin) if i["provider"]=="apple"))')
"$BIN" mitigation --db "$DB" --mta postfix --incident "$ID" --dir "$OUT" --install-dir "$OUT" 2>"$WORK/err" \
  && ok "mitigation --dir: $(cat "$WORK/err")" || { fail "mitigation --dir: $(cat "$WORK/err")"; exit 1; }

# transport: exactly Apple's consumer domains plus the incident's own (from the queue), nothing else.
"$BIN" queue list --db "$DB" --state all --json > "$WORK/queue.json"
python3 - "$OUT/transport" "$WORK/queue.json" "$ID" <<'PY' && ok "transport lists exactly the incident's domains" || fail "transport domains"
import json, sys
routed = [l.split()[0] for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
items = json.load(open(sys.argv[2]))
incident = {i["domain"] for i in items if i["incident_id"] == int(sys.argv[3])}
others = {i["domain"] for i in items if i["provider"] != "apple"}
consumer = {"icloud.com", "me.com", "mac.com", "privaterelay.appleid.com"}
extra = set(routed) - consumer - incident
print(f"       {len(routed)} routed: {len(consumer)} consumer + {len(set(routed) - consumer)} iCloud-hosted; "
      f"{len(incident - consumer)} iCloud-hosted among the incident's queue items; other providers' domains routed: {len(set(routed) & others)}")
ok = consumer | incident <= set(routed) and not (set(routed) & others) and len(routed) == len(set(routed))
# A routed domain beyond the queue's must still have bounced from Apple's relays in the log.
log = open(sys.argv[1].rsplit("/", 2)[0] + "/day.log").read()
for d in extra:
    ok = ok and ("@" + d + ">, relay=" in log)
sys.exit(0 if ok else 1)
PY

FILTER="pcre:$OUT/dsn_filter.pcre"
mkdir -p "$CFG" "$LOOKUP"; : > "$LOOKUP/main.cf"
soft() {  # soft NAME INPUT EXPECTED
  got=$(postmap -c "$LOOKUP" -q "$2" "$FILTER"); [ "$got" = "$3" ] && ok "postmap -q: $1 -> ${got:0:5}" || fail "postmap -q: $1 gave '$got'"
}
kept() {  # kept NAME INPUT: no result means Postfix keeps the original status
  got=$(postmap -c "$LOOKUP" -q "$2" "$FILTER"); rc=$?
  [ $rc -eq 1 ] && [ -z "$got" ] && ok "postmap -q: $1 stays permanent" || fail "postmap -q: $1 gave '$got' ($rc)"
}
U='host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <a@icloud.com>: user does not exist (in reply to RCPT TO command)'
Q='host mx6.mail.icloud.com[17.178.97.79] said: 552 5.2.2 <b@me.com>: user is overquota (in reply to RCPT TO command)'
soft "Apple 5.1.1 user does not exist" "5.1.1 $U" "4.1.1 $U"
soft "Apple 5.2.2 user is overquota" "5.2.2 $Q" "4.2.2 $Q"
kept "Apple [CS01] 5.7.1" '5.7.1 host mx01.mail.icloud.com[17.57.154.6] said: 554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)'
kept "Apple [HME1] 5.7.1" '5.7.1 host mx02.mail.icloud.com[17.57.152.7] said: 554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks (in reply to end of DATA command)'
kept "Apple 5.1.1 with a bracket code" '5.1.1 host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 [HM08] Message rejected (in reply to RCPT TO command)'
kept "Gmail 5.1.1 (not Apple's host)" '5.1.1 host gmail-smtp-in.l.google.com[142.250.102.26] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command)'

# A throwaway config directory: Debian's stock files plus the fragments, as the README applies them.
cp /etc/postfix/main.cf.proto "$CFG/main.cf" 2>/dev/null || cp /usr/share/postfix/main.cf.dist "$CFG/main.cf"
cp /etc/postfix/master.cf.proto "$CFG/master.cf" 2>/dev/null || cp /usr/share/postfix/master.cf.dist "$CFG/master.cf"
cat "$OUT/main.cf.append" >> "$CFG/main.cf"; cat "$OUT/master.cf.append" >> "$CFG/master.cf"
postconf -c "$CFG" -n >/dev/null 2>"$WORK/warn"; postconf -c "$CFG" -M >/dev/null 2>>"$WORK/warn"
[ ! -s "$WORK/warn" ] && ok "postconf -c: no warnings" || fail "postconf -c warned: $(head -3 "$WORK/warn")"
[ "$(postconf -c "$CFG" -h transport_maps)" = "hash:$OUT/transport" ] && ok "postconf -c: transport_maps = hash:…/transport" || fail "transport_maps: $(postconf -c "$CFG" -h transport_maps)"
svc=$(postconf -c "$CFG" -M bouncewatch-apple/unix)
echo "$svc" | grep -q ' smtp -o smtp_delivery_status_filter=' && ok "postconf -c -M: $(echo "$svc" | tr -s ' ')" || fail "master.cf service: '$svc'"
[ "$(postconf -c "$CFG" -P bouncewatch-apple/unix/smtp_delivery_status_filter)" = "bouncewatch-apple/unix/smtp_delivery_status_filter = $FILTER" ] \
  && ok "postconf -c -P: the transport's smtp_delivery_status_filter is the written table" || fail "filter override: $(postconf -c "$CFG" -P bouncewatch-apple/unix/smtp_delivery_status_filter)"
postmap -c "$LOOKUP" "$OUT/transport" && [ "$(postmap -c "$LOOKUP" -q icloud.com "hash:$OUT/transport")" = "bouncewatch-apple:" ] \
  && [ -z "$(postmap -c "$LOOKUP" -q gmail.com "hash:$OUT/transport")" ] \
  && ok "postmap transport: icloud.com -> bouncewatch-apple:, gmail.com unrouted" || fail "transport table lookup"
# The undo from the README leaves the stock configuration.
postconf -c "$CFG" -X transport_maps && postconf -c "$CFG" -MX bouncewatch-apple/unix
[ -z "$(postconf -c "$CFG" -n transport_maps)" ] && ! postconf -c "$CFG" -M bouncewatch-apple/unix 2>/dev/null | grep -q . \
  && ok "undo: postconf -X / -MX remove the setting and the service" || fail "undo left something behind"

echo "mitigation: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
