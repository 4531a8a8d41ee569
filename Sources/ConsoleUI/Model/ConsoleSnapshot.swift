import Foundation

/// Everything one console frame shows, read by the app from the store in one read transaction so
/// all panes show the same instant. Immutable; the reducer never edits it, it only replaces it.
///
/// The queue is **paged**: `queue.rows` is the slice asked for by the latest `QueueQuery`, never
/// the whole queue. Text fields hold raw values; the panes sanitise them before display.
public struct ConsoleSnapshot: Sendable, Equatable {
    public var header: HeaderInfo
    /// Rate rows in display order: providers, then the Apple domain groups (`kind == .appleGroup`).
    public var rates: [RateRow]
    /// Open incidents first, then recent closed ones.
    public var incidents: [IncidentSummary]
    public var queue: QueuePage
    /// Newest entry last.
    public var timeline: [TimelineRow]
    /// Evidence for the detail view; filled when the app handled `Effect.loadDetail(address:)`.
    public var detail: QueueDetail?

    public init(header: HeaderInfo, rates: [RateRow] = [], incidents: [IncidentSummary] = [],
                queue: QueuePage = QueuePage(), timeline: [TimelineRow] = [], detail: QueueDetail? = nil) {
        self.header = header; self.rates = rates; self.incidents = incidents
        self.queue = queue; self.timeline = timeline; self.detail = detail
    }

    /// The incident the banner shows: the first open one, Apple preferred.
    public var bannerIncident: IncidentSummary? {
        let open = incidents.filter { $0.closedAt == nil }
        return open.first { $0.provider == "apple" } ?? open.first
    }

    /// An empty snapshot, shown until the first real one arrives.
    public static let empty = ConsoleSnapshot(header: HeaderInfo(source: "—", now: Date(timeIntervalSince1970: 0)))
}

/// Header line data.
public struct HeaderInfo: Sendable, Equatable {
    /// What is being watched: database path and/or followed files (`/var/log/mail.log`).
    public var source: String
    /// Event-time "now": the newest event time seen (replays show the log's time, not the wall clock).
    public var now: Date
    /// When the store last changed (wall clock), nil if never.
    public var lastUpdate: Date?
    /// Lines read from sources but not yet ingested (tail lag).
    public var backlogLines: Int
    /// Console opened with `--read-only`: mutating keys are disabled.
    public var readOnly: Bool
    /// Offset added to UTC for displayed times, in seconds (0 = show UTC).
    public var utcOffsetSeconds: Int
    /// Label for the offset (`UTC`, `CET` …).
    public var zoneLabel: String

    public init(source: String, now: Date, lastUpdate: Date? = nil, backlogLines: Int = 0, readOnly: Bool = false,
                utcOffsetSeconds: Int = 0, zoneLabel: String = "UTC") {
        self.source = source; self.now = now; self.lastUpdate = lastUpdate; self.backlogLines = backlogLines
        self.readOnly = readOnly; self.utcOffsetSeconds = utcOffsetSeconds; self.zoneLabel = zoneLabel
    }
}
