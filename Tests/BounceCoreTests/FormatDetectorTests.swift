import Foundation
import Testing
@testable import BounceCore

@Suite("Format detection")
struct FormatDetectorTests {
    // Real Postfix and Exim log lines.
    static let postfix = [
        "Nov  2 16:08:08 smtp2.example.com postfix/smtp[7674]: 7905611F797: to=<skyline.chen@icloud.com>, relay=mx3.mail.icloud.com[17.172.34.64]:25, delay=10, delays=0.04/0/6.2/4.1, dsn=2.5.0, status=sent (250 2.5.0 Ok.)",
        "2026-03-03T10:45:35.473746+00:00 mail postfix/smtp[1013986]: 3172D762A5D: to=<arharradine@me.com>, relay=mx01.mail.icloud.com[17.56.9.31]:25, delay=6.3, delays=0.1/0/1.1/5.1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as D04B3C0008B)",
        "Sep 16 00:07:43 smtpnode07 postfix-10.20.30.40/smtp[3022]: 0C31D3D1E6: to=<redacted@aol.com>, relay=mx-aol.mail.gm0.yahoodns.net[11.22.33.44]:25, delay=18910, delays=18900/8.9/0.69/0.03, dsn=4.7.0, status=deferred (host mx-aol.mail.gm0.yahoodns.net[11.22.33.44] said: 421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html (in reply to MAIL FROM command))",
        "Nov  2 16:07:58 smtp2.example.com postfix/qmgr[21697]: 7905611F797: from=<root@mail2.example.com>, size=461, nrcpt=1 (queue active)",
    ]
    static let exim = [
        "2012-02-13 14:57:25 1RwtZn-000Hp3-BF => kumqpqobomitzdu@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [209.85.137.27] X=TLSv1:RC4-SHA:128 C=\"250 2.0.0 OK 1329130645 b5si5289243lbn.22\"",
        "2012-02-13 14:39:22 1RookS-000Pg8-VO ** fwxvparobkymnbyemevz@london.com: retry timeout exceeded",
        "2014-08-05 07:44:15 1XE5ec-0000Ov-4m Frozen",
        "2024-05-01 10:00:00.123 +0200 [4242] 1s2AbC-00000000Xyz-1a2B <= sender@example.com H=localhost [127.0.0.1] P=esmtp S=1234",
    ]
    static let pmtaHeader = PowerMTAColumns.defaultHeader
    static let pmtaRows = [
        "d,2026-09-21 12:00:07+0000,2026-09-21 11:59:00+0000,b@em.discountblog.com,u7@gmail.com,,relayed,2.0.0,\"250 ok\",mx.gmail.com,,smtp,,smtp,15.204.101.125,142.250.1.1,1,1234,db-gmail-pool,job7,,gmail.com/db-gmail-pool,db-gmail-pool",
        "b,1178807915,orig@port25.com,user3@domain.com,,policy-related",
    ]
    static let junk = [
        "==> /var/log/mail.log <==",
        "Last login: Thu Aug  8 17:00:00 2019 from 10.0.0.5",
        "[2019-08-08 17:00:00] INFO worker started",
        "\u{01}\u{02}\u{7F}binary\u{FFFD}",
        "-- Logs begin at Thu 2019-08-08 16:00:00 UTC. --",
        "2019-08-08 17:00:00 some application said hello",
    ]
    static let jsonl = [
        #"{"email":"alex@example.com","timestamp":1513299569,"event":"bounce","type":"bounce","reason":"500 unknown recipient","status":"5.0.0"}"#,
        #"[{"email":"d@me.com","timestamp":1565283741,"event":"delivered"}]"#,
        #"{"timestamp":"2019-08-08T17:02:11Z","event":"bounced","recipient":"n1@icloud.com","status":"5.1.1"}"#,
    ]

    static func detect(_ lines: [String]) -> SourceFormat? {
        FormatDetector.detect(lines: lines.map { Array($0.utf8) })
    }

    @Test("clean files", arguments: [
        (postfix, SourceFormat.postfix), (exim, .exim), ([pmtaHeader] + pmtaRows, .pmta), (pmtaRows, .pmta), (jsonl, .jsonl),
    ] as [([String], SourceFormat)])
    func clean(lines: [String], expected: SourceFormat) {
        #expect(Self.detect(lines) == expected)
    }

    @Test("junk at the start of files does not change the answer", arguments: [
        (postfix, SourceFormat.postfix), (exim, .exim), (pmtaRows, .pmta), (jsonl, .jsonl),
    ] as [([String], SourceFormat)])
    func junkFirst(lines: [String], expected: SourceFormat) {
        #expect(Self.detect(Self.junk + lines) == expected)
        #expect(Self.detect(["", "   "] + Self.junk.prefix(2) + lines + Self.junk) == expected)
    }

    @Test("a PowerMTA header is decisive even after junk and other-looking lines")
    func headerDecisive() {
        #expect(Self.detect(Self.junk + Self.postfix.prefix(1) + [Self.pmtaHeader] + Self.postfix) == .pmta)
        #expect(Self.detect(["\u{FEFF}" + "type,timeLogged,rcpt,dsnStatus"]) == .pmta)
        #expect(Self.detect(["\"type\",\"rcpt\",\"dsnDiag\""]) == .pmta)
    }

    @Test("the majority wins on mixed input")
    func majority() {
        #expect(Self.detect(Self.postfix + Self.exim.prefix(1)) == .postfix)
        #expect(Self.detect(Self.exim + Self.postfix.prefix(1)) == .exim)
        #expect(Self.detect(Self.jsonl + Self.postfix.prefix(1)) == .jsonl)
    }

    @Test("noise alone is not a format")
    func noise() {
        #expect(Self.detect(Self.junk) == nil)
        #expect(Self.detect([]) == nil)
        #expect(Self.detect(["", "", ""]) == nil)
        #expect(Self.detect(["[1, 2, 3]", "[INFO] starting", "d, hello there"]) == nil)
    }

    @Test("only the first lines are sampled")
    func sampleWindow() {
        let lines = Array(repeating: Self.exim[0], count: FormatDetector.sampleSize) + Array(repeating: Self.postfix[0], count: 200)
        #expect(Self.detect(lines) == .exim)
    }

    @Test("detect(prefix:) splits raw bytes and tolerates a cut-off last line")
    func prefixBytes() {
        let text = (Self.junk.prefix(2) + Self.jsonl).joined(separator: "\n") + "\n{\"email\":\"cut"
        #expect(FormatDetector.detect(prefix: Array(text.utf8)) == .jsonl)
        let crlf = (Self.postfix + Self.postfix).joined(separator: "\r\n") + "\r\n"
        #expect(FormatDetector.detect(prefix: Array(crlf.utf8)) == .postfix)
        #expect(FormatDetector.detect(prefix: Array(Self.exim[0].utf8)) == .exim)
    }

    @Test("single-line votes", arguments: [
        (postfix[0], SourceFormat?.some(.postfix)), (exim[0], .exim), (exim[3], .exim), (pmtaRows[0], .pmta),
        (jsonl[0], .jsonl), (jsonl[1], .jsonl), (junk[2], nil), (junk[5], nil), ("{\"cut", .jsonl),
        ("Aug  8 17:00:00 host sshd[1]: Accepted publickey for root", nil),
    ] as [(String, SourceFormat?)])
    func singleVote(line: String, expected: SourceFormat?) {
        var s = line
        #expect(s.withUTF8 { FormatDetector.vote($0[...]) } == expected)
    }
}
