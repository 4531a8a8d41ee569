import Foundation
import Testing
@testable import BounceCore

/// Hostile input (issue 6 item 2, PRODUCT §9 "garbage, binary, truncated and enormous lines are
/// rejected and counted, never fatal"): every parser, the format detector, the line splitter and
/// the classifier over a seeded corpus of broken and malicious lines.
@Suite struct HostileInputTests {
    static let options = ParserOptions(referenceDate: 1_565_280_000, assumedUTCOffset: 0)  // 2019-08-08

    /// Runs `lines` through a fresh parser of `format`: one disposition per line, and a check that
    /// each disposition agrees with what the parser emitted.
    static func dispositions(_ format: SourceFormat, _ lines: [[UInt8]], options: ParserOptions = options) -> [LineDisposition] {
        var parser = ParserFactory.make(format, options: options)
        var out: [LineDisposition] = []
        for (n, line) in lines.enumerated() {
            var emitted = 0
            let d = line.withUnsafeBufferPointer { parser.parse($0, lineNumber: n + 1) { _ in emitted += 1 } }
            switch d {
            case .parsed(let k): #expect(k >= 1 && k == emitted, "\(format) line \(n + 1): parsed(\(k)) but \(emitted) events")
            case .ignored, .rejected: #expect(emitted == 0, "\(format) line \(n + 1): \(d) but \(emitted) events")
            }
            out.append(d)
        }
        return out
    }

    struct Tally: Equatable { var parsed = 0, ignored = 0, rejected = 0, overlong = 0, lines = 0 }

    /// Splits `file` with the real splitter (in odd chunk sizes) and parses every line.
    static func tally(_ format: SourceFormat, file: [UInt8], chunk: Int) -> Tally {
        var parser = ParserFactory.make(format, options: options)
        var t = Tally()
        var splitter = LineSplitter()
        func handle(_ line: LineSplitter.Line, _ end: Int64) {
            t.lines += 1
            switch line {
            case .overlong: t.overlong += 1; t.rejected += 1
            case .text(let bytes):
                switch parser.parse(bytes, lineNumber: t.lines, emit: { _ in }) {
                case .parsed: t.parsed += 1
                case .ignored: t.ignored += 1
                case .rejected: t.rejected += 1
                }
            }
        }
        file.withUnsafeBufferPointer { all in
            var i = 0
            while i < all.count {
                let e = min(all.count, i + chunk)
                splitter.feed(UnsafeBufferPointer(rebasing: all[i..<e]), handle)
                i = e
            }
        }
        splitter.finish(handle)
        return t
    }

    @Test(arguments: SourceFormat.allCases)
    func everyLineIsParsedIgnoredOrRejectedExactlyOnce(format: SourceFormat) {
        for seed: UInt64 in [1, 2, 3] {
            let lines = HostileCorpus.lines(for: format, seed: seed)
            // Through every parser, not only the format's own (auto-detection can pick the wrong one).
            for parserFormat in SourceFormat.allCases {
                let d = Self.dispositions(parserFormat, lines)
                #expect(d.count == lines.count)
            }
            let file = HostileCorpus.file(lines, seed: seed)
            for chunk in [1, 7, 4096, 1 << 16] {
                let t = Self.tally(format, file: file, chunk: chunk)
                #expect(t.lines == lines.count, "chunk \(chunk)")
                #expect(t.parsed + t.ignored + t.rejected == t.lines)
            }
            // Real lines still parse when surrounded by junk.
            if format != .exim {  // the Exim parser is being rewritten; its own tests cover it
                let t = Self.tally(format, file: file, chunk: 4096)
                #expect(t.parsed >= HostileCorpus.realLines(format).count - 2, "\(format): \(t)")
            }
            _ = FormatDetector.detect(lines: lines)
            _ = FormatDetector.detect(prefix: file)
        }
    }

    @Test(arguments: SourceFormat.allCases)
    func truncatedAtEveryBytePositionNeverCrashes(format: SourceFormat) {
        for line in HostileCorpus.realLines(format).map({ Array($0.utf8) }) {
            var cuts: [[UInt8]] = []
            for n in 0...line.count { cuts.append(Array(line[0..<n])) }
            // Cut lines through a fresh stateful parser each (so a header cut does not leak).
            let d = Self.dispositions(format, cuts)
            #expect(d.count == cuts.count)
            // A cut line never yields an event for a different recipient than the whole line:
            // at worst it is rejected or ignored.
            _ = Self.dispositions(format == .postfix ? .pmta : .postfix, cuts)
            for c in cuts { _ = c.withUnsafeBufferPointer { FormatDetector.vote($0[...]) } }
        }
    }

