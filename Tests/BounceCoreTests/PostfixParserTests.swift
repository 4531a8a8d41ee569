import Foundation
import Testing
@testable import BounceCore

@Suite("PostfixParser")
struct PostfixParserTests {
    func parser(reference: String = "2026-06-01T00:00:00Z", offset: Int? = 0) -> PostfixParser {
        PostfixParser(options: ParserOptions(referenceDate: MTALog.epoch(reference), assumedUTCOffset: offset))
    }

    @Test("real and constructed delivery lines", arguments: postfixDeliveries)
    func deliveryLine(_ x: ExpectedDelivery) throws {
        var p = parser(reference: x.reference)
        try MTALog.expectDelivery(&p, x, format: .postfix, lineNumber: 42)
    }

    @Test("a stray carriage return changes nothing")
    func strayCarriageReturn() throws {
        for x in postfixDeliveries {
            var a = parser(reference: x.reference), b = parser(reference: x.reference)
            let plain = MTALog.parse(&a, x.line)
            let cr = MTALog.parse(&b, x.line + "\r")
            #expect(plain.disposition == cr.disposition)
            #expect(plain.events == cr.events)
        }
    }

    @Test("non-delivery lines are ignored", arguments: [
        "Nov  2 16:07:58 smtp2.example.com postfix/pickup[7377]: 7905611F797: uid=0 from=<root>",
        "Nov  2 16:07:58 smtp2.example.com postfix/cleanup[7683]: 7905611F797: message-id=<20151102080758.GA7677@smtp2.example.com>",
        "Nov  2 16:07:58 smtp2.example.com postfix/qmgr[21697]: 7905611F797: from=<root@mail2.example.com>, size=461, nrcpt=1 (queue active)",
        "Nov  2 16:08:08 smtp2.example.com postfix/qmgr[21697]: 7905611F797: removed",
        "Nov  2 15:24:30 smtp2.example.com postfix/bounce[6946]: 6D21E11F76A: sender non-delivery notification: A76A511F777",
        "postfix-mailcow-1  | Apr 14 07:56:25 1230db0bd489 postfix/smtp[30396]: 11C9513477F0: host mx02.mail.icloud.com[17.57.152.5] said: 451 4.7.1 Service unavailable - try again later (in reply to RCPT TO command)",
        "Jul 12 07:47:48 saturn postfix/smtpd[8738]: NOQUEUE: reject: RCPT from 1-2-3-4-example.com[1.2.3.4]: 554 5.7.1 <smtp@example.com>: Relay access denied; from=<john@example.com> to=<smtp@example.org> proto=SMTP helo=<198.51.100.17>",
        "Aug 10 10:55:38 f-vanier-bourgeois postfix/smtpd[2162]: NOQUEUE: reject: VRFY from 72-53-132-234.cpe.distributel.net[72.53.132.234]: 550 5.1.1 : Recipient address rejected: User unknown in local recipient tab",
        "Feb  5 17:24:36 mail kernel: [1234567.891] eth0: link is up",
        "Feb  5 17:24:36 mail postfix/anvil[1201]: statistics: max connection rate 1/60s for (smtp:192.0.2.1) at Feb  5 17:21:15",
        "Feb  5 17:24:36 mail postfix/smtpd[1202]: connect from unknown[192.0.2.1]",
        "Feb  5 17:24:36 mail postfix/smtp[1203]: Trusted TLS connection established to mx01.mail.icloud.com[17.57.154.6]:25: TLSv1.3",
        "Feb  5 17:24:36 mail postfix/sendmail[1204]: 4A5B6C7D8E: to=<probe@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)",
        "Feb  5 17:24:36 mail postfix/smtp[1205]: 4A5B6C7D8F: to=<probe@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=5.1.1, status=undeliverable (host said: 550 5.1.1 no)",
        "Feb  5 17:24:36 mail dovecot: lmtp(u)[1206]: status=ok to=<u@example.com>",
        "Feb  5 17:24:35 mail smtp: D298F2C60812: to=<a@icloud.com>, status=bounced (x)",
        "Feb  5 17:24:36 mail postfix/qmgr[21697]: 7905611F797: from=<a@b.c>, status=deferred",
        "",
        "   ",
    ])
    func ignored(_ line: String) {
        var p = parser()
        let r = MTALog.parse(&p, line)
        #expect(r.disposition == .ignored)
        #expect(r.events.isEmpty)
    }

