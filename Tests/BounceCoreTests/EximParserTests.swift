import Foundation
import Testing
@testable import BounceCore

/// Real Exim log lines (verbatim) and variants built in the same shapes.
let eximDeliveries: [ExpectedDelivery] = [
    // Perl log-parser test: => with H= and C=.
    ExpectedDelivery(
        line: #"2012-02-13 14:57:25 1RwtZn-000Hp3-BF => kumqpqobomitzdu@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [209.85.137.27] X=TLSv1:RC4-SHA:128 C="250 2.0.0 OK 1329130645 b5si5289243lbn.22""#,
        time: "2012-02-13T14:57:25Z", queueID: "1RwtZn-000Hp3-BF", recipient: "kumqpqobomitzdu@gmail.com",
        domain: "gmail.com", relayHost: "gmail-smtp-in.l.google.com", relayIP: "209.85.137.27", code: 250,
        status: "2.0.0", outcome: .delivered, diagnostic: "250 2.0.0 OK 1329130645 b5si5289243lbn.22"),
    // Exim-log importer: == with errno, old "host X [ip]:" inside the text.
    ExpectedDelivery(
        line: "2012-02-13 14:39:22 1RookS-000Pg8-VO == udbbwscdnbegrmloghuf@london.com R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<udbbwscdnbegrmloghuf@london.com>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s) and see ( http://portal.gmx.net/serverrules ) {mx-us011}",
        time: "2012-02-13T14:39:22Z", queueID: "1RookS-000Pg8-VO", recipient: "udbbwscdnbegrmloghuf@london.com",
        domain: "london.com", relayHost: "mx0.gmx.com", relayIP: "74.208.5.90", code: 450, status: "4.3.2",
        stage: .rcptTo, outcome: .deferred,
        diagnostic: "450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s) and see ( http://portal.gmx.net/serverrules ) {mx-us011}"),
    // ** with retry timeout: expired.
    ExpectedDelivery(
        line: "2012-02-13 14:39:22 1RookS-000Pg8-VO ** fwxvparobkymnbyemevz@london.com: retry timeout exceeded",
        time: "2012-02-13T14:39:22Z", queueID: "1RookS-000Pg8-VO", recipient: "fwxvparobkymnbyemevz@london.com",
        domain: "london.com", outcome: .expired, diagnostic: "retry timeout exceeded"),
    // pastebin: local deferral.
    ExpectedDelivery(
        line: "2014-08-05 07:44:14 1XEPof-0001p2-Oi == www-data@108 R=local_user T=mail_spool defer (-52): Retry time not yet reached",
        time: "2014-08-05T07:44:14Z", queueID: "1XEPof-0001p2-Oi", recipient: "www-data@108", domain: "108",
        outcome: .deferred, diagnostic: "Retry time not yet reached"),
    // pastebin: Unrouteable address stays a bounce with its text.
    ExpectedDelivery(
        line: "2014-08-05 07:44:15 1XEZPr-0000T9-Hk ** postmaster@108: Unrouteable address",
        time: "2014-08-05T07:44:15Z", queueID: "1XEZPr-0000T9-Hk", recipient: "postmaster@108", domain: "108",
        outcome: .bounced, diagnostic: "Unrouteable address"),
    // eximstats body on a full ** line, new message id, CV=yes: and Exim's escaped line breaks.
    ExpectedDelivery(
        line: #"2024-05-02 09:12:44 1x6mUB-00000006Pya-498Q ** 6@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [173.194.76.26] X=TLS1.2:ECDHE_ECDSA_CHACHA20_POLY1305:256 CV=yes: SMTP error from remote mail server after RCPT TO:<6@gmail.com>: 550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. Learn more at\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si1234567wrb.12 - gsmtp"#,
        time: "2024-05-02T09:12:44Z", queueID: "1x6mUB-00000006Pya-498Q", recipient: "6@gmail.com", domain: "gmail.com",
        relayHost: "gmail-smtp-in.l.google.com", relayIP: "173.194.76.26", code: 550, status: "5.1.1", stage: .rcptTo,
        outcome: .bounced,
        diagnostic: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser a1si1234567wrb.12 - gsmtp"),
    // Newer layout: defer (-44) H=host [ip]: SMTP error …, [pid], iCloud user does not exist.
    ExpectedDelivery(
        line: "2019-08-08 16:42:10 [12345] 1i3Zx1-0003aB-Qz == Jane@iCloud.com R=dnslookup T=remote_smtp defer (-44) H=mx01.mail.icloud.com [17.57.154.6]: SMTP error from remote mail server after pipelined RCPT TO:<Jane@iCloud.com>: 452 4.2.2 <Jane@icloud.com>: user is overquota",
        time: "2019-08-08T16:42:10Z", queueID: "1i3Zx1-0003aB-Qz", recipient: "Jane@icloud.com", domain: "icloud.com",
        relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", code: 452, status: "4.2.2", stage: .rcptTo,
        outcome: .deferred, diagnostic: "452 4.2.2 <Jane@icloud.com>: user is overquota"),
    ExpectedDelivery(
        line: "2019-08-08 16:42:11 1i3Zx2-0003aC-R0 ** x@icloud.com R=dnslookup T=remote_smtp H=MX02.mail.icloud.com [17.57.155.34] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<x@icloud.com>: 550 5.1.1 <x@icloud.com>: user does not exist",
        time: "2019-08-08T16:42:11Z", queueID: "1i3Zx2-0003aC-R0", recipient: "x@icloud.com", domain: "icloud.com",
        relayHost: "mx02.mail.icloud.com", relayIP: "17.57.155.34", code: 550, status: "5.1.1", stage: .rcptTo,
        outcome: .bounced, diagnostic: "550 5.1.1 <x@icloud.com>: user does not exist"),
    // End of data, with a log_timezone offset and milliseconds.
    ExpectedDelivery(
        line: "2026-03-12 09:15:02.250 +0100 1w2X3y-0000Ab-Cd ** something@icloud.com R=dnslookup T=remote_smtp H=mx01.mail.icloud.com [17.57.154.6]: SMTP error from remote mail server after end of data: 554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
        time: "2026-03-12T08:15:02.25Z", queueID: "1w2X3y-0000Ab-Cd", recipient: "something@icloud.com",
        domain: "icloud.com", relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", code: 554, status: "5.7.1",
        stage: .endOfData, outcome: .bounced,
        diagnostic: "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137"),
    // Banner rejection ("after initial connection"), IPv6 host with port.
    ExpectedDelivery(
        line: "2026-03-12 09:16:00 1w2X3z-0000Ab-Ce == bob@example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [2001:db8::25]:25: SMTP error from remote mail server after initial connection: 421 4.7.0 mx.example.net Error: too many connections",
        time: "2026-03-12T09:16:00Z", queueID: "1w2X3z-0000Ab-Ce", recipient: "bob@example.net", domain: "example.net",
        relayHost: "mx.example.net", relayIP: "2001:db8::25", code: 421, status: "4.7.0", stage: .connect,
        outcome: .deferred, diagnostic: "421 4.7.0 mx.example.net Error: too many connections"),
    // MAIL FROM with a SIZE parameter; a reply without enhanced code.
    ExpectedDelivery(
        line: "2026-03-12 09:17:00 1w2X40-0000Ab-Cf ** eve@qq.com R=dnslookup T=remote_smtp H=mx2.qq.com [184.105.206.86]: SMTP error from remote mail server after MAIL FROM:<bounce@example.org> SIZE=2048: 550 Connection frequency limited",
        time: "2026-03-12T09:17:00Z", queueID: "1w2X40-0000Ab-Cf", recipient: "eve@qq.com", domain: "qq.com",
        relayHost: "mx2.qq.com", relayIP: "184.105.206.86", code: 550, status: nil, stage: .mailFrom,
        outcome: .bounced, diagnostic: "550 Connection frequency limited"),
    // -> additional address with <original>; >> cutthrough.
    ExpectedDelivery(
        line: #"2026-03-12 09:18:00 1w2X41-0000Ab-Cg -> second@me.com <alias@example.org> R=dnslookup T=remote_smtp H=mx01.mail.icloud.com [17.57.154.6] C="250 2.0.0 Ok: queued as 9A""#,
        time: "2026-03-12T09:18:00Z", queueID: "1w2X41-0000Ab-Cg", recipient: "second@me.com", domain: "me.com",
        relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", code: 250, status: "2.0.0", outcome: .delivered,
        diagnostic: "250 2.0.0 Ok: queued as 9A"),
    ExpectedDelivery(
        line: #"2026-03-12 09:18:01 1w2X42-0000Ab-Ch >> third@mac.com R=dnslookup T=remote_smtp H=mx02.mail.icloud.com [17.57.155.34] C="250 2.0.0 Ok: queued as \"9B\"""#,
        time: "2026-03-12T09:18:01Z", queueID: "1w2X42-0000Ab-Ch", recipient: "third@mac.com", domain: "mac.com",
        relayHost: "mx02.mail.icloud.com", relayIP: "17.57.155.34", code: 250, status: "2.0.0", outcome: .delivered,
        diagnostic: #"250 2.0.0 Ok: queued as \"9B\""#),
    // Local delivery: the recipient is the <original>.
    ExpectedDelivery(
        line: "2026-03-12 09:19:00 1w2X43-0000Ab-Ci => jdoe <JDoe@Example.COM> R=localuser T=local_delivery",
        time: "2026-03-12T09:19:00Z", queueID: "1w2X43-0000Ab-Ci", recipient: "JDoe@example.com", domain: "example.com",
        outcome: .delivered, diagnostic: ""),
    // Connection failure with H=; retry time not reached for any host (cPanel router) as a deferral.
    ExpectedDelivery(
        line: "2026-03-12 09:20:00 1w2X44-0000Ab-Cj == zed@example.org R=dnslookup T=remote_smtp defer (110) H=mx.example.org [192.0.2.44]: Connection timed out",
        time: "2026-03-12T09:20:00Z", queueID: "1w2X44-0000Ab-Cj", recipient: "zed@example.org", domain: "example.org",
        relayHost: "mx.example.org", relayIP: "192.0.2.44", stage: .connect, outcome: .deferred,
        diagnostic: "Connection timed out"),
    ExpectedDelivery(
        line: "2026-03-12 09:21:00 1w2X45-0000Ab-Ck == mikestellhorn@aol.com R=lookuphost T=remote_smtp defer (-53): retry time not reached for any host",
        time: "2026-03-12T09:21:00Z", queueID: "1w2X45-0000Ab-Ck", recipient: "mikestellhorn@aol.com", domain: "aol.com",
        outcome: .deferred, diagnostic: "retry time not reached for any host"),
    // Quoted local part.
    ExpectedDelivery(
        line: #"2026-03-12 09:22:00 1w2X46-0000Ab-Cl ** "john smith"@icloud.com R=dnslookup T=remote_smtp H=mx01.mail.icloud.com [17.57.154.6]: SMTP error from remote mail server after RCPT TO:<"john smith"@icloud.com>: 550 5.1.1 unknown or illegal alias"#,
        time: "2026-03-12T09:22:00Z", queueID: "1w2X46-0000Ab-Cl", recipient: #""john smith"@icloud.com"#,
        domain: "icloud.com", relayHost: "mx01.mail.icloud.com", relayIP: "17.57.154.6", code: 550, status: "5.1.1",
        stage: .rcptTo, outcome: .bounced, diagnostic: "550 5.1.1 unknown or illegal alias"),
]

@Suite("EximParser")
struct EximParserTests {
    func parser(offset: Int? = 0) -> EximParser {
        EximParser(options: ParserOptions(referenceDate: 0, assumedUTCOffset: offset))
    }

    @Test("real and constructed delivery lines", arguments: eximDeliveries)
    func deliveryLine(_ x: ExpectedDelivery) throws {
        var p = parser()
        try MTALog.expectDelivery(&p, x, format: .exim, lineNumber: 7)
    }

    @Test("non-delivery lines are ignored", arguments: [
        "2012-02-13 14:39:22 1RwtJa-000AFJ-3B <= <> R=1RookS-00...",
        "2014-08-05 07:44:15 1XE5ec-0000Ov-4m Frozen",
        "2013-06-15 16:36:49 H=altmx.marsukov.com [111.67.203.116] F=<kadrofutcheti@mail.ru> rejected RCPT <oksana@birzhatm.ua>: Unknown user",
        "1 - 6@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [173.194.76.26] X=TLS1.2:ECDHE_ECDSA_CHACHA20_POLY1305:256 CV=yes: SMTP error from remote mail server after RCPT TO:<6@gmail.com>: 550-5.1.1 The email account that you tried to reach does not exist. ...",
        "2024-05-02 09:12:45 1x6mUB-00000006Pya-498Q Completed",
        "2024-05-02 09:12:45 1x6mUB-00000006Pya-498Q *> nobody@example.com R=dnslookup T=remote_smtp",
        "2024-05-02 09:12:45 SMTP connection from [192.0.2.1]:51234 (TCP/IP connection count = 1)",
        "2024-05-02 09:12:45 Start queue run: pid=1234",
        "2024-05-02 09:12:45 1x6mUB-00000006Pya-498Q H=mx.example.com [192.0.2.1] Connection refused",
        "",
    ])
    func ignored(_ line: String) {
        var p = parser()
        let r = MTALog.parse(&p, line)
        #expect(r.disposition == .ignored)
        #expect(r.events.isEmpty)
    }

    @Test("broken delivery lines are rejected", arguments: [
        ("== mikestellhorn@aol.com R=lookuphost T=remote_smtp defer (-53): retry time not reached for any host", "no valid timestamp"),
        ("2012-02-13 25:39:22 1RookS-000Pg8-VO ** a@b.c: Unrouteable address", "no valid timestamp"),
        ("2012-02-13 14:39:22 1RookS-000Pg8-VO ** ", "missing address"),
        ("2012-02-13 14:39:22 1RookS-000Pg8-VO ** :", "missing address"),
    ])
    func rejected(_ line: String, _ reason: String) {
        var p = parser()
        #expect(MTALog.parse(&p, line).disposition == .rejected(reason))
    }

    @Test("the real-log fixture file: parsed, ignored and rejected counts")
    func fixtureFile() {
        var p = parser()
        var parsed = 0, ignored = 0, rejected = 0
        for (i, line) in MTALog.fixtureLines("exim/field-notes.log").enumerated() {
            switch MTALog.parse(&p, line, lineNumber: i + 1).disposition {
            case .parsed(let n): parsed += n
            case .ignored: ignored += 1
            case .rejected: rejected += 1
            }
        }
        #expect(parsed == 6)
        #expect(ignored == 5)
        #expect(rejected == 1)
    }

    @Test("zone-less times use the assumed offset")
    func assumedOffset() throws {
        var p = parser(offset: -4 * 3600)
        let e = try #require(MTALog.parse(&p, eximDeliveries[0].line).event)
        #expect(e.time.timeIntervalSince1970 == MTALog.epoch("2012-02-13T18:57:25Z"))
    }

    @Test("a real line cut at every byte position never crashes", arguments: eximDeliveries)
    func truncation(_ x: ExpectedDelivery) throws {
        let bytes = Array(x.line.utf8)
        var full = parser()
        let whole = try #require(MTALog.parse(&full, bytes: bytes).event)
        for cut in 0...bytes.count {
            var p = parser()
            let r = MTALog.parse(&p, bytes: Array(bytes[0..<cut]))
            if case .parsed(let n) = r.disposition {
                #expect(n == 1)
                let e = try #require(r.event)
                #expect(e.queueID == whole.queueID)
                #expect(e.time == whole.time)
                #expect(e.outcome.counted == whole.outcome.counted)
            } else {
                #expect(r.events.isEmpty)
            }
        }
    }

    @Test("invalid UTF-8, NUL bytes and a stray carriage return")
    func hostileBytes() throws {
        let line = eximDeliveries[7].line
        var p = parser()
        let clean = try #require(MTALog.parse(&p, line).event)
        let withCR = try #require(MTALog.parse(&p, line + "\r").event)
        #expect(clean == withCR)
        var bytes = Array(line.utf8)
        bytes.append(contentsOf: [0x00, 0xFF, 0x20, 0x41])
        let dirty = try #require(MTALog.parse(&p, bytes: bytes).event)
        #expect(dirty.diagnostic == clean.diagnostic + " \u{FFFD} A")
    }
}