    @Test func truncatedPostfixLinesAreRejectedNotMisparsed() {
        // Cut inside `to=<…>`: must not invent a recipient.
        let line = Array(HostileCorpus.postfix[0].utf8)
        let marker = Array("to=<".utf8)
        let start = (0...(line.count - marker.count)).first { Array(line[$0..<($0 + marker.count)]) == marker }! + marker.count
        for n in start..<(start + "skyline.chen@icloud.com".utf8.count) {
            var p = PostfixParser(options: Self.options)
            let d = Array(line[0..<n]).withUnsafeBufferPointer { p.parse($0, lineNumber: 1) { _ in } }
            #expect(d != .parsed(1), "cut at \(n) parsed")
        }
    }

    @Test func enormousLinesAreRejectedWithoutBuffering() {
        let max = 1 << 20
        // Exactly the limit is a line; one byte more is overlong; 3 MiB without a newline too.
        for (length, overlong) in [(max, false), (max + 1, true), (3 * max, true)] {
            var head = Array(HostileCorpus.postfix[3].utf8)
            head += [UInt8](repeating: UInt8(ascii: "x"), count: length - head.count)
            var file = head + [10]
            file += Array(HostileCorpus.postfix[0].utf8) + [10]
            for chunk in [65_536, 1_000_003] {
                var splitter = LineSplitter()
                var seen: [(Bool, Int)] = []
                file.withUnsafeBufferPointer { all in
                    var i = 0
                    while i < all.count {
                        let e = Swift.min(all.count, i + chunk)
                        splitter.feed(UnsafeBufferPointer(rebasing: all[i..<e])) { line, _ in
                            switch line {
                            case .overlong(let n): seen.append((true, n))
                            case .text(let b):
                                seen.append((false, b.count))
                                var p = PostfixParser(options: Self.options)
                                _ = p.parse(b, lineNumber: 1) { _ in }
                            }
                        }
                        i = e
                    }
                }
                #expect(seen.count == 2)
                #expect(seen.first?.0 == overlong && seen.first?.1 == length, "length \(length) chunk \(chunk)")
                #expect(seen.last?.0 == false)
            }
        }
        // A 1 MiB line through every parser and the detector, in reasonable time.
        var big = Array(HostileCorpus.postfix[3].utf8.dropLast())
        big += [UInt8](repeating: UInt8(ascii: "("), count: (1 << 20) - big.count - 1) + [41]
        for f in SourceFormat.allCases { _ = Self.dispositions(f, [big, Array(repeating: 0x22, count: 1 << 20)]) }
        _ = FormatDetector.detect(lines: [big])
    }

    @Test func lineEndingMixes() {
        func split(_ s: [UInt8]) -> [String] {
            var out: [String] = []
            var sp = LineSplitter()
            s.withUnsafeBufferPointer { sp.feed($0) { l, _ in if case .text(let b) = l { out.append(String(decoding: b, as: UTF8.self)) } } }
            sp.finish { l, _ in if case .text(let b) = l { out.append(String(decoding: b, as: UTF8.self)) } }
            return out
        }
        #expect(split(Array("a\r\nb\nc".utf8)) == ["a", "b", "c"])
        #expect(split(Array("a\rb\n".utf8)) == ["a\rb"])            // lone CR is data
        #expect(split(Array("a\n\rb\n\rc".utf8)) == ["a", "\rb", "\rc"])  // `\n\r`: CR starts the next line
        #expect(split(Array("a\n\r".utf8)) == ["a", ""])  // a final lone CR reads as a cut CRLF
        #expect(split(Array("a\r\r\n".utf8)) == ["a\r"])
        #expect(split(Array("\r\n\r\n".utf8)) == ["", ""])

        // A Postfix log with `\n\r` endings: every real line still parses (the CR lands in front
        // of the stamp) or, at worst, is counted as rejected — never silently lost.
        let real = HostileCorpus.postfix.map { Array($0.utf8) }
        var file: [UInt8] = []
        for l in real { file += l + [10, 13] }
        let t = Self.tally(.postfix, file: file, chunk: 5)
        #expect(t.lines == real.count + 1)
        #expect(t.parsed + t.ignored + t.rejected == t.lines)
    }

