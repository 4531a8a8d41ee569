import Foundation
import Testing
@testable import BounceCore

/// Timestamps and injection safety of what the parsers keep.
extension HostileInputTests {
    // MARK: timestamps

    static func postfixTime(_ stamp: String, reference: String, offset: Int? = 0) -> Date? {
        let ref = ISO8601DateFormatter().date(from: reference)!.timeIntervalSince1970
        var p = PostfixParser(options: ParserOptions(referenceDate: ref, assumedUTCOffset: offset))
        return postfixTimes([stamp], parser: &p).first ?? nil
    }

    static func postfixTimes(_ stamps: [String], parser p: inout PostfixParser) -> [Date?] {
        stamps.map { stamp in
            let line = "\(stamp) mail postfix/smtp[1]: ABC123: to=<a@icloud.com>, relay=none, dsn=2.0.0, status=sent (250 ok)"
            var t: Date?
            _ = Array(line.utf8).withUnsafeBufferPointer { p.parse($0, lineNumber: 1) { t = $0.time } }
            return t
        }
    }

    @Test func februaryTwentyNinth() {
        // Leap year reference: this year's Feb 29.
        #expect(Self.postfixTime("Feb 29 12:00:00", reference: "2024-03-01T00:00:00Z")?.isoMillis == "2024-02-29T12:00:00.000Z")
        // Non-leap reference: the last leap year's.
        #expect(Self.postfixTime("Feb 29 12:00:00", reference: "2025-03-01T00:00:00Z")?.isoMillis == "2024-02-29T12:00:00.000Z")
        // RFC 3339 Feb 29 in a non-leap year is not a date: rejected, never shifted to Mar 1.
        #expect(Self.postfixTime("2023-02-29T12:00:00Z", reference: "2023-03-01T00:00:00Z") == nil)
        #expect(Self.postfixTime("2024-02-29T23:59:59.999+00:00", reference: "2024-03-01T00:00:00Z")?.isoMillis == "2024-02-29T23:59:59.999Z")
        #expect(TimestampBytes.parseCivil(Array("2100-02-29 00:00:00".utf8).withUnsafeBufferPointer { $0[...] }) == nil)
        #expect(Self.postfixTime("Apr 31 00:00:00", reference: "2024-05-01T00:00:00Z") == nil)
        #expect(Self.postfixTime("Feb 30 00:00:00", reference: "2024-05-01T00:00:00Z") == nil)
    }

