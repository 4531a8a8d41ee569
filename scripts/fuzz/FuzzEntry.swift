// libFuzzer entry point for bouncewatch's byte-facing code (issue 6, item 3).
//
// Compiled by scripts/fuzz.sh together with the BounceCore sources (and the console's
// TextSanitizer) into one module, so it can reach internal API without a package target.
// One input is treated as a whole log file: it is split into lines in input-derived chunk
// sizes, and every line goes through all four parsers (stateful across lines, as in a real
// file), the format detector and the classifier. Beyond "does not crash" it checks:
//   - a parser's disposition matches what it emitted (parsed(n) ⇔ n events, n ≥ 1);
//   - LineSplitter hands out each line at most once and never more than maxLineLength bytes;
//   - sanitised and JSON-escaped text contains no C0/C1/DEL/bidi control.
import Foundation

private let fuzzOptions = ParserOptions(referenceDate: 1_565_280_000, assumedUTCOffset: nil)

@inline(never)
private func check(_ ok: Bool, _ what: @autoclosure () -> String) {
    if !ok {
        FileHandle.standardError.write(Data("fuzz invariant violated: \(what())\n".utf8))
        abort()
    }
}

private func isUnsafeScalar(_ v: UInt32) -> Bool {
    v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    var parsers: [any LogParser] = SourceFormat.allCases.map { ParserFactory.make($0, options: fuzzOptions) }
    let classifier = BounceClassifier()
    // Small max line length so the overlong path is reached by small inputs too.
    var splitter = LineSplitter(maxLineLength: 512)
    var lines: [[UInt8]] = []
    var lastEnd: Int64 = 0
    let chunk = size > 0 ? Int(input[0] % 61) + 1 : 1

    func handle(_ line: LineSplitter.Line, _ end: Int64) {
        check(end > lastEnd || (end == lastEnd && end == Int64(size)), "line end offsets must increase")
        lastEnd = end
        guard case .text(let bytes) = line else { return }
        check(bytes.count <= 512, "splitter returned an overlong line")
        lines.append(Array(bytes))
        for k in parsers.indices {
            var emitted = 0
            var events: [DeliveryEvent] = []
            let d = parsers[k].parse(bytes, lineNumber: lines.count) { emitted += 1; events.append($0) }
            switch d {
            case .parsed(let n): check(n >= 1 && n == emitted, "parsed(\(n)) but \(emitted) events")
            case .ignored, .rejected: check(emitted == 0, "\(d) but \(emitted) events")
            }
            for e in events {
                let v = classifier.classify(diagnostic: e.diagnostic, status: e.status, replyCode: e.replyCode)
                _ = v.reason.scope
                for s in [e.recipient, e.diagnostic] {
                    let clean = TextSanitizer.clean(s, maxLength: 200)
                    check(!clean.unicodeScalars.contains { isUnsafeScalar($0.value) }, "sanitiser let a control through")
                    let json = TextSanitizer.jsonString(s)
                    check(!json.unicodeScalars.contains { isUnsafeScalar($0.value) }, "jsonString let a control through")
                    _ = TextSanitizer.csvCell(s)
                }
            }
        }
        _ = FormatDetector.vote(bytes[...])
        _ = classifier.classify(String(decoding: bytes, as: UTF8.self))
    }

    var start = 0
    while start < size {
        let end = min(size, start + chunk)
        splitter.feed(UnsafeBufferPointer(rebasing: input[start..<end]), handle)
        start = end
    }
    splitter.finish(handle)
    _ = FormatDetector.detect(lines: lines)
    _ = FormatDetector.detect(prefix: Array(input))
    // The JSONL fast path reads lines in place (JSONTape); it must accept and read exactly what
    // the value-building JSONReader does.
    let reference = JSONReader.parse(input[...])
    var tape = JSONTape()
    let inPlace: JSONValue? = tape.build(input, from: 0, to: size)
        ? tape.entries.withUnsafeBufferPointer { JSONNode(bytes: input, tape: $0, index: 0).materialized } : nil
    check(reference == inPlace, "JSONTape disagrees with JSONReader")
    return 0
}
