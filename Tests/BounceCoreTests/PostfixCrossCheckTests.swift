import Foundation
import Testing
@testable import BounceCore

@Suite struct PostfixCrossCheckTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/postfix/cross-check.log")

    /// Reference: 2026-11-29 (the year is inferred from it for classic stamps).
    static let reference = Double(CivilTime.epochSeconds(year: 2026, month: 11, day: 29, hour: 12, minute: 0, second: 0))

    func parseAll(_ text: String, reference: Double = PostfixCrossCheckTests.reference) -> (events: [DeliveryEvent], results: [LineDisposition]) {
        var p = PostfixParser(options: ParserOptions(referenceDate: reference, assumedUTCOffset: 0))
        var events: [DeliveryEvent] = []
        var results: [LineDisposition] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line.utf8)
            results.append(bytes.withUnsafeBufferPointer { p.parse($0, lineNumber: n + 1) { events.append($0) } })
        }
        return (events, results)
    }

    func epoch(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Double {
        Double(CivilTime.epochSeconds(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }

    @Test func fieldNotesLines() throws {
        let (events, results) = parseAll(try String(contentsOf: Self.fixture, encoding: .utf8))
        #expect(results.filter { if case .rejected = $0 { true } else { false } }.isEmpty, "\(results)")
        #expect(events.count == 12)
        let byRcpt = Dictionary(events.map { ($0.recipient, $0) }, uniquingKeysWith: { a, _ in a })

        let sent = try #require(byRcpt["skyline.chen@icloud.com"])
        #expect(sent.outcome == .delivered && sent.relayHost == "mx3.mail.icloud.com" && sent.relayIP == "17.172.34.64")
        #expect(sent.time.timeIntervalSince1970 == epoch(2026, 11, 2, 16, 8, 8), "Nov 2 before a Nov 29 reference: same year")
        #expect(sent.queueID == "7905611F797" && sent.status == EnhancedStatus("2.5.0"))

        let rfc = try #require(byRcpt["arharradine@me.com"])
        #expect(abs(rfc.time.timeIntervalSince1970 - (epoch(2026, 3, 3, 10, 45, 35) + 0.473746)) < 0.001)

        let quoted = try #require(byRcpt["\"user 1234 with space\"@icloud.com"])
        #expect(quoted.recipientDomain == "icloud.com" && quoted.outcome == .deferred && quoted.stage == .connect)
        #expect(quoted.replyCode == 550 && quoted.diagnostic.hasPrefix("550 5.7.0 Blocked - see https://support.proofpoint.com"))

        let yahoo = try #require(byRcpt["redacted@aol.com"])
        #expect(yahoo.stage == .mailFrom && yahoo.replyCode == 421 && yahoo.relayHost == "mx-aol.mail.gm0.yahoodns.net")
        #expect(yahoo.diagnostic.hasSuffix("SLN3434.html"))

        let timeout = try #require(byRcpt["1608014274@qqq.com"])
        #expect(timeout.relayHost == "qqq.com" && timeout.relayIP == "60.190.249.48" && timeout.stage == .connect && timeout.replyCode == nil)
        #expect(timeout.diagnostic == "connect to qqq.com[60.190.249.48]:25: Connection timed out")

        let lmtp = try #require(byRcpt["full@example.local"])
        #expect(lmtp.stage == .endOfData && lmtp.status == EnhancedStatus("4.2.2") && lmtp.relayIP == "127.0.0.1")

        let gmail = try #require(byRcpt["www.xx@gmail.com"])
        #expect(gmail.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp")
        #expect(gmail.stage == .rcptTo && gmail.replyCode == 550 && gmail.outcome == .bounced)

        let v6 = try #require(byRcpt["a.and@comcast.net"])
        #expect(v6.relayIP == "2001:558:fe2d:70::22" && v6.relayHost == "mx2.comcast.net")

        let qq = try #require(byRcpt["1141096962@qq.com"])
        #expect(qq.relayHost == "mx2.qq.com" && qq.status == EnhancedStatus("5.0.0") && qq.replyCode == 550)

        let mailcow = try #require(byRcpt["redacted1@icloud.com"])
        #expect(mailcow.status == EnhancedStatus("5.5.1") && mailcow.replyCode == 503 && mailcow.relayIP == "17.57.152.5")

        let nx = try #require(byRcpt["mail@e.mail.com"])
        #expect(nx.relayHost == nil && nx.status == EnhancedStatus("5.4.4") && nx.diagnostic.hasPrefix("Host or domain name not found"))
    }

    @Test func yearRollOverAndFebruary29() {
        let text = """
        Dec 31 23:59:58 mx postfix/smtp[1]: AAA1: to=<a@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=2.0.0, status=sent (250 ok)
        Jan  1 00:00:02 mx postfix/smtp[1]: AAA2: to=<b@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=2.0.0, status=sent (250 ok)
        """
        let (events, _) = parseAll(text, reference: epoch(2027, 1, 1, 0, 5, 0))
        #expect(events.map { $0.time.timeIntervalSince1970 } == [epoch(2026, 12, 31, 23, 59, 58), epoch(2027, 1, 1, 0, 0, 2)])
        let leap = parseAll("Feb 29 12:00:00 mx postfix/smtp[1]: AAA3: to=<c@me.com>, relay=none, dsn=4.4.1, status=deferred (connect to me.com[17.1.1.1]:25: Connection refused)",
                            reference: epoch(2026, 3, 10, 0, 0, 0)).events
        #expect(leap.first?.time.timeIntervalSince1970 == epoch(2024, 2, 29, 12, 0, 0))
    }

    @Test func qmgrExpiryJoinsDeferredRecipientsOnce() {
        let text = """
        2026-01-01T10:00:00Z mx postfix/smtp[1]: Q1: to=<a@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=4.2.2, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 user is overquota (in reply to RCPT TO command))
        2026-01-01T10:00:00Z mx postfix/smtp[1]: Q1: to=<b@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=4.2.2, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 user is overquota (in reply to RCPT TO command))
        2026-01-02T10:00:00Z mx postfix/smtp[1]: Q1: to=<b@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)
        2026-01-06T10:00:00Z mx postfix/qmgr[2]: Q1: from=<news@example.net>, status=expired, returned to sender
        2026-01-06T10:00:01Z mx postfix/qmgr[2]: Q9: from=<news@example.net>, status=expired, returned to sender
        2026-01-06T10:00:02Z mx postfix/qmgr[2]: Q1: from=<news@example.net>, status=expired, returned to sender
        """
        let (events, results) = parseAll(text)
        #expect(events.map(\.outcome) == [.deferred, .deferred, .delivered, .expired])
        #expect(events.last?.recipient == "a@icloud.com" && events.last?.status == EnhancedStatus("4.2.2"))
        #expect(results[3] == .parsed(1) && results[4] == .ignored && results[5] == .ignored)
    }

    @Test func everyTruncationOfRealLinesIsHandled() throws {
        let lines = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n")
        var p = PostfixParser(options: ParserOptions(referenceDate: Self.reference, assumedUTCOffset: 0))
        for line in lines {
            let bytes = Array(line.utf8)
            for cut in 0...bytes.count {
                let r = Array(bytes[0..<cut]).withUnsafeBufferPointer { p.parse($0, lineNumber: 1) { e in
                    #expect(!e.recipient.isEmpty)
                } }
                switch r { case .parsed, .ignored, .rejected: break }
            }
        }
    }

    @Test func hostileBytesDoNotCrash() {
        var p = PostfixParser(options: ParserOptions(referenceDate: Self.reference, assumedUTCOffset: 0))
        let nasty: [[UInt8]] = [
            Array("Nov  2 16:08:08 h postfix/smtp[1]: ABC: to=<\u{1B}[2J@icloud.com>, relay=x[1.2.3.4]:25, dsn=5.1.1, status=bounced (\u{0}\u{7F})".utf8),
            [0xFF, 0xFE] + Array(" status= postfix/smtp[1]: to=<".utf8),
            Array("Nov 99 16:08:08 h postfix/smtp[1]: ABC: to=<a@b.c>, relay=none, dsn=5.1.1, status=bounced (x)".utf8),
            Array("postfix/smtp[: status=".utf8),
            Array(repeating: 0x20, count: 10_000) + Array("status=sent".utf8),
        ]
        for n in nasty {
            let r = n.withUnsafeBufferPointer { p.parse($0, lineNumber: 1) { _ in } }
            #expect(r != .parsed(1) || n.count < 200)
        }
    }
}
