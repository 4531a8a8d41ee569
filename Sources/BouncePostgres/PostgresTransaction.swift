import BounceCore
import Foundation

/// One open PostgreSQL transaction as a `StorageTransaction`: the SQLite file's operations
/// (Sources/BounceStore/StoreTransaction*.swift) in PostgreSQL SQL, with the same ordering, NULL
/// handling and return shapes, so the service layer cannot tell the backends apart.
///
/// Differences of shape, not of meaning: cursors and engine state are kept per ingesting `host`
/// (device and inode numbers only mean something on their host); known-good evidence is upserted
/// into `deliveries` directly (no journal, Sources/BouncePostgres/PostgresSchema.swift); and
/// every bulk operation is one statement over bound arrays, because a server across a network
/// costs a round trip per statement, not per row.
///
/// Text is ordered with `COLLATE "C"` wherever SQLite orders by text: SQLite compares bytes,
/// and the database's own collation may be a language's.
///
/// Only valid inside `PostgresStorage.transaction`/`snapshot` (Sources/BouncePostgres/PostgresStorage.swift).
struct PostgresTransaction: StorageTransaction {
    let session: PostgresSession
    /// The ingesting host whose cursors and engine state this transaction reads and writes.
    let host: String
    /// False in a snapshot: every write method checks it first.
    let writable: Bool

    typealias Value = PostgresSession.Value

    /// Elements per bound array: big batches go in a few statements instead of one huge message.
    static let chunkSize = 10_000

