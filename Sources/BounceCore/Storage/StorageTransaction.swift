import Foundation

/// One open transaction of a storage backend, as the service layer and the CLI see it
/// (docs/STORAGE.md). `StoreTransaction` (BounceStore: SQLite through GRDB) and
/// `PostgresTransaction` (BouncePostgres: PostgresNIO) implement it; nothing else knows SQL.
///
/// Operations are whole units of meaning, each owning its invariant inside the transaction:
/// `transition` is compare-and-set with its audit row, `addCounters` adds minute and hour cells
/// together, `saveCursor` moves a source's cursor with the effects of the lines it covers.
/// Bulk reads (`retryItems(addresses:)`, `lastDeliveries(hashes:)`, `heldItems(hashes:)`) exist
/// because a backend across a network pays per round trip, not per row.
///
/// A value is only valid inside `BounceStorage.transaction`/`snapshot`; writes through a
/// snapshot's value are a programming error.
public protocol StorageTransaction {
    // MARK: ingest: counters, known-good evidence, bookkeeping

    /// Adds per-minute counter deltas and the same to the hourly counters.
    func addCounters(_ deltas: [CounterKey: Int]) throws
    /// Records last-delivery times (address hash → epoch seconds), keeping the latest.
    func recordDeliveries(_ latest: [Int64: Int]) throws
    /// The last recorded delivery time of an address hash.
    func lastDelivery(hash: Int64) throws -> Int?
    /// `lastDelivery` for many hashes at once; hashes with no delivery are absent.
    func lastDeliveries(hashes: [Int64]) throws -> [Int64: Int]
    /// Adds to named counters (`rejected_lines`, `ignored_lines`, `parsed_lines`, …).
    func addStats(_ deltas: [String: Int]) throws
    func stat(_ key: String) throws -> Int
    /// Keeps a sample of rejected lines, at most `limit` in total (oldest kept).
    func addRejectSamples(_ samples: [RejectSample], limit: Int) throws
    func rejectSamples(limit: Int) throws -> [RejectSample]
    /// This ingester's engine state (parser carry-over, rate board, detector): an opaque blob
    /// saved with the data it summarises. One per store for SQLite, one per host in a fleet.
    func engineState() throws -> Data?
    func saveEngineState(_ value: Data) throws
    /// Stored cursors of a file (device/inode); the caller checks which head hash still matches.
    func cursors(device: Int64, inode: Int64) throws -> [SourceCursor]
    /// All known cursors, most recently updated first.
    func cursors() throws -> [SourceCursor]
    /// Saves a cursor, replacing rows of the same file under a weaker (shorter-head) identity.
    func saveCursor(_ c: SourceCursor, at now: Int) throws
    /// Prunes what retention allows as of `now` (event time); idempotent per hour/day.
    @discardableResult
    func applyRetention(_ policy: RetentionPolicy, knownGoodWindow: Int, asOf now: Int, force: Bool) throws -> RetentionSummary

    // MARK: retry queue

    /// The queue item of an address (lower-cased key), if it ever had an address-scope failure.
    func retryItem(address: String) throws -> RetryItem?
    /// `retryItem` for many addresses at once; addresses with no item are absent.
    func retryItems(addresses: [String]) throws -> [String: RetryItem]
    /// Inserts or replaces an item (no audit: state changes go through `transition`, or come
    /// with their own `audit` row from the engine).
    func saveRetryItem(_ i: RetryItem) throws
    /// `saveRetryItem` for many items in one statement (the ingest batch's write-back).
    func saveRetryItems(_ items: [RetryItem]) throws
    /// Appends audit rows in order, in one statement.
    func addAudit(_ entries: [AuditEntry]) throws
    /// Appends an audit row.
    func audit(address: String, from: RetryState?, to: RetryState, by: String, evidence: HoldEvidence,
               incidentID: Int?, at: Int, note: String?) throws
    /// Moves the given addresses to `to` if (and only if) they are in one of `from` now
    /// (`UPDATE … WHERE state = …`), writing one audit row per change. Returns the addresses
    /// that changed, so two operators releasing the same address produce one transition.
    func transition(addresses: [String], from: Set<RetryState>, to: RetryState, by: String,
                    evidence: HoldEvidence, incidentID: Int?, at: Int, note: String?) throws -> [String]
    /// Addresses in `state` attributed to an incident, sorted.
    func addresses(incidentID: Int, state: RetryState) throws -> [String]
    /// All addresses in a state, sorted.
    func addresses(state: RetryState) throws -> [String]
    /// Engine-suppressed address-scope bounces of `provider` since `since`: candidates for
    /// re-evaluation when an incident opens. Operator suppressions stay.
    func suppressedSince(provider: String, since: Int) throws -> [String]
    /// Links unlinked held items of `provider` bounced at or after `since` to an incident.
    func linkHolds(provider: String, since: Int, incidentID: Int) throws -> Int
    /// Held items whose address hash is in `hashes`, with their last bounce time.
    func heldItems(hashes: [Int64]) throws -> [(address: String, hash: Int64, lastBounceAt: Int)]
    /// Unlinked held items with `evidence` whose last bounce is before `cutoff`, by address.
    func unlinkedHolds(evidence: HoldEvidence, bouncedBefore cutoff: Int) throws
        -> [(address: String, provider: String, lastBounceAt: Int)]
    /// Held items whose hold started before `cutoff`, by address: due to expire.
    func heldBefore(_ cutoff: Int) throws -> [String]
    /// Item counts per state.
    func queueCounts() throws -> [RetryState: Int]
    /// A page of the queue and the total matching it.
    func queuePage(_ q: QueueQuery) throws -> (total: Int, items: [RetryItem])
    /// The console's view of the queue: the total matching the slice's state and filter (skipped
    /// when `knownTotal` is given: paging through unchanged data) and one page of it.
    func queueSlice(_ s: QueueSlice, knownTotal: Int?) throws -> (total: Int, items: [RetryItem])
    /// The audit trail of one address, oldest first.
    func auditTrail(address: String) throws -> [AuditEntry]
    /// The whole audit trail, oldest first, at most `limit` rows.
    func auditTrail(limit: Int) throws -> [AuditEntry]
    /// Held items per incident.
    func heldCountsByIncident() throws -> [Int: Int]
    /// Addresses per incident and state (held now, released so far, …).
    func stateCountsByIncident() throws -> [Int: [RetryState: Int]]
    /// The latest replies of items held for an incident, newest first.
    func sampleReplies(incidentID: Int, since: Int, limit: Int) throws -> [(at: Int, reply: String)]

