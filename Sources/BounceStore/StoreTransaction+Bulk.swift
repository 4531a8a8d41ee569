import BounceCore
import GRDB

/// Bulk reads for a batch's decisions: one statement per few hundred keys instead of one per
/// event (the per-statement cost dominated the commit thread, scripts/bench-events.sh).
extension StoreTransaction {
    /// Keys per `IN (…)` list: well under SQLite's bound-parameter limit.
    static let bulkChunk = 500

    /// The queue items of these addresses (lower-cased keys) that exist.
    public func retryItems(addresses: [String]) throws -> [String: RetryItem] {
        var out: [String: RetryItem] = [:]
        out.reserveCapacity(addresses.count)
        var start = 0
        while start < addresses.count {
            let chunk = Array(addresses[start..<min(addresses.count, start + Self.bulkChunk)])
            let rows = try Row.fetchAll(statement("SELECT \(Self.itemColumns) FROM addresses WHERE address IN", chunk.count),
                                        arguments: StatementArguments(chunk))
            for row in rows { let i = Self.item(row: row); out[i.address] = i }
            start += Self.bulkChunk
        }
        return out
    }

    /// The last recorded delivery time of each hash that has one (as `lastDelivery(hash:)`).
    public func lastDeliveries(hashes: [Int64]) throws -> [Int64: Int] {
        guard let journal else { preconditionFailure("lastDeliveries outside a write transaction") }
        try journal.syncIfNeeded(db)
        var out: [Int64: Int] = [:]
        var start = 0
        while start < hashes.count {
            let chunk = Array(hashes[start..<min(hashes.count, start + Self.bulkChunk)])
            for row in try Row.fetchAll(statement("SELECT hash, last_at FROM deliveries WHERE hash IN", chunk.count),
                                        arguments: StatementArguments(chunk)) {
                out[row[0]] = row[1]
            }
            start += Self.bulkChunk
        }
        for h in hashes {
            if let recent = journal.lastDelivery(h) { out[h] = max(out[h] ?? recent, recent) }
        }
        return out
    }

    /// `prefix (?,?,…)` with `count` marks: cached at the full chunk size, fresh for the one
    /// shorter chunk at the end (caching every size would grow the cache without bound).
    private func statement(_ prefix: String, _ count: Int) throws -> Statement {
        let sql = prefix + " (" + Array(repeating: "?", count: count).joined(separator: ",") + ")"
        return count == Self.bulkChunk ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }
}
