#!/usr/bin/env python3
"""Writes a realistic mail log of N lines (seeded) for benchmarks.

Usage: gen-postfix-log.py LINES [SEED] [FORMAT] [DAY]   FORMAT: postfix (default), exim, pmta, jsonl (neutral schema),
sendgrid (SendGrid Event Webhook lines, ~400 bytes each: every field a real payload carries).

DAY (YYYY-MM-DD, postfix only) spreads the LINES evenly over that UTC day, for multi-day store
benchmarks (scripts/bench-store.sh); without it the log starts at 2023-11-14 22:13 UTC and advances
about a second per message, as before.


Each message produces the lines a real Postfix writes (smtpd connect/client, cleanup, qmgr from,
smtp to=... status=..., qmgr removed, smtpd disconnect), so only ~1 line in 7 is a delivery line,
as in production logs. Reply texts follow the shapes of real Postfix logs.
"""
import random
import sys

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
    fmt = sys.argv[3] if len(sys.argv) > 3 else "postfix"
    day = sys.argv[4] if len(sys.argv) > 4 else None
    if fmt != "postfix":
        if day:
            sys.exit("gen-postfix-log.py: DAY is only supported for the postfix format")
        return other_format(n, seed, fmt)
    rnd = random.Random(seed)
    providers = [
        ("icloud.com", "mx01.mail.icloud.com", "17.57.154.6", 0.25),
        ("me.com", "mx02.mail.icloud.com", "17.57.155.25", 0.05),
        ("mac.com", "mx01.mail.icloud.com", "17.57.154.6", 0.02),
        ("kyuhyuk.kr", "mx02.mail.icloud.com", "17.57.155.34", 0.01),
        ("gmail.com", "gmail-smtp-in.l.google.com", "74.125.133.26", 0.35),
        ("outlook.com", "outlook-com.olc.protection.outlook.com", "52.101.68.13", 0.12),
        ("yahoo.com", "mta7.am0.yahoodns.net", "67.195.204.72", 0.10),
        ("example.org", "mail.example.org", "2001:db8::25", 0.10),
    ]
    weights = [p[3] for p in providers]
    bounces = [
        ("5.1.1", "550 5.1.1 <{a}>: user does not exist", "RCPT TO"),
        ("5.1.1", "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp", "RCPT TO"),
        ("5.7.1", "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", "end of DATA"),
        ("5.2.2", "552 5.2.2 <{a}>: user is over quota", "RCPT TO"),
    ]
    defers = [
        ("4.2.2", "452 4.2.2 user is overquota", "RCPT TO"),
        ("4.7.0", "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html", "MAIL FROM"),
        ("4.7.1", "421 4.7.1 Messages to {a} deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", "RCPT TO"),
    ]
    out = sys.stdout
    t = 1_700_000_000
    day_start = None
    if day:
        import calendar, datetime
        day_start = calendar.timegm(datetime.date.fromisoformat(day).timetuple())
    lines = 0
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    import time as _t
    stamps = {}
    while lines < n:
        if day_start is None:
            t += rnd.randint(0, 2)
        else:
            t = day_start + lines * 86400 // n
        stamp = stamps.get(t)
        if stamp is None:
            tm = _t.gmtime(t)
            stamp = "%s %2d %02d:%02d:%02d" % (months[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec)
            stamps = {t: stamp}
        qid = "%010X" % rnd.getrandbits(40)
        pid = rnd.randint(1000, 99999)
        dom, mx, ip, _ = rnd.choices(providers, weights)[0]
        addr = "user%d@%s" % (rnd.randint(1, 200_000), dom)
        client = "app%d.example.net[198.51.100.%d]" % (rnd.randint(1, 9), rnd.randint(1, 254))
        block = [
            f"{stamp} mail postfix/smtpd[{pid}]: connect from {client}",
            f"{stamp} mail postfix/smtpd[{pid}]: {qid}: client={client}",
            f"{stamp} mail postfix/cleanup[{pid+1}]: {qid}: message-id=<{qid.lower()}@example.net>",
            f"{stamp} mail postfix/qmgr[812]: {qid}: from=<news@example.net>, size={rnd.randint(2000, 90000)}, nrcpt=1 (queue active)",
        ]
        r = rnd.random()
        d = "%.2g" % rnd.uniform(0.2, 9)
        if r < 0.90:
            block.append(f"{stamp} mail postfix/smtp[{pid+2}]: {qid}: to=<{addr}>, relay={mx}[{ip}]:25, delay={d}, delays=0.1/0/0.3/{d}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {rnd.getrandbits(40):X})")
        elif r < 0.96:
            dsn, text, stage = rnd.choice(defers)
            block.append(f"{stamp} mail postfix/smtp[{pid+2}]: {qid}: to=<{addr}>, relay={mx}[{ip}]:25, delay={d}, delays=0.1/0/0.3/{d}, dsn={dsn}, status=deferred (host {mx}[{ip}] said: {text.format(a=addr)} (in reply to {stage} command))")
        else:
            dsn, text, stage = rnd.choice(bounces)
            block.append(f"{stamp} mail postfix/smtp[{pid+2}]: {qid}: to=<{addr}>, relay={mx}[{ip}]:25, delay={d}, delays=0.1/0/0.3/{d}, dsn={dsn}, status=bounced (host {mx}[{ip}] said: {text.format(a=addr)} (in reply to {stage} command))")
            block.append(f"{stamp} mail postfix/bounce[{pid+3}]: {qid}: sender non-delivery notification: {rnd.getrandbits(40):010X}")
        block.append(f"{stamp} mail postfix/qmgr[812]: {qid}: removed")
        block.append(f"{stamp} mail postfix/smtpd[{pid}]: disconnect from {client} ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5")
        for l in block:
            if lines >= n:
                break
            out.write(l + "\n")
            lines += 1

def other_format(n, seed, fmt):
    """One delivery attempt per line (these formats log only deliveries), same mix of outcomes."""
    import json, time as _t
    rnd = random.Random(seed)
    doms = [("icloud.com", "mx01.mail.icloud.com", "17.57.154.6"), ("gmail.com", "gmail-smtp-in.l.google.com", "74.125.133.26"),
            ("outlook.com", "outlook-com.olc.protection.outlook.com", "52.101.68.13"), ("yahoo.com", "mta7.am0.yahoodns.net", "67.195.204.72"),
            ("example.org", "mail.example.org", "192.0.2.25")]
    out = sys.stdout
    t = 1_700_000_000
    if fmt == "pmta":
        out.write("type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool\n")
        n -= 1
    for i in range(n):
        t += rnd.randint(0, 1)
        d, mx, ip = rnd.choice(doms)
        a = "user%d@%s" % (rnd.randint(1, 200_000), d)
        r = rnd.random()
        kind = "d" if r < 0.9 else ("t" if r < 0.96 else "b")
        dsn = {"d": "2.0.0", "t": "4.2.2", "b": "5.1.1"}[kind]
        text = {"d": "250 2.0.0 Ok: queued as X%d" % i, "t": "452 4.2.2 user is overquota",
                "b": "550 5.1.1 <%s>: user does not exist" % a}[kind]
        tm = _t.gmtime(t)
        if fmt == "exim":
            stamp = _t.strftime("%Y-%m-%d %H:%M:%S", tm)
            mid = "1x%04d-%011d-%04d" % (i % 10000, i, i % 9999)
            if kind == "d":
                out.write('%s %s => %s R=dnslookup T=remote_smtp H=%s [%s] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C="%s"\n' % (stamp, mid, a, mx, ip, text))
            else:
                flag = "==" if kind == "t" else "**"
                out.write("%s %s %s %s R=dnslookup T=remote_smtp%s: SMTP error from remote mail server after RCPT TO:<%s>: host %s [%s]: %s\n" % (stamp, mid, flag, a, " defer (-44)" if kind == "t" else "", a, mx, ip, text))
        elif fmt == "pmta":
            action = {"d": "relayed", "t": "delayed", "b": "failed"}[kind]
            out.write('%s,%d,%d,news@example.net,%s,,%s,%s,"smtp;%s",%s (%s),%s,smtp,,smtp,203.0.113.25,%s,1,12345,pool1,job7,,%s/pool1,pool1\n' % (
                kind, t, t - 5, a, action, dsn, text.replace('"', '""'), mx, ip, "bad-mailbox" if kind == "b" else "", ip, d))
        elif fmt == "sendgrid":
            # A SendGrid Event Webhook object per line, with the fields real payloads carry
            # (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event).
            ev = {"d": "delivered", "t": "deferred", "b": "bounce"}[kind]
            o = {"email": a, "timestamp": t, "smtp-id": "<%016x.%d@ismtpd0012p1las1.sendgrid.net>" % (rnd.getrandbits(64), i),
                 "event": ev, "category": ["newsletter", "weekly-digest"], "sg_event_id": "%022x" % rnd.getrandbits(88),
                 "sg_message_id": "%022x.filterdrecv-%d-%d.%d" % (rnd.getrandbits(88), i % 97, i % 13, i),
                 "ip": "167.89.%d.%d" % (i % 200, i % 250), "tls": 1, "marketing_campaign_id": 12345,
                 "marketing_campaign_name": "december-digest", "asm_group_id": 42}
            if kind == "d":
                o["response"] = text
            elif kind == "t":
                o["response"] = text; o["attempt"] = "3"
            else:
                o["reason"] = text; o["status"] = dsn; o["type"] = "bounce"; o["bounce_classification"] = "Invalid Address"
            out.write(json.dumps(o) + "\n")
        else:
            ev = {"d": "delivered", "t": "deferred", "b": "bounced"}[kind]
            out.write(json.dumps({"timestamp": _t.strftime("%Y-%m-%dT%H:%M:%SZ", tm), "event": ev, "recipient": a,
                                  "status": dsn, "diagnostic": text, "mx": mx}) + "\n")

if __name__ == "__main__":
    main()
