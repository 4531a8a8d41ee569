import Foundation
import Testing
@testable import BounceCore

/// Helpers shared by the Postfix and Exim parser tests.
enum MTALog {
    /// What one line gave.
    struct Result {
        var disposition: LineDisposition
        var events: [DeliveryEvent]
        var event: DeliveryEvent? { events.first }
    }

    static func parse<P: LogParser>(_ parser: inout P, bytes: [UInt8], lineNumber: Int = 1) -> Result {
        var events: [DeliveryEvent] = []
        let d = bytes.withUnsafeBufferPointer { buffer in
            parser.parse(buffer, lineNumber: lineNumber) { events.append($0) }
        }
        return Result(disposition: d, events: events)
    }

    static func parse<P: LogParser>(_ parser: inout P, _ line: String, lineNumber: Int = 1) -> Result {
        parse(&parser, bytes: Array(line.utf8), lineNumber: lineNumber)
    }

    /// Parses `x.line` as line `lineNumber` and checks every field of the one event it must give
    /// (the Postfix and Exim table tests share this).
    static func expectDelivery<P: LogParser>(_ parser: inout P, _ x: ExpectedDelivery, format: SourceFormat,
                                             lineNumber: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = parse(&parser, x.line, lineNumber: lineNumber)
        #expect(r.disposition == .parsed(1), sourceLocation: sourceLocation)
        let e = try #require(r.event, sourceLocation: sourceLocation)
        #expect(e.format == format, sourceLocation: sourceLocation)
        // Foundation's ISO 8601 reader keeps milliseconds
        #expect(abs(e.time.timeIntervalSince1970 - epoch(x.time)) < 0.001, sourceLocation: sourceLocation)
        #expect(e.queueID == x.queueID, sourceLocation: sourceLocation)
        #expect(e.recipient == x.recipient, sourceLocation: sourceLocation)
        #expect(e.recipientDomain == x.domain, sourceLocation: sourceLocation)
        #expect(e.relayHost == x.relayHost, sourceLocation: sourceLocation)
        #expect(e.relayIP == x.relayIP, sourceLocation: sourceLocation)
        #expect(e.replyCode == x.code, sourceLocation: sourceLocation)
        #expect(e.status?.description == x.status, sourceLocation: sourceLocation)
        #expect(e.stage == x.stage, sourceLocation: sourceLocation)
        #expect(e.outcome == x.outcome, sourceLocation: sourceLocation)
        #expect(e.diagnostic == x.diagnostic, sourceLocation: sourceLocation)
        #expect(e.line == lineNumber, sourceLocation: sourceLocation)
    }

    /// Epoch seconds of an ISO 8601 instant (computed with Foundation, independent of CivilTime).
    static func epoch(_ iso: String) -> Double {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: iso) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime]
        guard let d = f.date(from: iso) else { fatalError("bad ISO date in test: \(iso)") }
        return d.timeIntervalSince1970
    }

    /// Lines of a fixture file under `Fixtures/` (beside this file).
    static func fixtureLines(_ relativePath: String, filePath: String = #filePath) -> [String] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("missing fixture \(url.path)")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func isParsed(_ d: LineDisposition) -> Bool {
        if case .parsed = d { return true }
        return false
    }

    static func isRejected(_ d: LineDisposition) -> Bool {
        if case .rejected = d { return true }
        return false
    }
}

/// Expected fields of one parsed delivery line.
struct ExpectedDelivery: Sendable, CustomTestStringConvertible {
    var line: String
    /// Reference instant for year inference (ISO 8601).
    var reference: String = "2026-06-01T00:00:00Z"
    var time: String
    var queueID: String?
    var recipient: String
    var domain: String
    var relayHost: String?
    var relayIP: String?
    var code: Int?
    var status: String?
    var stage: SMTPStage?
    var outcome: Outcome
    var diagnostic: String

    var testDescription: String { String(line.prefix(90)) }
}