    // MARK: incidents, timeline, report

    /// Inserts or updates an incident (the detector assigns ids); `peakAt` is kept once known.
    func saveIncident(_ i: IncidentRecord, peakAt: Int?) throws
    /// All incidents, newest first; with a range, those overlapping it.
    func incidents(from: Int?, to: Int?) throws -> [IncidentRecord]
    func incident(id: Int) throws -> IncidentRecord?
    /// Appends a timeline entry; returns its id.
    @discardableResult
    func addTimeline(_ e: TimelineEntry) throws -> Int
    /// Timeline entries, oldest first, optionally of one incident, at most `limit` (the newest).
    func timeline(incidentID: Int?, limit: Int) throws -> [TimelineEntry]
    /// Exact counts for `[from, to)` (epoch seconds; nil = unbounded), with incidents and queue.
    func report(from: Int?, to: Int?) throws -> TrafficReport
    /// Per-minute counter cells since `minute`, oldest first (rate state after a restart).
    func minuteSeries(since minute: Int) throws -> [MinuteCell]
    /// The newest minute with counted traffic, nil for an empty store.
    func newestMinute() throws -> Int?
    /// Distinct recipient domains an incident touched (for the MTA-side mitigation), sorted.
    func incidentDomains(_ i: IncidentRecord, now: Int) throws -> [String]
}

/// One stored per-minute counter cell.
public typealias MinuteCell = (minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?, count: Int)

/// The defaults callers write most, kept off the protocol so each backend implements one form.
extension StorageTransaction {
    public func incidents() throws -> [IncidentRecord] { try incidents(from: nil, to: nil) }
    public func timeline(incidentID: Int? = nil) throws -> [TimelineEntry] { try timeline(incidentID: incidentID, limit: Int(Int32.max)) }
    public func addRejectSamples(_ samples: [RejectSample]) throws { try addRejectSamples(samples, limit: 1000) }
    public func auditTrail() throws -> [AuditEntry] { try auditTrail(limit: Int.max) }
    public func queueSlice(_ s: QueueSlice) throws -> (total: Int, items: [RetryItem]) { try queueSlice(s, knownTotal: nil) }
    public func saveIncident(_ i: IncidentRecord) throws { try saveIncident(i, peakAt: nil) }
    public func audit(address: String, from: RetryState?, to: RetryState, by: String, evidence: HoldEvidence,
                      incidentID: Int?, at: Int) throws {
        try audit(address: address, from: from, to: to, by: by, evidence: evidence, incidentID: incidentID, at: at, note: nil)
    }
    @discardableResult
    public func applyRetention(_ policy: RetentionPolicy, knownGoodWindow: Int, asOf now: Int) throws -> RetentionSummary {
        try applyRetention(policy, knownGoodWindow: knownGoodWindow, asOf: now, force: false)
    }
    public func transition(addresses: [String], from: Set<RetryState>, to: RetryState, by: String,
                           evidence: HoldEvidence, incidentID: Int? = nil, at: Int) throws -> [String] {
        try transition(addresses: addresses, from: from, to: to, by: by, evidence: evidence, incidentID: incidentID,
                       at: at, note: nil)
    }
}