    @Test("broken delivery lines are rejected", arguments: [
        // the real Comcast fragment has no syslog head at all
        (" 59C18AE39B: to=<a.and@comcast.net>, relay=mx2.comcast.net[2001:558:fe2d:70::22]:25, delay=0.95, delays=0.04/0/0.46/0.44, dsn=5.1.1, status=bounced (host mx2.comcast.net[2001:558:fe2d:70::22] said: 550 5.1.1 Not our Customer (in reply to RCPT TO command))", "no valid timestamp"),
        ("Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<abc@icloud.com, relay=none, status=sent (ok)", "unterminated to=<"),
        (#"Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<"abc>@icloud.com, relay=none, status=sent (ok)"#, "unterminated to=<"),
        ("Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<a@icloud.com>, relay=none, dsn=5.0.0, status=exploded (boom)", "unknown status word"),
        ("Feb  5 17:24:35 mail postfix/smtp[9635]: D298-F2C6: to=<a@icloud.com>, relay=none, dsn=5.0.0, status=bounced (x)", "bad queue id"),
        ("Feb 30 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<a@icloud.com>, relay=none, dsn=5.0.0, status=bounced (x)", "impossible date"),
        ("Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: relay=none, dsn=5.0.0, status=bounced (x)", "missing to=<>"),
    ])
    func rejected(_ line: String, _ reason: String) {
        var p = parser()
        let r = MTALog.parse(&p, line)
        #expect(r.disposition == .rejected(reason))
        #expect(r.events.isEmpty)
    }

    @Test("the real-log fixture file: parsed, ignored and rejected counts")
    func fixtureFile() {
        var p = parser(reference: "2026-03-04T00:00:00Z")
        var parsed = 0, ignored = 0, rejected = 0, events = 0
        for (i, line) in MTALog.fixtureLines("postfix/field-notes.log").enumerated() {
            let r = MTALog.parse(&p, line, lineNumber: i + 1)
            events += r.events.count
            switch r.disposition {
            case .parsed(let n): parsed += 1; #expect(n == r.events.count)
            case .ignored: ignored += 1
            case .rejected: rejected += 1
            }
        }
        #expect(parsed == 11)
        #expect(events == 11)
        #expect(ignored == 10)
        #expect(rejected == 1)
    }

    @Test("an empty to=<> is parsed with an empty recipient")
    func emptyRecipient() throws {
        var p = parser()
        let r = MTALog.parse(&p, "May  7 11:05:00 mail postfix/smtp[1]: 7E8F9A0B1C: to=<>, relay=mx.example.com[192.0.2.9]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.9] said: 550 5.1.1 no null recipient (in reply to RCPT TO command))")
        let e = try #require(r.event)
        #expect(e.recipient == "")
        #expect(e.recipientDomain == "")
        #expect(e.outcome == .bounced)
    }

    @Test("zone-less stamps use the assumed offset; RFC 3339 offsets are exact")
    func zones() throws {
        let line = "Nov  2 16:08:08 smtp2.example.com postfix/smtp[7674]: 7905611F797: to=<skyline.chen@icloud.com>, relay=mx3.mail.icloud.com[17.172.34.64]:25, delay=10, delays=0.04/0/6.2/4.1, dsn=2.5.0, status=sent (250 2.5.0 Ok.)"
        var east = parser(reference: "2015-11-03T00:00:00Z", offset: 3600)
        let e = try #require(MTALog.parse(&east, line).event)
        #expect(e.time.timeIntervalSince1970 == MTALog.epoch("2015-11-02T15:08:08Z"))
        var west = parser(reference: "2015-11-03T00:00:00Z", offset: -5 * 3600)
        let w = try #require(MTALog.parse(&west, line).event)
        #expect(w.time.timeIntervalSince1970 == MTALog.epoch("2015-11-02T21:08:08Z"))
        var micro = parser()
        let m = try #require(MTALog.parse(&micro, postfixDeliveries[1].line).event)
        #expect(m.time.timeIntervalSince1970 == MTALog.epoch("2026-03-03T10:45:35Z") + 0.473746)
        let rfc = "2026-03-03T12:45:35-05:00 mail postfix/smtp[1]: 3172D762A5D: to=<a@me.com>, relay=none, dsn=2.0.0, status=sent (250 ok)"
        var any = parser(offset: 7200)
        let r = try #require(MTALog.parse(&any, rfc).event)
        #expect(r.time.timeIntervalSince1970 == MTALog.epoch("2026-03-03T17:45:35Z"))
    }
}