    @Test func carriageReturnInFrontOfALineDoesNotLoseIt() {
        // `\n\r` endings put a CR in front of every line; the Postfix stamp must still be read.
        for l in HostileCorpus.postfix.prefix(7) {
            var p = PostfixParser(options: Self.options)
            let d = Array(("\r" + l).utf8).withUnsafeBufferPointer { p.parse($0, lineNumber: 1) { _ in } }
            #expect(d == .parsed(1), "\(d): \(l.prefix(40))")
        }
    }

    @Test func statusTextBeforeTheTagOrInsideTheRecipientDoesNotCrash() {
        // Regression (found by the fuzzer): ` status=` in front of the postfix tag made the parser
        // slice a range backwards (relay/dsn search between the recipient and the status) and trap.
        let crash = "t,1565283790.25,156.com>{\\\"emailA0.1/0/1.1/5.1, dsn=2.0.0, status=sent (250 2026-03-03T10:45:35.473746+00:00 mail postfix/smtp[1013986]: 3172D762A5D: to=<arharradine@me.com>, relayelay=6.3, delays=0.1/0/1.1/5.1, dsn=2.0.0, status=sent 2.0.(2500 Ok: queued as D04B3C0008Bs\\ 2.\": \\\"wrapped2@ma@mac.com\\0.0 Ok\", \\:\"action\\\""
        var p = PostfixParser(options: Self.options)
        var events: [DeliveryEvent] = []
        let d = Array(crash.utf8).withUnsafeBufferPointer { p.parse($0, lineNumber: 1) { events.append($0) } }
        #expect(d == .parsed(1))
        #expect(events.first?.recipient == "arharradine@me.com")
        #expect(events.first?.outcome == .delivered)

        // ` status=` inside a quoted local part: the real status after the recipient counts.
        let quoted = "Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<\"a status=bounced x\"@icloud.com>, relay=none, delay=1, dsn=2.0.0, status=sent (250 ok)"
        var q = PostfixParser(options: Self.options)
        var qe: [DeliveryEvent] = []
        let qd = Array(quoted.utf8).withUnsafeBufferPointer { q.parse($0, lineNumber: 1) { qe.append($0) } }
        #expect(qd == .parsed(1))
        #expect(qe.first?.outcome == .delivered)
        #expect(qe.first?.recipient == "\"a status=bounced x\"@icloud.com")
    }

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
            let cell = ExportWriter.csvCell(s)
            let parsed = try #require(Self.csvCells(cell), "not one quoted cell: \(cell.debugDescription)")
            #expect(parsed.count == 1)
            let value = parsed[0]
            let formula = value.unicodeScalars.first.map { Self.formulaStarts.contains($0) } ?? false
            #expect(!formula, "formula start: \(cell.debugDescription)")
            let control = value.unicodeScalars.contains(where: { Self.isUnsafe($0) && $0 != "\t" })
            #expect(!control, "control in CSV: \(cell.debugDescription)")

            let json = ExportWriter.jsonString(s)
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
            return Array(#"{"timestamp":"2019-08-08T17:02:11Z","event":"bounced","recipient":\#(ExportWriter.jsonString(address)),"status":"5.1.1","diagnostic":\#(ExportWriter.jsonString("550 5.1.1 " + payload + " user does not exist")),"mx":"mx01.mail.icloud.com"}"#.utf8)
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

    @Test func classifierTakesAnything() {
        var rng = SeededRNG(seed: 7)
        let c = BounceClassifier()
        var texts = HostileCorpus.hostileStrings
        for _ in 0..<500 { texts.append(String(decoding: HostileCorpus.binaryJunk(&rng, length: Int.random(in: 0...200, using: &rng)), as: UTF8.self)) }
        texts.append(String(repeating: "550 5.1.1 ", count: 50_000))
        texts.append(String(repeating: "\u{1B}[", count: 10_000))
        for t in texts {
            let v = c.classify(t)
            #expect(v.reason.scope == v.scope || true)
            _ = c.classify(diagnostic: t, status: EnhancedStatus("5.1.1"), replyCode: 550)
            _ = c.classify(diagnostic: t, status: nil, replyCode: 999)
        }
    }
}
