import Foundation
import GRDB

/// Known-good evidence (last delivery per address hash) written as an append-only journal.
///
/// Why: every delivered address needs its last delivery time, and address hashes are random.
/// Upserting them into a b-tree batch after batch dirtied most pages of the table on every
/// commit — the dominant ingest cost, worse for ESP logs where every line is a delivery. Now
/// each batch appends ONE row to `delivery_runs` (a blob of sorted hash/time pairs: sequential
/// writes), and lookups go to an in-memory index of the runs plus the compacted `deliveries`
/// table. When the index grows past `compactionThreshold` entries, the runs are merged into
/// `deliveries` in one pass (each page written once) and the index is emptied, which bounds
/// memory.
///
/// The index is a cache of committed rows, owned by one `Store`. Each write transaction
/// re-syncs it from the table first (new runs of another process are read, a compaction by
/// another process forces a reload), and a failed transaction drops it, so it never holds
/// rows that were rolled back.
///
/// `@unchecked Sendable`, kept on purpose: every stored property is read and written only while
/// `lock` is held (`reset()` is called with it held), and the store's writer queue serialises
/// the transactions that use it. A `Mutex` would have to wrap the whole index in one value.
final class DeliveryJournal: @unchecked Sendable {
    /// Index entries (distinct hashes in uncompacted runs) that trigger a compaction; guarded
    /// by `lock` like the rest of the state.
    private var compactionThreshold: Int
    private let lock = NSLock()
    private var latest = LatestTimeTable()
    /// Lowest and highest run ids held in `latest`; nil when nothing is loaded.
    private var firstRun: Int64?
    private var lastRun: Int64?
    private var loaded = false
    private var needsSync = true
    /// Runs held in `latest`: a follower commits a small run every poll, and thousands of tiny
    /// rows cost more to store and reload than they save, so their number is bounded too.
    private var runCount = 0
    static let maxRuns = 10_000

    init(compactionThreshold: Int = 1_000_000) {
        self.compactionThreshold = compactionThreshold
    }

    /// Sets the compaction threshold (tests use small ones).
    func setCompactionThreshold(_ n: Int) {
        lock.withLock { compactionThreshold = n }
    }

    /// Forgets the cache (after a failed transaction); the next use reloads it.
    func invalidate() {
        lock.withLock {
            reset()
            loaded = false
        }
    }

    /// Marks the start of a write transaction: the first lookup or append re-syncs.
    func beginTransaction() {
        lock.withLock { needsSync = true }
    }

    /// Re-syncs once per write transaction (see `beginTransaction`).
    func syncIfNeeded(_ db: Database) throws {
        guard lock.withLock({ needsSync }) else { return }
        try sync(db)
        lock.withLock { needsSync = false }
    }

    /// Brings the cache up to the committed runs. Must run inside a transaction.
    func sync(_ db: Database) throws {
        try lock.withLock {
            let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM delivery_runs")
            let minID: Int64? = row?[0], maxID: Int64? = row?[1]
            // First use, another process compacted the runs we hold, or ids went backwards
            // (a database from before run ids were AUTOINCREMENT): load everything afresh.
            let idsWentBack = lastRun.map { (maxID ?? Int64.min) < $0 } ?? false
            if !loaded || (firstRun != nil && minID != firstRun) || idsWentBack {
                reset()
            }
            loaded = true
            guard let maxID, maxID != lastRun else { return }
            let rows = try Row.fetchCursor(db, sql: "SELECT id, entries FROM delivery_runs WHERE id > ? ORDER BY id",
                                           arguments: [lastRun ?? Int64.min])
            while let r = try rows.next() {
                let id: Int64 = r[0]
                let blob: Data = r[1]
                latest.reserve(blob.count / 16)
                Self.decode(blob) { h, t in latest.record(h, t) }
                if firstRun == nil { firstRun = id }
                lastRun = id
                runCount += 1
            }
        }
    }

    /// The latest delivery of `hash` in the uncompacted runs.
    func lastDelivery(_ hash: Int64) -> Int? {
        lock.withLock { latest.latest(hash) }
    }

    /// Appends one run and compacts when the index has grown past the threshold.
    func append(_ entries: [Int64: Int], _ db: Database) throws {
        guard !entries.isEmpty else { return }
        let sorted = entries.sorted { $0.key < $1.key }
        try db.execute(sql: "INSERT INTO delivery_runs (entries) VALUES (?)", arguments: [Self.encode(sorted)])
        let id = db.lastInsertedRowID
        let needsCompaction = lock.withLock {
            latest.reserve(sorted.count)
            for (h, t) in sorted { latest.record(h, t) }
            if firstRun == nil { firstRun = id }
            lastRun = id
            runCount += 1
            return latest.count > compactionThreshold || runCount > Self.maxRuns
        }
        if needsCompaction { try compact(db) }
    }

    /// Merges every run into `deliveries` (sorted, so each page is written once) and empties them.
    func compact(_ db: Database) throws {
        let (all, upTo) = lock.withLock { (latest.sortedEntries(), lastRun) }
        let s = try db.cachedStatement(sql: """
            INSERT INTO deliveries (hash, last_at) VALUES (?, ?)
            ON CONFLICT (hash) DO UPDATE SET last_at = max(last_at, excluded.last_at)
            """)
        for (h, t) in all {
            s.setUncheckedArguments([h, t])
            try s.execute()
        }
        // Only the runs merged above: never a run this index has not seen.
        try db.execute(sql: "DELETE FROM delivery_runs WHERE id <= ?", arguments: [upTo ?? Int64.min])
        lock.withLock { reset() }
    }

    /// Empties the index. Call with `lock` held.
    private func reset() {
        latest = LatestTimeTable()
        firstRun = nil
        lastRun = nil
        runCount = 0
    }

    /// Number of distinct hashes in uncompacted runs (tests, diagnostics).
    var pendingCount: Int { lock.withLock { latest.count } }

    /// 16 bytes per entry: hash and time, little-endian.
    static func encode(_ entries: [(key: Int64, value: Int)]) -> Data {
        var out = Data(count: entries.count * 16)
        out.withUnsafeMutableBytes { raw in
            for (i, e) in entries.enumerated() {
                raw.storeBytes(of: e.key.littleEndian, toByteOffset: i * 16, as: Int64.self)
                raw.storeBytes(of: Int64(e.value).littleEndian, toByteOffset: i * 16 + 8, as: Int64.self)
            }
        }
        return out
    }

    /// Calls `body` for each entry of a run blob; a trailing partial entry is ignored.
    static func decode(_ blob: Data, _ body: (Int64, Int) -> Void) {
        blob.withUnsafeBytes { raw in
            for i in 0..<(raw.count / 16) {
                let h = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 16, as: Int64.self))
                let t = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 16 + 8, as: Int64.self))
                body(h, Int(t))
            }
        }
    }
}
