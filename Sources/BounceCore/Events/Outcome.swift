/// What happened to one delivery attempt for one recipient.
///
/// `expired` is kept distinct in events (Postfix `status=expired`, Exim "retry timeout exceeded")
/// but is counted as `bounced` with reason `expired` in reports (README.md, "Command line").
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case delivered
    case deferred
    case bounced
    case expired

    /// The outcome bucket used by counters and reports: `expired` folds into `bounced`.
    public var counted: Outcome { self == .expired ? .bounced : self }

    /// True for outcomes that are failures (anything but `delivered`).
    public var isFailure: Bool { self != .delivered }
}

/// The log format a line or file was read as.
public enum SourceFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case postfix
    case exim
    case pmta
    case jsonl
}