    @Test func yearRollOverDecemberToJanuary() {
        let ref = ISO8601DateFormatter().date(from: "2025-01-02T00:00:00Z")!.timeIntervalSince1970
        var p = PostfixParser(options: ParserOptions(referenceDate: ref, assumedUTCOffset: 0))
        let t = Self.postfixTimes(["Dec 31 23:59:58", "Dec 31 23:59:59", "Jan  1 00:00:00", "Jan  1 00:00:01"], parser: &p)
        #expect(t.map { $0?.isoMillis } == ["2024-12-31T23:59:58.000Z", "2024-12-31T23:59:59.000Z",
                                           "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:01.000Z"])
        // A leap second stamp (23:59:60) is folded, not rejected.
        #expect(Self.postfixTime("2016-12-31T23:59:60Z", reference: "2017-01-01T00:00:00Z") != nil)
    }

    @Test func daylightSavingTransitionsInBerlin() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        var z = WallClockZone(zone: berlin)
        func wall(_ s: String) -> Int { Int(ISO8601DateFormatter().date(from: s + "Z")!.timeIntervalSince1970) }
        func utc(_ s: String) -> String {
            ExportWriter.iso(z.utc(fromWallClock: wall(s)))
        }
        // Spring forward 2024-03-31: 02:00 CET → 03:00 CEST.
        #expect(utc("2024-03-31T01:59:59") == "2024-03-31T00:59:59Z")
        #expect(utc("2024-03-31T03:00:00") == "2024-03-31T01:00:00Z")
        let skipped = utc("2024-03-31T02:30:00")  // does not exist: either real neighbour
        #expect(["2024-03-31T00:30:00Z", "2024-03-31T01:30:00Z"].contains(skipped))
        // Fall back 2024-10-27: 03:00 CEST → 02:00 CET; the repeated hour takes the earlier offset.
        #expect(utc("2024-10-27T01:59:59") == "2024-10-26T23:59:59Z")
        #expect(utc("2024-10-27T02:30:00") == "2024-10-27T00:30:00Z")
        #expect(utc("2024-10-27T03:00:00") == "2024-10-27T02:00:00Z")
        // Fixed offsets (ParserOptions.assumedUTCOffset) ignore DST entirely.
        var fixed = WallClockZone(fixedUTCOffset: 3600)
        #expect(fixed.utc(fromWallClock: wall("2024-07-01T12:00:00")) == wall("2024-07-01T11:00:00"))
        // Through the parser: +02:00 assumed.
        #expect(Self.postfixTime("Oct 27 02:30:00", reference: "2024-10-28T00:00:00Z", offset: 7200)?.isoMillis == "2024-10-27T00:30:00.000Z")
    }

    // MARK: injection safety of what the parsers keep

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// Splits one CSV row into cells (RFC 4180, all cells quoted).
    static func csvCells(_ row: String) -> [String]? {
        var cells: [String] = []
        var it = Array(row.unicodeScalars)[...]
        while !it.isEmpty {
            guard it.first == "\"" else { return nil }
            it = it.dropFirst()
            var cell = String.UnicodeScalarView()
            while true {
                guard let c = it.first else { return nil }
                it = it.dropFirst()
                if c == "\"" {
                    if it.first == "\"" { cell.append("\""); it = it.dropFirst(); continue }
                    break
                }
                cell.append(c)
            }
            cells.append(String(cell))
            if it.first == "," { it = it.dropFirst(); if it.isEmpty { return nil } } else if !it.isEmpty { return nil }
        }
        return cells
    }

    @Test func exportCellsAreFormulaAndControlSafe() throws {
        var rng = SeededRNG(seed: 42)
        var inputs = HostileCorpus.hostileStrings + HostileCorpus.hostileAddresses
        for _ in 0..<300 {
            let a = HostileCorpus.hostileStrings.randomElement(using: &rng)!, b = HostileCorpus.hostileStrings.randomElement(using: &rng)!
            inputs.append(a + b)
            inputs.append(String(decoding: HostileCorpus.binaryJunk(&rng, length: 12), as: UTF8.self))
        }
        for s in inputs {
            let cell = TextSanitizer.csvCell(s)
            let parsed = try #require(Self.csvCells(cell), "not one quoted cell: \(cell.debugDescription)")
            #expect(parsed.count == 1)
            let value = parsed[0]
            let formula = value.unicodeScalars.first.map { Self.formulaStarts.contains($0) } ?? false
            #expect(!formula, "formula start: \(cell.debugDescription)")
            let control = value.unicodeScalars.contains(where: { Self.isUnsafe($0) && $0 != "\t" })
            #expect(!control, "control in CSV: \(cell.debugDescription)")

            let json = TextSanitizer.jsonString(s)
            let rawControl = json.unicodeScalars.contains(where: Self.isUnsafe)
            #expect(!rawControl, "raw control in JSON: \(json.debugDescription)")
            // JSONDecoder, not JSONSerialization: the latter drops U+FEFF inside strings on Linux.
            let back = try? JSONDecoder().decode([String].self, from: Data(("[" + json + "]").utf8))
            let same = back == [s]
            #expect(same, "JSON round trip: \(s.debugDescription)")
        }
    }

    /// A bounce line of `format` for `address` with `payload` inside the reply text, encoded the
    /// way that format carries arbitrary text (CSV quoting, JSON escapes; a log line has no LF).
    static func bounceLine(_ format: SourceFormat, address: String, payload: String) -> [UInt8] {
        func csv(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        switch format {
        case .postfix, .exim:
            let a = address.replacingOccurrences(of: "\n", with: " "), p = payload.replacingOccurrences(of: "\n", with: " ")
            return Array("Aug  8 17:02:11 mx postfix/smtp[1]: 7A7D47BDC: to=<\(a)>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 \(p) user does not exist (in reply to RCPT TO command))".utf8)
        case .pmta:
            return Array("b,1565283731,1565283700,b@em.example.com,\(csv(address)),,failed,5.1.1 (bad destination mailbox address),\(csv("smtp;550 5.1.1 " + payload + " user does not exist")),mx01.mail.icloud.com (17.57.154.6),bad-mailbox,smtp,,smtp,15.204.101.125,17.57.154.6,1,2345,pool,job7,,q,pool".utf8)
        case .jsonl:
            return Array(#"{"timestamp":"2019-08-08T17:02:11Z","event":"bounced","recipient":\#(TextSanitizer.jsonString(address)),"status":"5.1.1","diagnostic":\#(TextSanitizer.jsonString("550 5.1.1 " + payload + " user does not exist")),"mx":"mx01.mail.icloud.com"}"#.utf8)
        }
    }

    @Test(arguments: [SourceFormat.postfix, .pmta, .jsonl])
    func hostileRecipientsAndRepliesAreKeptAsData(format: SourceFormat) {
        // Hostile characters in addresses and replies are data: the line still parses (the
        // outputs sanitise), the recipient is the whole address, the 5.1.1 is still read.
        var parser = ParserFactory.make(format, options: Self.options)
        for (k, address) in HostileCorpus.hostileAddresses.enumerated() {
            let payload = HostileCorpus.hostileStrings[(k * 5 + 3) % HostileCorpus.hostileStrings.count]
            let line = Self.bounceLine(format, address: address, payload: payload)
            var events: [DeliveryEvent] = []
            let d = line.withUnsafeBufferPointer { parser.parse($0, lineNumber: k + 1) { events.append($0) } }
            #expect(d == .parsed(1), "\(format) \(address.debugDescription): \(d)")
            guard let e = events.first else { continue }
            let expected = format == .postfix ? address.replacingOccurrences(of: "\n", with: " ") : address
            let same = e.recipient.lowercased() == expected.lowercased() || e.recipient.lowercased() == expected.trimmingCharacters(in: .whitespaces).lowercased()
            #expect(same, "\(format): \(e.recipient.debugDescription) vs \(expected.debugDescription)")
            #expect(e.status?.description == "5.1.1", "\(format) \(payload.debugDescription)")
            _ = BounceClassifier().classify(diagnostic: e.diagnostic, status: e.status, replyCode: e.replyCode)
        }
    }

    @Test func classifierTakesAnything() throws {
        var rng = SeededRNG(seed: 7)
        let c = BounceClassifier()
        var texts = HostileCorpus.hostileStrings
        for _ in 0..<500 { texts.append(String(decoding: HostileCorpus.binaryJunk(&rng, length: Int.random(in: 0...200, using: &rng)), as: UTF8.self)) }
        texts.append(String(repeating: "550 5.1.1 ", count: 50_000))
        texts.append(String(repeating: "\u{1B}[", count: 10_000))
        let rules = Dictionary(c.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for t in texts {
            // Whatever the text, the verdict names a real rule (or "none") and carries that rule's scope.
            let v = c.classify(t)
            if v.rule == "none" {
                #expect(v.reason == .other && v.scope == BounceReason.other.scope, "\(t.debugDescription)")
            } else {
                let r = try #require(rules[v.rule], "unknown rule \(v.rule)")
                #expect(v.reason == r.reason && v.scope == (r.scope ?? r.reason.scope), "\(v.rule)")
            }
            // Fields a parser extracted win over anything hostile text contains.
            let given = c.classify(diagnostic: t, status: EnhancedStatus("5.1.1"), replyCode: 550)
            #expect(given.status?.description == "5.1.1" && given.code == 550 && given.hard, "\(t.debugDescription)")
            let odd = c.classify(diagnostic: t, status: nil, replyCode: 999)
            #expect(odd.code == 999)
        }
    }
}
