import BounceCore
import Foundation
import GRDB

/// The typed view of one open transaction. Only valid inside `Store.write`/`Store.read`.
public struct StoreTransaction {
    let db: Database
    /// The store's delivery index; nil in read transactions.
    var journal: DeliveryJournal? = nil

    // MARK: counters and deliveries

    /// Adds per-minute counter deltas (and the same to the hourly counters).
    public func addCounters(_ deltas: [CounterKey: Int]) throws {
        try upsertCounters(into: "minute_counts", bucket: "minute", deltas)
        try addHourCounters(deltas)
    }

    /// Adds deltas to a counter table whose time bucket column is `bucket` (the key's `minute`
    /// field holds that bucket: a minute or an hour).
    func upsertCounters(into table: String, bucket: String, _ deltas: [CounterKey: Int]) throws {
        let s = try db.cachedStatement(sql: """
            INSERT INTO \(table) (\(bucket), domain, provider, outcome, reason, count) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (\(bucket), domain, provider, outcome, reason) DO UPDATE SET count = count + excluded.count
            """)
        for (k, n) in deltas where n != 0 {
            s.setUncheckedArguments([k.minute, k.domain, k.provider, k.outcome.rawValue, k.reason?.rawValue ?? "", n])
            try s.execute()
        }
    }

    /// Records last-delivery times (address hash → epoch seconds), keeping the latest: one
    /// append-only run per call (see `DeliveryJournal`).
    public func recordDeliveries(_ latest: [Int64: Int]) throws {
        guard let journal else { preconditionFailure("recordDeliveries outside a write transaction") }
        try journal.syncIfNeeded(db)
        try journal.append(latest, db)
    }

    /// The last recorded delivery time of an address hash.
    public func lastDelivery(hash: Int64) throws -> Int? {
        let compacted = try Int.fetchOne(db.cachedStatement(sql: "SELECT last_at FROM deliveries WHERE hash = ?"), arguments: [hash])
        let recent: Int?
        if let journal {
            try journal.syncIfNeeded(db)
            recent = journal.lastDelivery(hash)
        } else {
            // A read transaction: scan the runs of this snapshot (rare; nothing hot reads here).
            var found: Int?
            let blobs = try Data.fetchCursor(db, sql: "SELECT entries FROM delivery_runs")
            while let blob = try blobs.next() {
                DeliveryJournal.decode(blob) { h, t in if h == hash { found = max(found ?? t, t) } }
            }
            recent = found
        }
        return [compacted, recent].compactMap { $0 }.max()
    }

    /// Merges the delivery runs into the compacted table now (tests, maintenance).
    public func compactDeliveries() throws {
        guard let journal else { preconditionFailure("compactDeliveries outside a write transaction") }
        try journal.syncIfNeeded(db)
        try journal.compact(db)
    }

    // MARK: stats, rejects, engine state

    /// Adds to named counters (`rejected_lines`, `ignored_lines`, `parsed_lines`, …).
    public func addStats(_ deltas: [String: Int]) throws {
        let s = try db.cachedStatement(sql: """
            INSERT INTO stats (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value
            """)
        for (k, v) in deltas where v != 0 {
            s.setUncheckedArguments([k, v])
            try s.execute()
        }
    }

    public func stat(_ key: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT value FROM stats WHERE key = ?", arguments: [key]) ?? 0
    }

    /// Keeps a sample of rejected lines, at most `limit` in total (oldest kept).
    public func addRejectSamples(_ samples: [RejectSample], limit: Int = 1000) throws {
        guard !samples.isEmpty else { return }
        let have = try Int.fetchOne(db, sql: "SELECT count(*) FROM rejects") ?? 0
        for r in samples.prefix(max(0, limit - have)) {
            try db.execute(sql: "INSERT INTO rejects (source, line, reason, sample) VALUES (?, ?, ?, ?)",
                           arguments: [r.source, r.line, r.reason, r.sample])
        }
    }

    public func rejectSamples(limit: Int = 20) throws -> [RejectSample] {
        try Row.fetchAll(db, sql: "SELECT source, line, reason, sample FROM rejects ORDER BY id LIMIT ?",
                         arguments: [limit]).map {
            RejectSample(source: $0[0], line: $0[1], reason: $0[2], sample: $0[3])
        }
    }

    /// An opaque engine-state blob (detector + rate state), saved with the data it summarises.
    public func meta(_ key: String) throws -> Data? {
        try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    public func setMeta(_ key: String, _ value: Data) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    // MARK: sources

    /// Stored cursors for a device/inode pair; the caller checks which head hash still matches.
    public func cursors(device: Int64, inode: Int64) throws -> [SourceCursor] {
        try Row.fetchAll(db, sql: """
            SELECT device, inode, head_length, head_hash, path, offset, line, format FROM sources
            WHERE device = ? AND inode = ? ORDER BY updated_at DESC
            """, arguments: [device, inode]).map(StoreTransaction.cursor(row:))
    }

    static func cursor(row: Row) -> SourceCursor {
        SourceCursor(identity: SourceIdentity(device: row[0], inode: row[1], headLength: row[2], headHash: row[3]),
                     path: row[4], offset: row[5], line: row[6],
                     format: (row[7] as String?).flatMap(SourceFormat.init(rawValue:)))
    }

    /// All known cursors (for `--follow` resume and the console header).
    public func cursors() throws -> [SourceCursor] {
        try Row.fetchAll(db, sql: """
            SELECT device, inode, head_length, head_hash, path, offset, line, format FROM sources ORDER BY updated_at DESC
            """).map(StoreTransaction.cursor(row:))
    }

    /// Saves a cursor. Rows of the same file under a weaker identity (fewer head bytes hashed,
    /// from when the file was younger) are replaced.
    public func saveCursor(_ c: SourceCursor, at now: Int) throws {
        try db.execute(sql: "DELETE FROM sources WHERE device = ? AND inode = ? AND head_length < ? AND path = ?",
                       arguments: [c.identity.device, c.identity.inode, c.identity.headLength, c.path])
        try db.execute(sql: """
            INSERT INTO sources (path, device, inode, head_length, head_hash, format, offset, line, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device, inode, head_hash) DO UPDATE SET path = excluded.path, format = excluded.format,
              offset = excluded.offset, line = excluded.line, updated_at = excluded.updated_at
            """, arguments: [c.path, c.identity.device, c.identity.inode, c.identity.headLength, c.identity.headHash,
                             c.format?.rawValue, c.offset, c.line, now])
    }
}
