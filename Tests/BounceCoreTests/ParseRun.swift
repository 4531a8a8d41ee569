import Foundation
@testable import BounceCore

/// Runs a parser over lines and collects what it made of them (used by the PowerMTA, JSONL and
/// format-detector tests).
struct ParseRun {
    var events: [DeliveryEvent] = []
    var dispositions: [LineDisposition] = []

    var rejectedCount: Int {
        dispositions.filter { if case .rejected = $0 { return true } else { return false } }.count
    }

    /// Feeds `lines` (1-based line numbers) through `parser`.
    static func run<P: LogParser>(_ parser: inout P, lines: [[UInt8]]) -> ParseRun {
        var result = ParseRun()
        for (n, line) in lines.enumerated() {
            let d = line.withUnsafeBufferPointer { p in
                parser.parse(p, lineNumber: n + 1) { result.events.append($0) }
            }
            result.dispositions.append(d)
        }
        return result
    }

    static func run<P: LogParser>(_ parser: P, text: String) -> ParseRun {
        var p = parser
        return run(&p, lines: text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) })
    }

    /// One line through a fresh parser: its disposition and events.
    static func one<P: LogParser>(_ parser: P, _ line: String) -> (LineDisposition, [DeliveryEvent]) {
        var p = parser
        let r = run(&p, lines: [Array(line.utf8)])
        return (r.dispositions[0], r.events)
    }

    /// The lines of a fixture under `Tests/BounceCoreTests/Fixtures/`.
    static func fixtureLines(_ relativePath: String, filePath: String = #filePath) -> [[UInt8]] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url) else { return [] }
        var lines = [UInt8](data).split(separator: 10, omittingEmptySubsequences: false).map { Array($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Calls `body` with the line truncated at every byte length (0…count).
    static func everyTruncation(of line: [UInt8], _ body: ([UInt8]) -> Void) {
        for n in 0...line.count { body(Array(line[0..<n])) }
    }
}

extension Date {
    /// The instant as ISO 8601 UTC with milliseconds, for readable expectations.
    var isoMillis: String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: self)
    }
}
