import Foundation
import Testing
@testable import BounceCore

/// Hostile input (issue 6 item 2: "garbage, binary, truncated and enormous lines are
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

}
