import BounceCore
import BounceService
import ConsoleUI
import Foundation

/// Builds the console's `ConsoleSnapshot` from the store: everything one frame shows, read in ONE
/// read transaction so all panes show the same instant. The queue is paged in SQL; rates come
/// from an incrementally maintained `RateBoard` (`RateCache`).
///
/// `snapshot(for:)` is what the loop calls on every tick: it answers nil when neither the
/// database (`data_version`, via `StoreChangeWatcher`) nor the request nor the backlog changed,
/// so an idle console does one `PRAGMA` per tick and nothing else.
///
/// ```swift
/// let backend = try ConsoleBackend(store: store, sourceLabel: "db: /srv/bw.sqlite")
/// if let snap = backend.snapshot(for: state.request) { … }
/// ```
public final class ConsoleBackend {
    public let store: any BounceStorage
    /// Shown in the header: database path and followed files.
    public var sourceLabel: String
    public var readOnly: Bool
    /// Lines (estimated) not yet ingested by the follower; shown in the header.
    public var backlogLines = 0
    /// Custom providers from the config, shown after the built-in ones when they have traffic.
    public var extraProviders: [String]
    /// Timeline entries per frame (newest N).
    public var timelineLimit = 300
    /// Incidents per frame (newest N).
    public var incidentLimit = 20
    /// The last read failure, for the status bar (cleared when read).
    public private(set) var lastError: String?

    let watcher: any StorageChangeWatcher
    let rates = RateCache()
    private var served: (request: SnapshotRequest, backlog: Int)?
    /// The queue total of the last build, by filter: paging through an unchanged queue reuses it
    /// instead of counting 100,000 rows again every frame.
    private var countCache: (filter: String, total: Int)?
    /// Incidents and timeline of the last build: paging through unchanged data reuses them
    /// instead of re-reading (the timeline's newest-N query scans the whole table: ~15 ms at
    /// 10,000 entries, scripts/bench-console.sh).
    private var unchangedCache: (records: [IncidentRecord], incidents: [IncidentSummary], timeline: [TimelineRow])?
    private var lastChange: Date?

    public init(store: any BounceStorage, sourceLabel: String, readOnly: Bool = false, extraProviders: [String] = [],
                watcher: (any StorageChangeWatcher)? = nil) throws {
        self.store = store; self.sourceLabel = sourceLabel; self.readOnly = readOnly
        self.extraProviders = extraProviders
        self.watcher = try watcher ?? store.changeWatcher(readOnly: readOnly)
    }

    /// Marks a write this process made (effects, ingestion), so the next tick rebuilds even on an
    /// in-memory store where `data_version` does not move for our own connection.
    public func noteLocalWrite() { watcher.noteLocalWrite() }

    /// A snapshot for `request`, or nil when nothing changed since the last one served.
    public func snapshot(for request: SnapshotRequest) -> ConsoleSnapshot? {
        let changed: Bool
        do { changed = try watcher.changed() } catch {
            lastError = "cannot check the database: \(error)"
            return nil
        }
        if changed { lastChange = Date() }
        if !changed, let s = served, s.request == request, s.backlog == backlogLines { return nil }
        do { return try build(request, reuseCount: !changed) } catch {
            lastError = "\(error)"
            return nil
        }
    }

    /// Takes the last read failure (at most once).
    public func takeError() -> String? { defer { lastError = nil }; return lastError }

    /// Always builds (effects answer with fresh data).
    /// `reuseCount`: the data is known unchanged since the last build, so a cached queue total for
    /// the same filter, the incidents and the timeline are still right.
    public func build(_ request: SnapshotRequest, reuseCount: Bool = false) throws -> ConsoleSnapshot {
        if !reuseCount { countCache = nil; unchangedCache = nil }
        let snap = try store.snapshot { tx in try read(request, tx) }
        served = (request, backlogLines)
        return snap
    }

    private func read(_ request: SnapshotRequest, _ tx: any StorageTransaction) throws -> ConsoleSnapshot {
        try rates.refresh(tx)
        let minute = rates.newest
        let now = minute.map { Date(timeIntervalSince1970: Double($0 * 60)) } ?? Date()
        let records: [IncidentRecord], incidents: [IncidentSummary], timeline: [TimelineRow]
        if let cached = unchangedCache {
            (records, incidents, timeline) = cached
        } else {
            records = Array(try tx.incidents().prefix(incidentLimit))
            let counts = try tx.stateCountsByIncident()
            // Sample errors only for open provider incidents: they feed the escalation draft
            // (sender-wide incidents never hold anything).
            incidents = try Self.ordered(records).map { r in
                let samples = r.closedAt == nil && r.kind != .senderWide
                    ? try tx.sampleReplies(incidentID: r.id, since: r.startedAt, limit: 5).reversed()
                    .map { SampleError(at: Date(timeIntervalSince1970: Double($0.at)), reply: $0.reply) } : []
                return Self.summary(r, counts: counts[r.id] ?? [:], samples: samples)
            }
            timeline = try tx.timeline(incidentID: nil, limit: timelineLimit).map(Self.timelineRow(_:))
            unchangedCache = (records, incidents, timeline)
        }
        let slice = Self.slice(for: request.queue)
        let filterKey = "\(slice.state?.rawValue ?? "all")|\(slice.inverted)|\(slice.text)"
        let known = countCache.flatMap { $0.filter == filterKey ? $0.total : nil }
        let (total, items) = try tx.queueSlice(slice, knownTotal: known)
        countCache = (filterKey, total)
        let page = QueuePage(query: request.queue, totalCount: total, rows: items.map(Self.row(_:)))
        var detail: QueueDetail?
        if let address = request.detailAddress, let item = try tx.retryItem(address: address.lowercased()) {
            let trail = try tx.auditTrail(address: item.address)
            let incident = incidents.first { $0.id == item.incidentID }
            detail = Self.detail(item, trail: trail, incident: incident)
        }
        let header = HeaderInfo(source: sourceLabel, now: now, lastUpdate: lastChange, backlogLines: backlogLines,
                                readOnly: readOnly)
        let rateRows = minute.map { rates.board.summaries(at: $0, extraProviders: extraProviders, incidents: records).map(Self.rateRow) } ?? []
        return ConsoleSnapshot(header: header, rates: rateRows, incidents: incidents, queue: page,
                               timeline: timeline, detail: detail)
    }

    /// Open incidents first (newest first), then closed ones.
    static func ordered(_ r: [IncidentRecord]) -> [IncidentRecord] {
        r.filter { $0.closedAt == nil } + r.filter { $0.closedAt != nil }
    }
}
