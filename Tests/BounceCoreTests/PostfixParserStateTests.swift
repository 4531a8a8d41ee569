import Foundation
import Testing
@testable import BounceCore

/// Postfix parser behaviour across lines (year inference, the qmgr expiry join) and against
/// hostile bytes (truncation, invalid UTF-8, NUL).
@Suite("PostfixParser state and robustness")
struct PostfixParserStateTests {
    func parser(reference: String, capacity: Int = 100_000) -> PostfixParser {
        PostfixParser(options: ParserOptions(referenceDate: MTALog.epoch(reference), assumedUTCOffset: 0),
                      pendingCapacity: capacity)
    }

    func line(_ stamp: String, _ qid: String, _ to: String, _ tail: String, daemon: String = "postfix/smtp") -> String {
        "\(stamp) mx1 \(daemon)[4101]: \(qid): to=<\(to)>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, delays=0/0/0.5/0.5, \(tail)"
    }

    // MARK: Year inference

    @Test("Dec 31 → Jan 1 rolls the year over (reference in January of the later year)")
    func yearRollOver() throws {
        var p = parser(reference: "2027-01-01T06:00:00Z")
        let times = MTALog.fixtureLines("postfix/rollover.log").compactMap { MTALog.parse(&p, $0).event?.time.timeIntervalSince1970 }
        #expect(times == [
            MTALog.epoch("2026-12-31T23:59:58Z"), MTALog.epoch("2026-12-31T23:59:59Z"),
            MTALog.epoch("2027-01-01T00:00:00Z"), MTALog.epoch("2027-01-01T00:00:01Z"),
        ])
    }

    @Test("a late December line after the roll-over belongs to the previous year")
    func lateLineAfterRollOver() {
        var p = parser(reference: "2027-01-02T00:00:00Z")
        let stamps = ["Dec 31 23:59:59", "Jan  1 00:00:01", "Dec 31 23:59:58", "Jan  1 00:00:02"]
        let times = stamps.map { MTALog.parse(&p, line($0, "1A2B3C4D5E", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).event?.time.timeIntervalSince1970 }
        #expect(times == [
            MTALog.epoch("2026-12-31T23:59:59Z"), MTALog.epoch("2027-01-01T00:00:01Z"),
            MTALog.epoch("2026-12-31T23:59:58Z"), MTALog.epoch("2027-01-01T00:00:02Z"),
        ])
    }

    @Test("first line more than a day after the reference is last year's", arguments: [
        ("Mar 10 12:00:00", "2025-03-10T12:00:00Z"),  // future of 2026-03-01 → 2025
        ("Mar  2 00:00:00", "2026-03-02T00:00:00Z"),  // within a day of the reference → 2026
        ("Feb 27 08:00:00", "2026-02-27T08:00:00Z"),  // past → 2026
    ])
    func firstLineYear(_ stamp: String, _ expected: String) throws {
        var p = parser(reference: "2026-03-01T00:00:00Z")
        let e = try #require(MTALog.parse(&p, line(stamp, "1A2B3C4D5E", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).event)
        #expect(e.time.timeIntervalSince1970 == MTALog.epoch(expected))
    }

    @Test("Feb 29 on the first line picks the latest leap year; mid-file in a non-leap year it is rejected")
    func leapDay() throws {
        var first = parser(reference: "2025-03-05T00:00:00Z")
        let e = try #require(MTALog.parse(&first, line("Feb 29 10:00:00", "1A2B3C4D5E", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).event)
        #expect(e.time.timeIntervalSince1970 == MTALog.epoch("2024-02-29T10:00:00Z"))

        var later = parser(reference: "2026-03-05T00:00:00Z")
        #expect(MTALog.parse(&later, line("Feb 28 10:00:00", "1A2B3C4D5E", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).disposition == .parsed(1))
        #expect(MTALog.parse(&later, line("Feb 29 10:00:00", "1A2B3C4D5F", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).disposition == .rejected("impossible date"))
        // The bad line did not move the clock.
        let next = try #require(MTALog.parse(&later, line("Mar  1 10:00:00", "1A2B3C4D60", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).event)
        #expect(next.time.timeIntervalSince1970 == MTALog.epoch("2026-03-01T10:00:00Z"))
    }

    @Test("an RFC 3339 line sets the year for later classic lines")
    func mixedStamps() throws {
        var p = parser(reference: "2030-01-01T00:00:00Z")
        _ = MTALog.parse(&p, line("2024-12-31T23:00:00Z", "1A2B3C4D5E", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)"))
        let e = try #require(MTALog.parse(&p, line("Jan  1 00:30:00", "1A2B3C4D5F", "a@icloud.com", "dsn=2.0.0, status=sent (250 ok)")).event)
        #expect(e.time.timeIntervalSince1970 == MTALog.epoch("2025-01-01T00:30:00Z"))
    }

    // MARK: qmgr expiry join

    let expiry = "Jan 15 10:00:00 mx1 postfix/qmgr[21697]: ABCDEF1234: from=<news@example.com>, status=expired, returned to sender"

    @Test("qmgr expiry emits one expired event per recipient still pending, never twice")
    func expiryJoin() throws {
        var p = parser(reference: "2026-01-20T00:00:00Z")
        let deferA1 = line("Jan 10 10:00:00", "ABCDEF1234", "a@icloud.com", "dsn=4.2.2, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 <a@icloud.com>: user is overquota (in reply to RCPT TO command))")
        let deferB = line("Jan 10 10:00:01", "ABCDEF1234", "b@me.com", "dsn=4.7.1, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 421 4.7.1 Messages to b@me.com deferred due to excessive volume. (in reply to RCPT TO command))")
        let deferC = line("Jan 10 10:00:02", "ABCDEF1234", "c@mac.com", "dsn=4.4.1, status=deferred (connect to mx01.mail.icloud.com[17.57.154.6]:25: Connection timed out)")
        let sentB = line("Jan 11 10:00:00", "ABCDEF1234", "b@me.com", "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1)")
        let deferA2 = line("Jan 12 10:00:00", "ABCDEF1234", "a@icloud.com", "dsn=4.7.0, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 451 4.7.0 Service unavailable - try again later (in reply to RCPT TO command))")
        for l in [deferA1, deferB, deferC, sentB, deferA2] { #expect(MTALog.isParsed(MTALog.parse(&p, l).disposition)) }
        #expect(p.pendingQueueIDs == 1)

        let r = MTALog.parse(&p, expiry, lineNumber: 9)
        #expect(r.disposition == .parsed(2))
        #expect(r.events.map(\.recipient) == ["a@icloud.com", "c@mac.com"])
        #expect(r.events.allSatisfy { $0.outcome == .expired && $0.queueID == "ABCDEF1234" && $0.line == 9 })
        #expect(r.events.allSatisfy { $0.time.timeIntervalSince1970 == MTALog.epoch("2026-01-15T10:00:00Z") })
        let a = try #require(r.events.first)
        #expect(a.diagnostic == "451 4.7.0 Service unavailable - try again later")  // the last deferral
        #expect(a.status?.description == "4.7.0")
        #expect(a.replyCode == 451)
        #expect(a.stage == .rcptTo)
        #expect(a.relayHost == "mx01.mail.icloud.com")
        #expect(a.relayIP == "17.57.154.6")
        #expect(r.events.last?.stage == .connect)

        // The same expiry again finds nothing: counted, ignored, no double count.
        #expect(MTALog.parse(&p, expiry).disposition == .ignored)
        #expect(p.unmatchedExpiries == 1)
        #expect(p.pendingQueueIDs == 0)
    }

    @Test("an expiry with nothing remembered is ignored and counted")
    func unmatchedExpiry() {
        var p = parser(reference: "2026-01-20T00:00:00Z")
        #expect(MTALog.parse(&p, expiry).disposition == .ignored)
        #expect(p.unmatchedExpiries == 1)
    }

    @Test("a bounce or a recipient-bearing expiry resolves the pending recipient")
    func resolvedBeforeExpiry() throws {
        var p = parser(reference: "2026-01-20T00:00:00Z")
        _ = MTALog.parse(&p, line("Jan 10 10:00:00", "ABCDEF1234", "a@icloud.com", "dsn=4.2.2, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 over quota (in reply to RCPT TO command))"))
        _ = MTALog.parse(&p, line("Jan 10 10:00:01", "ABCDEF1234", "b@icloud.com", "dsn=4.2.2, status=deferred (host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 over quota (in reply to RCPT TO command))"))
        let bounced = MTALog.parse(&p, line("Jan 11 10:00:00", "ABCDEF1234", "a@icloud.com", "dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <a@icloud.com>: user does not exist (in reply to RCPT TO command))"))
        #expect(bounced.event?.outcome == .bounced)
        let direct = MTALog.parse(&p, line("Jan 15 09:59:59", "ABCDEF1234", "b@icloud.com", "dsn=4.4.7, status=expired, returned to sender (host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 over quota (in reply to RCPT TO command))", daemon: "postfix/qmgr"))
        let e = try #require(direct.event)
        #expect(e.outcome == .expired)
        #expect(e.recipient == "b@icloud.com")
        #expect(e.status?.description == "4.4.7")
        #expect(MTALog.parse(&p, expiry).disposition == .ignored)
        #expect(p.unmatchedExpiries == 1)
    }

    @Test("`QID: removed` forgets the queue id")
    func removedForgets() {
        var p = parser(reference: "2026-01-20T00:00:00Z")
        _ = MTALog.parse(&p, line("Jan 10 10:00:00", "ABCDEF1234", "a@icloud.com", "dsn=4.2.2, status=deferred (x)"))
        #expect(p.pendingQueueIDs == 1)
        #expect(MTALog.parse(&p, "Jan 10 10:05:00 mx1 postfix/qmgr[21697]: ABCDEF1234: removed").disposition == .ignored)
        #expect(p.pendingQueueIDs == 0)
        #expect(MTALog.parse(&p, expiry).disposition == .ignored)
        #expect(p.unmatchedExpiries == 1)
    }

    @Test("the pending map is bounded: the oldest queue id is evicted first")
    func boundedPending() {
        var p = parser(reference: "2026-01-20T00:00:00Z", capacity: 2)
        for qid in ["AAAAA11111", "BBBBB22222", "CCCCC33333"] {
            _ = MTALog.parse(&p, line("Jan 10 10:00:00", qid, "a@icloud.com", "dsn=4.2.2, status=deferred (x)"))
        }
        #expect(p.pendingQueueIDs == 2)
        let q = { (id: String) in "Jan 15 10:00:00 mx1 postfix/qmgr[1]: \(id): from=<s@example.com>, status=expired, returned to sender" }
        #expect(MTALog.parse(&p, q("AAAAA11111")).disposition == .ignored)
        #expect(MTALog.parse(&p, q("BBBBB22222")).disposition == .parsed(1))
        #expect(MTALog.parse(&p, q("CCCCC33333")).disposition == .parsed(1))
        #expect(p.unmatchedExpiries == 1)
    }

    // MARK: Hostile bytes

    @Test("a real line cut at every byte position never crashes and keeps what it reports", arguments: postfixDeliveries)
    func truncation(_ x: ExpectedDelivery) throws {
        let bytes = Array(x.line.utf8)
        var full = parser(reference: x.reference)
        let whole = try #require(MTALog.parse(&full, bytes: bytes).event)
        for cut in 0...bytes.count {
            var p = parser(reference: x.reference)
            let r = MTALog.parse(&p, bytes: Array(bytes[0..<cut]))
            switch r.disposition {
            case .parsed(let n):
                #expect(n == 1)
                let e = try #require(r.event)
                #expect(e.recipient == whole.recipient)
                #expect(e.queueID == whole.queueID)
                #expect(e.time == whole.time)
                #expect(e.outcome == whole.outcome)
            case .ignored, .rejected:
                #expect(r.events.isEmpty)
            }
        }
    }

    @Test("a delivery line cut before status= is rejected, not silently ignored", arguments: postfixDeliveries)
    func cutBeforeStatusIsRejected(_ x: ExpectedDelivery) throws {
        let line = x.line
        guard let to = line.range(of: ": to=<"), let status = line.range(of: "status="),
              line.contains("/smtp[") || line.contains("/lmtp[") || line.contains("/local[") || line.contains("/virtual[")
        else { return }
        let bytes = Array(line.utf8)
        let from = line.utf8.distance(from: line.startIndex, to: to.upperBound)
        let upTo = line.utf8.distance(from: line.startIndex, to: status.lowerBound)
        for cut in from..<upTo {
            var p = parser(reference: x.reference)
            let r = MTALog.parse(&p, bytes: Array(bytes[0..<cut]))
            #expect(r.disposition == .rejected("delivery line cut before status="), "cut at \(cut): \(String(decoding: bytes[0..<cut], as: UTF8.self))")
        }
    }

    @Test("lines that mention to=< but are not delivery records stay ignored")
    func toWithoutStatusThatIsNoDelivery() {
        let lines = [
            "Nov  2 16:08:08 mx1 postfix/smtpd[4410]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <x@example.org>: Relay access denied; from=<a@b.example> to=<x@example.org> proto=ESMTP helo=<spam>",
            "Nov  2 16:08:08 mx1 postfix/smtp[4411]: 4F3A21C0D2: host mx01.mail.icloud.com[17.57.154.6] said: 450 4.2.1 try later (in reply to RCPT TO command)",
            "Nov  2 16:08:08 mx1 postfix/cleanup[4412]: 4F3A21C0D2: message-id=<to=<odd@example.org>>",
        ]
        for line in lines {
            var p = parser(reference: "2026-01-01T00:00:00Z")
            #expect(MTALog.parse(&p, line).disposition == .ignored, "\(line)")
        }
    }

    @Test("a line cut inside its reply text is parsed with a shortened diagnostic")
    func cutInsideText() throws {
        let full = postfixDeliveries[7].line  // the Gmail multi-line bounce
        let cut = String(full.prefix(full.count - 60))
        var p = parser(reference: "2026-01-01T00:00:00Z")
        let e = try #require(MTALog.parse(&p, cut).event)
        #expect(e.outcome == .bounced)
        #expect(e.replyCode == 550)
        #expect(e.diagnostic.hasPrefix("550 5.1.1 The email account that you tried to reach does not exist."))
        #expect(e.stage == nil)
    }

    @Test("invalid UTF-8 and NUL bytes inside a line")
    func hostileBytes() throws {
        let head = Array("Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<caf".utf8)
        let mid = Array("@icloud.com>, relay=mx6.mail.icloud.com[17.178.97.79]:25, dsn=5.1.1, status=bounced (host mx6.mail.icloud.com[17.178.97.79] said: 550 5.1.1 bad".utf8)
        let tail = Array("bytes (in reply to RCPT TO command))".utf8)
        let bytes = head + [0xC3] + mid + [0xFF, 0xFE, 0x00, 0x80] + tail
        var p = parser(reference: "2026-03-01T00:00:00Z")
        let e = try #require(MTALog.parse(&p, bytes: bytes).event)
        #expect(e.recipient == "caf\u{FFFD}@icloud.com")
        #expect(e.recipientDomain == "icloud.com")
        #expect(e.diagnostic.hasPrefix("550 5.1.1 bad\u{FFFD}"))
        #expect(e.diagnostic.hasSuffix("bytes"))
        #expect(!e.diagnostic.contains("\u{0}"))
        #expect(e.stage == .rcptTo)

        // NUL in the head, and pure garbage, never crash.
        var q = parser(reference: "2026-03-01T00:00:00Z")
        _ = MTALog.parse(&q, bytes: Array("Feb  5 17:24:35 ma\u{0}il postfix/smtp[1]: D298F2C60812: to=<a@b.c>, status=sent (ok)".utf8))
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            var junk: [UInt8] = []
            for _ in 0..<Int(seed % 200) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                junk.append(UInt8(truncatingIfNeeded: seed >> 33))
            }
            let r = MTALog.parse(&q, bytes: Array("status=".utf8) + junk)
            // No syslog header, so never a delivery: skipped or rejected, and a rejection says why.
            #expect(!MTALog.isParsed(r.disposition) && r.events.isEmpty, "\(junk): \(r.disposition)")
            if case .rejected(let why) = r.disposition { #expect(!why.isEmpty) }
        }
    }

    @Test("random byte mutations of real lines never crash")
    func mutations() {
        var seed: UInt64 = 42
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        var p = parser(reference: "2026-03-01T00:00:00Z")
        for x in postfixDeliveries {
            for _ in 0..<200 {
                var bytes = Array(x.line.utf8)
                for _ in 0..<(1 + Int(next() % 4)) {
                    let at = Int(next() % UInt64(bytes.count))
                    let special: [UInt8] = [0, 10, 13, 32, 34, 40, 41, 44, 58, 60, 62, 91, 93, 0xFF]
                    bytes[at] = next() % 2 == 0 ? special[Int(next() % UInt64(special.count))] : UInt8(truncatingIfNeeded: next())
                }
                let r = MTALog.parse(&p, bytes: bytes)
                if case .parsed(let n) = r.disposition { #expect(n == r.events.count) }
            }
        }
    }
}
