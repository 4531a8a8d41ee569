/// What a parser made of one line.
public enum LineDisposition: Sendable, Equatable {
    /// The line produced this many delivery events (usually 1; a Postfix qmgr expiry can yield more).
    case parsed(Int)
    /// Not a delivery line (smtpd, cleanup, other daemons, blank): skipped silently.
    case ignored
    /// Looks like a delivery line but could not be parsed; counted and sampled.
    case rejected(String)
}

/// A parser for one input format. Parsers work on raw bytes (no per-character `String` work on
/// the hot path) and may keep state across lines (year inference, queue-id joins, CSV header).
///
/// ```swift
/// var parser = PostfixParser()
/// let d = parser.parse(bytes, lineNumber: 12) { event in events.append(event) }
/// ```
public protocol LogParser: Sendable {
    var format: SourceFormat { get }
    /// Parses one line (without its line terminator) and calls `emit` for every event it yields.
    mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition
}

/// Options shared by parsers that need outside context.
public struct ParserOptions: Sendable {
    /// Reference instant for year inference of syslog timestamps without a year (file mtime or now).
    public var referenceDate: Double
    /// Seconds east of UTC used for timestamps that carry no zone (classic syslog, Exim).
    /// `nil` means the process's local time zone (`TZ`).
    public var assumedUTCOffset: Int?

    public init(referenceDate: Double, assumedUTCOffset: Int? = nil) {
        self.referenceDate = referenceDate
        self.assumedUTCOffset = assumedUTCOffset
    }
}
