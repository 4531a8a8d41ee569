import Foundation
import Testing
@testable import BounceCore

/// Real Postfix log lines (verbatim) and variants built in the same shapes.
let postfixDeliveries: [ExpectedDelivery] = [
    // netkiller handbook, 2015: Apple's old "Ok." reply.
    ExpectedDelivery(
        line: "Nov  2 16:08:08 smtp2.example.com postfix/smtp[7674]: 7905611F797: to=<skyline.chen@icloud.com>, relay=mx3.mail.icloud.com[17.172.34.64]:25, delay=10, delays=0.04/0/6.2/4.1, dsn=2.5.0, status=sent (250 2.5.0 Ok.)",
        reference: "2015-11-03T00:00:00Z", time: "2015-11-02T16:08:08Z", queueID: "7905611F797",
        recipient: "skyline.chen@icloud.com", domain: "icloud.com", relayHost: "mx3.mail.icloud.com",
        relayIP: "17.172.34.64", code: 250, status: "2.5.0", stage: nil, outcome: .delivered,
        diagnostic: "250 2.5.0 Ok."),
    // RFC 3339 stamp with microseconds.
    ExpectedDelivery(
        line: "2026-03-03T10:45:35.473746+00:00 mail postfix/smtp[1013986]: 3172D762A5D: to=<arharradine@me.com>, relay=mx01.mail.icloud.com[17.56.9.31]:25, delay=6.3, delays=0.1/0/1.1/5.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as D04B3C0008B)",
        time: "2026-03-03T10:45:35.473746Z", queueID: "3172D762A5D", recipient: "arharradine@me.com",
        domain: "me.com", relayHost: "mx01.mail.icloud.com", relayIP: "17.56.9.31", code: 250, status: "2.0.0",
        outcome: .delivered, diagnostic: "250 2.0.0 Ok: queued as D04B3C0008B"),
    // pastebin: conn_use= field, port 587.
    ExpectedDelivery(
        line: "Jul 18 14:25:12 outbound-us1 postfix/smtp[19539]: A67BF690D80: to=<anthony.reid@...>, relay=smtp-trial.spamexperts.com[173.224.120.174]:587, conn_use=2, delay=1000, delays=0/992/0.03/8.3, dsn=2.0.0, status=sent (250 OK id=1Qiokq-0002gA-Kq)",
        reference: "2011-08-01T00:00:00Z", time: "2011-07-18T14:25:12Z", queueID: "A67BF690D80",
        recipient: "anthony.reid@...", domain: "...", relayHost: "smtp-trial.spamexperts.com",
        relayIP: "173.224.120.174", code: 250, status: "2.0.0", outcome: .delivered,
        diagnostic: "250 OK id=1Qiokq-0002gA-Kq"),
    // lightmeter: quoted local part with spaces; a banner 550 logged as deferred with dsn 4.7.0.
    ExpectedDelivery(
        line: #"Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<"user 1234 with space"@icloud.com>, relay=mx6.mail.icloud.com[17.178.97.79]:25, delay=428621, delays=428619/0.02/1.9/0, dsn=4.7.0, status=deferred (host mx6.mail.icloud.com[17.178.97.79] refused to talk to me: 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=142.93.169.220)"#,
        reference: "2021-02-10T00:00:00Z", time: "2021-02-05T17:24:35Z", queueID: "D298F2C60812",
        recipient: #""user 1234 with space"@icloud.com"#, domain: "icloud.com", relayHost: "mx6.mail.icloud.com",
        relayIP: "17.178.97.79", code: 550, status: "4.7.0", stage: .connect, outcome: .deferred,
        diagnostic: "550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=142.93.169.220"),
    // lightmeter: instance-qualified process name.
    ExpectedDelivery(
        line: "Sep 16 00:07:43 smtpnode07 postfix-10.20.30.40/smtp[3022]: 0C31D3D1E6: to=<redacted@aol.com>, relay=mx-aol.mail.gm0.yahoodns.net[11.22.33.44]:25, delay=18910, delays=18900/8.9/0.69/0.03, dsn=4.7.0, status=deferred (host mx-aol.mail.gm0.yahoodns.net[11.22.33.44] said: 421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html (in reply to MAIL FROM command))",
        reference: "2020-10-01T00:00:00Z", time: "2020-09-16T00:07:43Z", queueID: "0C31D3D1E6",
        recipient: "redacted@aol.com", domain: "aol.com", relayHost: "mx-aol.mail.gm0.yahoodns.net",
        relayIP: "11.22.33.44", code: 421, status: "4.7.0", stage: .mailFrom, outcome: .deferred,
        diagnostic: "421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html"),
    // netkiller: relay=none, the host comes from the connect text.
    ExpectedDelivery(
        line: "Nov  2 16:32:21 smtp2.example.com postfix/smtp[7732]: 1DCD811F940: to=<1608014274@qqq.com>, relay=none, delay=368099, delays=368069/0.05/30/0, dsn=4.4.1, status=deferred (connect to qqq.com[60.190.249.48]:25: Connection timed out)",
        reference: "2015-11-03T00:00:00Z", time: "2015-11-02T16:32:21Z", queueID: "1DCD811F940",
        recipient: "1608014274@qqq.com", domain: "qqq.com", relayHost: "qqq.com", relayIP: "60.190.249.48",
        code: nil, status: "4.4.1", stage: .connect, outcome: .deferred,
        diagnostic: "connect to qqq.com[60.190.249.48]:25: Connection timed out"),
    // LMTP quota deferral at end of DATA.
    ExpectedDelivery(
        line: "Sep  1 07:03:08 mail postfix/lmtp[55201]: 41B53A0099: to=<full@example.local>, relay=mail.example.local[127.0.0.1]:7025, dsn=4.2.2, status=deferred (host mail.example.local[127.0.0.1] said: 452 4.2.2 Over quota (in reply to end of DATA command))",
        time: "2025-09-01T07:03:08Z", queueID: "41B53A0099", recipient: "full@example.local",
        domain: "example.local", relayHost: "mail.example.local", relayIP: "127.0.0.1", code: 452, status: "4.2.2",
        stage: .endOfData, outcome: .deferred, diagnostic: "452 4.2.2 Over quota"),
    // Gmail's multi-line 550-5.1.1 folded onto one line.
    ExpectedDelivery(
        line: "Aug 28 10:12:10 nbh2 postfix-google/smtp[28345]: 7A7D47BDC: to=<www.xx@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=123, delays=0.71/123/0.03/0.02, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[74.125.133.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp (in reply to RCPT TO command))",
        time: "2025-08-28T10:12:10Z", queueID: "7A7D47BDC", recipient: "www.xx@gmail.com", domain: "gmail.com",
        relayHost: "gmail-smtp-in.l.google.com", relayIP: "74.125.133.26", code: 550, status: "5.1.1",
        stage: .rcptTo, outcome: .bounced,
        diagnostic: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp"),
    // The comcast IPv6 relay line, given the syslog head the quoted fragment lacks.
    ExpectedDelivery(
        line: "Mar 14 09:12:01 mx postfix/smtp[4411]: 59C18AE39B: to=<a.and@comcast.net>, relay=mx2.comcast.net[2001:558:fe2d:70::22]:25, delay=0.95, delays=0.04/0/0.46/0.44, dsn=5.1.1, status=bounced (host mx2.comcast.net[2001:558:fe2d:70::22] said: 550 5.1.1 Not our Customer (in reply to RCPT TO command))",
        time: "2026-03-14T09:12:01Z", queueID: "59C18AE39B", recipient: "a.and@comcast.net", domain: "comcast.net",
        relayHost: "mx2.comcast.net", relayIP: "2001:558:fe2d:70::22", code: 550, status: "5.1.1", stage: .rcptTo,
        outcome: .bounced, diagnostic: "550 5.1.1 Not our Customer"),
    // netkiller: a rate limit as a 5xx without enhanced code; relay host lower-cased.
    ExpectedDelivery(
        line: "Nov  2 15:24:30 smtp2.example.com postfix/smtp[6922]: 6D21E11F76A: to=<1141096962@qq.com>, relay=mx2.QQ.com[184.105.206.86]:25, delay=5.2, delays=0.01/0/4.9/0.35, dsn=5.0.0, status=bounced (host mx2.QQ.com[184.105.206.86] said: 550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722 (in reply to MAIL FROM command))",
        reference: "2015-11-03T00:00:00Z", time: "2015-11-02T15:24:30Z", queueID: "6D21E11F76A",
        recipient: "1141096962@qq.com", domain: "qq.com", relayHost: "mx2.qq.com", relayIP: "184.105.206.86",
        code: 550, status: "5.0.0", stage: .mailFrom, outcome: .bounced,
        diagnostic: "550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722"),
    // mailcow#6486 behind a docker-compose prefix: Apple's 451 became a 503 5.5.1 hard bounce.
    ExpectedDelivery(
        line: "postfix-mailcow-1  | Apr 14 07:56:25 1230db0bd489 postfix/smtp[30396]: 11C9513477F0: to=<redacted1@icloud.com>, relay=mx02.mail.icloud.com[17.57.152.5]:25, delay=47, delays=12/0.5/1.1/34, dsn=5.5.1, status=bounced (host mx02.mail.icloud.com[17.57.152.5] said: 503 5.5.1 Error: need MAIL command (in reply to RCPT TO command))",
        time: "2026-04-14T07:56:25Z", queueID: "11C9513477F0", recipient: "redacted1@icloud.com",
        domain: "icloud.com", relayHost: "mx02.mail.icloud.com", relayIP: "17.57.152.5", code: 503, status: "5.5.1",
        stage: .rcptTo, outcome: .bounced, diagnostic: "503 5.5.1 Error: need MAIL command"),
    // lightmeter: a local reason (no remote reply) is the whole text.
    ExpectedDelivery(
        line: "Feb  3 04:41:17 mail postfix/smtp[10603]: AE8E32C60819: to=<mail@e.mail.com>, relay=none, delay=0.02, delays=0.01/0/0.01/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=e.mail.com type=AAAA: Host not found)",
        time: "2026-02-03T04:41:17Z", queueID: "AE8E32C60819", recipient: "mail@e.mail.com", domain: "e.mail.com",
        code: nil, status: "5.4.4", stage: nil, outcome: .bounced,
        diagnostic: "Host or domain name not found. Name service error for name=e.mail.com type=AAAA: Host not found"),
    // Apple [CS01] at end of DATA (SimpleLogin DSN text in a delivery line).
    ExpectedDelivery(
        line: "Mar 12 08:15:02 mail postfix/smtp[2211]: 4F1A32C0042: to=<something@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137 (in reply to end of DATA command))",
        time: "2026-03-12T08:15:02Z", queueID: "4F1A32C0042", recipient: "something@icloud.com", domain: "icloud.com",
        relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", code: 554, status: "5.7.1", stage: .endOfData,
        outcome: .bounced,
        diagnostic: "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137"),
    // Apple's "user does not exist", instance name, orig_to=, upper-case domain and relay.
    ExpectedDelivery(
        line: "Aug  8 16:42:10 out1 postfix-out/smtp[881]: 3A1B2C3D4E: to=<Jane.Doe@ICloud.COM>, orig_to=<jane@example.org>, relay=MX01.mail.icloud.com[17.57.154.6]:25, delay=0.8, delays=0.1/0/0.3/0.4, dsn=5.1.1, status=bounced (host MX01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <Jane.Doe@icloud.com>: user does not exist (in reply to RCPT TO command))",
        reference: "2019-08-09T00:00:00Z", time: "2019-08-08T16:42:10Z", queueID: "3A1B2C3D4E",
        recipient: "Jane.Doe@icloud.com", domain: "icloud.com", relayHost: "mx01.mail.icloud.com",
        relayIP: "17.57.154.6", code: 550, status: "5.1.1", stage: .rcptTo, outcome: .bounced,
        diagnostic: "550 5.1.1 <Jane.Doe@icloud.com>: user does not exist"),
    // postfix/submission/smtp, RFC 3339 with Z and no fraction, quoted local part holding `>` and `,`.
    ExpectedDelivery(
        line: #"2026-03-03T10:45:29Z mail postfix/submission/smtp[77]: 9F8E7D6C5B: to=<"odd>, name"@me.com>, relay=mx02.mail.icloud.com[17.57.155.34]:25, delay=0.5, delays=0/0/0.2/0.3, dsn=5.2.2, status=bounced (host mx02.mail.icloud.com[17.57.155.34] said: 552 5.2.2 <"odd>, name"@me.com>: user is over quota (in reply to RCPT TO command))"#,
        time: "2026-03-03T10:45:29Z", queueID: "9F8E7D6C5B", recipient: #""odd>, name"@me.com"#, domain: "me.com",
        relayHost: "mx02.mail.icloud.com", relayIP: "17.57.155.34", code: 552, status: "5.2.2", stage: .rcptTo,
        outcome: .bounced, diagnostic: #"552 5.2.2 <"odd>, name"@me.com>: user is over quota"#),
    // RFC 3339 with a non-UTC offset: exact instant.
    ExpectedDelivery(
        line: "2026-03-03T11:45:29.5+01:00 mail postfix/smtp[1]: 0AB1C2D3E4: to=<x@mac.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.7.1, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 421 4.7.1 Messages to x@mac.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137 (in reply to RCPT TO command))",
        time: "2026-03-03T10:45:29.5Z", queueID: "0AB1C2D3E4", recipient: "x@mac.com", domain: "mac.com",
        relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", code: 421, status: "4.7.1", stage: .rcptTo,
        outcome: .deferred,
        diagnostic: "421 4.7.1 Messages to x@mac.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137"),
    // error agent: "delivery temporarily suspended" around a connect failure.
    ExpectedDelivery(
        line: "Apr  2 03:04:05 mx postfix/error[300]: 5D6E7F8A9B: to=<ops@example.net>, relay=none, delay=3600, delays=3600/0/0/0, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mx.example.net[192.0.2.7]:25: Connection refused)",
        time: "2026-04-02T03:04:05Z", queueID: "5D6E7F8A9B", recipient: "ops@example.net", domain: "example.net",
        relayHost: "mx.example.net", relayIP: "192.0.2.7", status: "4.4.1", stage: .connect, outcome: .deferred,
        diagnostic: "delivery temporarily suspended: connect to mx.example.net[192.0.2.7]:25: Connection refused"),
    // local delivery, journald zero-padded day, no remote reply.
    ExpectedDelivery(
        line: "May 07 11:00:00 mail postfix/local[5150]: 1B2C3D4E5F: to=<root@mail.example.com>, orig_to=<root>, relay=local, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)",
        time: "2026-05-07T11:00:00Z", queueID: "1B2C3D4E5F", recipient: "root@mail.example.com",
        domain: "mail.example.com", relayHost: "local", status: "2.0.0", outcome: .delivered,
        diagnostic: "delivered to mailbox"),
    // LMTP over a unix socket: no IP; long queue id (enable_long_queue_ids).
    ExpectedDelivery(
        line: "May  7 11:00:01 mail postfix/lmtp[5151]: 4Tq8Zc0Vm2z9sWK: to=<u@example.com>, relay=mail.example.com[private/dovecot-lmtp], delay=0.05, delays=0.01/0/0/0.04, dsn=2.0.0, status=sent (250 2.0.0 <u@example.com> k8A3BUkJOmZ Saved)",
        time: "2026-05-07T11:00:01Z", queueID: "4Tq8Zc0Vm2z9sWK", recipient: "u@example.com", domain: "example.com",
        relayHost: "mail.example.com", relayIP: nil, code: 250, status: "2.0.0", outcome: .delivered,
        diagnostic: "250 2.0.0 <u@example.com> k8A3BUkJOmZ Saved"),
    // lost connection names the stage it happened in.
    ExpectedDelivery(
        line: "May  7 11:02:00 mail postfix/smtp[5152]: 2C3D4E5F6A: to=<z@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=30, delays=0/0/0.5/30, dsn=4.4.2, status=deferred (lost connection with mx01.mail.icloud.com[17.57.154.6] while sending RCPT TO)",
        time: "2026-05-07T11:02:00Z", queueID: "2C3D4E5F6A", recipient: "z@icloud.com", domain: "icloud.com",
        relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", status: "4.4.2", stage: .rcptTo,
        outcome: .deferred,
        diagnostic: "lost connection with mx01.mail.icloud.com[17.57.154.6] while sending RCPT TO"),
    // soft_bounce=yes logs SOFTBOUNCE: a deferral; the status comes from the reply when no dsn=.
    ExpectedDelivery(
        line: "<22>May  7 11:03:00 mail postfix/smtp[5153]: 3D4E5F6A7B: to=<y@me.com>, relay=mx02.mail.icloud.com[17.57.155.34]:25, delay=1, delays=0/0/0.5/0.5, status=SOFTBOUNCE (host mx02.mail.icloud.com[17.57.155.34] said: 550 5.1.1 <y@me.com>: user does not exist (in reply to RCPT TO command))",
        time: "2026-05-07T11:03:00Z", queueID: "3D4E5F6A7B", recipient: "y@me.com", domain: "me.com",
        relayHost: "mx02.mail.icloud.com", relayIP: "17.57.155.34", code: 550, status: "5.1.1", stage: .rcptTo,
        outcome: .deferred, diagnostic: "550 5.1.1 <y@me.com>: user does not exist"),
]