    static func chunked<T>(_ a: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: a.count, by: chunkSize).map { a[$0..<min(a.count, $0 + chunkSize)] }
    }

    /// Bind values collected while a statement's SQL is assembled: `add` returns the placeholder.
    struct Binds {
        var values: [Value] = []
        mutating func add(_ v: Value) -> String {
            values.append(v)
            return "$\(values.count)"
        }
    }

    /// SQLite reads a negative LIMIT as no limit; PostgreSQL rejects one and reads NULL as none.
    static func limit(_ n: Int) -> Value { n < 0 ? nil : n }

    func requireWritable(_ operation: String) {
        precondition(writable, "\(operation) through a read-only PostgreSQL snapshot")
    }

    // MARK: counters and deliveries

    /// One counter row's key as stored: `bucket` is the minute or the hour, `reason` '' for none.
    struct CounterCell: Hashable {
        var bucket: Int
        var domain: String
        var provider: String
        var outcome: String
        var reason: String
    }

    /// Adds the deltas to their minutes and their hours (Sources/BounceStore/StoreTransaction+HourCounts.swift:
    /// an hour row always equals the sum of its minute rows). Zero deltas are skipped, as are
    /// hours whose deltas sum to zero, as in SQLite.
    func addCounters(_ deltas: [CounterKey: Int]) throws {
        requireWritable("addCounters")
        var minutes: [CounterCell: Int] = [:], hours: [CounterCell: Int] = [:]
        for (k, n) in deltas where n != 0 {
            var cell = CounterCell(bucket: k.minute, domain: k.domain, provider: k.provider, outcome: k.outcome.rawValue,
                                   reason: k.reason?.rawValue ?? "")
            minutes[cell, default: 0] += n
            cell.bucket = CounterBucketPlan.hour(ofMinute: k.minute)
            hours[cell, default: 0] += n
        }
        try upsertCounters(into: "minute_counts", bucket: "minute", minutes)
        try upsertCounters(into: "hour_counts", bucket: "hour", hours)
    }

    /// One `INSERT … SELECT FROM unnest` per chunk; the keys are distinct (a dictionary), so no
    /// statement meets the same conflict key twice.
    func upsertCounters(into table: String, bucket: String, _ cells: [CounterCell: Int]) throws {
        let rows = cells.filter { $0.value != 0 }.map { ($0.key, $0.value) }
        for chunk in Self.chunked(rows) {
            try session.execute("""
                INSERT INTO \(table) (\(bucket), domain, provider, outcome, reason, count)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                ON CONFLICT (\(bucket), domain, provider, outcome, reason) DO UPDATE SET count = \(table).count + excluded.count
                """, [chunk.map(\.0.bucket), chunk.map(\.0.domain), chunk.map(\.0.provider), chunk.map(\.0.outcome),
                      chunk.map(\.0.reason), chunk.map(\.1)])
        }
    }

    func recordDeliveries(_ latest: [Int64: Int]) throws {
        requireWritable("recordDeliveries")
        for chunk in Self.chunked(Array(latest)) {
            try session.execute("""
                INSERT INTO deliveries (hash, last_at) SELECT * FROM unnest($1::bigint[], $2::bigint[])
                ON CONFLICT (hash) DO UPDATE SET last_at = greatest(deliveries.last_at, excluded.last_at)
                """, [chunk.map(\.key), chunk.map(\.value)])
        }
    }

    func lastDelivery(hash: Int64) throws -> Int? {
        try session.query("SELECT last_at FROM deliveries WHERE hash = $1", [hash]).first?.decode(Int.self)
    }

    func lastDeliveries(hashes: [Int64]) throws -> [Int64: Int] {
        var out: [Int64: Int] = [:]
        out.reserveCapacity(hashes.count)
        for chunk in Self.chunked(hashes) {
            for row in try session.query("SELECT hash, last_at FROM deliveries WHERE hash = ANY($1)", [Array(chunk)]) {
                let (h, at) = try row.decode((Int64, Int).self)
                out[h] = at
            }
        }
        return out
    }

    // MARK: stats, rejects, engine state

    func addStats(_ deltas: [String: Int]) throws {
        requireWritable("addStats")
        let rows = deltas.filter { $0.value != 0 }
        guard !rows.isEmpty else { return }
        try session.execute("""
            INSERT INTO stats (key, value) SELECT * FROM unnest($1::text[], $2::bigint[])
            ON CONFLICT (key) DO UPDATE SET value = stats.value + excluded.value
            """, [rows.map(\.key), rows.map(\.value)])
    }

    func stat(_ key: String) throws -> Int {
        try session.query("SELECT value FROM stats WHERE key = $1", [key]).first?.decode(Int.self) ?? 0
    }

    /// Inserts the first samples that fit under `limit` rows in total, in order (ids follow the
    /// input as in SQLite): the count and the insert are one statement.
    func addRejectSamples(_ samples: [RejectSample], limit: Int) throws {
        requireWritable("addRejectSamples")
        guard !samples.isEmpty else { return }
        try session.execute("""
            INSERT INTO rejects (source, line, reason, sample)
            SELECT source, line, reason, sample
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS s(source, line, reason, sample, ord)
            WHERE s.ord + (SELECT count(*) FROM rejects) <= $5
            ORDER BY s.ord
            """, [samples.map(\.source), samples.map(\.line), samples.map(\.reason), samples.map(\.sample), limit])
    }

    func rejectSamples(limit: Int) throws -> [RejectSample] {
        try session.query("SELECT source, line, reason, sample FROM rejects ORDER BY id LIMIT $1", [Self.limit(limit)]).map {
            let (source, line, reason, sample) = try $0.decode((String, Int, String, String).self)
            return RejectSample(source: source, line: line, reason: reason, sample: sample)
        }
    }

    func engineState() throws -> Data? {
        try session.query("SELECT value FROM engine_state WHERE host = $1", [host]).first?.decode(Data.self)
    }

    func saveEngineState(_ value: Data) throws {
        requireWritable("saveEngineState")
        try session.execute("""
            INSERT INTO engine_state (host, value) VALUES ($1, $2) ON CONFLICT (host) DO UPDATE SET value = excluded.value
            """, [host, value])
    }

    // MARK: meta (global: retention runs once for the whole database)

    func meta(_ key: String) throws -> Data? {
        try session.query("SELECT value FROM meta WHERE key = $1", [key]).first?.decode(Data.self)
    }

    func setMeta(_ key: String, _ value: Data) throws {
        try session.execute("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            [key, value])
    }

    /// Integers are stored as their decimal text, as in SQLite (Sources/BounceStore/StoreTransaction+Retention.swift).
    func metaInt(_ key: String) throws -> Int? {
        try meta(key).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
    }

    func setMetaInt(_ key: String, _ value: Int) throws {
        try setMeta(key, Data(String(value).utf8))
    }

    // MARK: sources (per host)

    static let cursorColumns = "device, inode, head_length, head_hash, path, \"offset\", line, format"

    static func cursor(_ row: PostgresSession.Row) throws -> SourceCursor {
        let (device, inode, headLength, headHash, path, offset, line, format) =
            try row.decode((Int64, Int64, Int, Int64, String, Int64, Int, String?).self)
        return SourceCursor(identity: SourceIdentity(device: device, inode: inode, headLength: headLength, headHash: headHash),
                            path: path, offset: offset, line: line, format: format.flatMap(SourceFormat.init(rawValue:)))
    }

    /// Ties on `updated_at` come in SQLite's scan order: its unique (device, inode, head_hash)
    /// index here, the row id for `cursors()`.
    func cursors(device: Int64, inode: Int64) throws -> [SourceCursor] {
        try session.query("""
            SELECT \(Self.cursorColumns) FROM sources WHERE host = $1 AND device = $2 AND inode = $3
            ORDER BY updated_at DESC, head_hash
            """, [host, device, inode]).map(Self.cursor)
    }

    func cursors() throws -> [SourceCursor] {
        try session.query("SELECT \(Self.cursorColumns) FROM sources WHERE host = $1 ORDER BY updated_at DESC, id", [host])
            .map(Self.cursor)
    }

    /// Replaces rows of the same file under a weaker identity (fewer head bytes hashed, from
    /// when the file was younger), then upserts this one.
    func saveCursor(_ c: SourceCursor, at now: Int) throws {
        requireWritable("saveCursor")
        try session.execute("""
            DELETE FROM sources WHERE host = $1 AND device = $2 AND inode = $3 AND head_length < $4 AND path = $5
            """, [host, c.identity.device, c.identity.inode, c.identity.headLength, c.path])
        try session.execute("""
            INSERT INTO sources (host, path, device, inode, head_length, head_hash, format, "offset", line, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (host, device, inode, head_hash) DO UPDATE SET path = excluded.path, format = excluded.format,
              "offset" = excluded."offset", line = excluded.line, updated_at = excluded.updated_at
            """, [host, c.path, c.identity.device, c.identity.inode, c.identity.headLength, c.identity.headHash,
                  c.format?.rawValue, c.offset, c.line, now])
    }
}
