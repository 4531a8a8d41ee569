import BounceCore
import GRDB

/// The one query shape behind both queue readers (`queuePage` for the CLI, `queueSlice` for the
/// console): a filtered count plus one ordered page, so a frame or a `queue list` never loads
/// the whole queue.
extension StoreTransaction {
    static func containsPattern(_ text: String) -> String { LikePattern.contains(text) }

    /// Rows of `addresses` matching every clause (AND), counted (unless `knownTotal` is given)
    /// and one page of them in `order`.
    func addressPage(where clauses: [String], _ args: [any DatabaseValueConvertible], order: String,
                     limit: Int, offset: Int, knownTotal: Int? = nil) throws -> (total: Int, items: [RetryItem]) {
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let total = try knownTotal ?? Int.fetchOne(db, sql: "SELECT count(*) FROM addresses \(whereSQL)",
                                                   arguments: StatementArguments(args)) ?? 0
        // Deferred join: the page's keys come from the index alone, then only those rows are read.
        // With every column in the paged query SQLite fetched each row it skipped over for the
        // OFFSET (40 ms at offset 12,000 of the held view, scripts/bench-console.sh; ~1 ms now).
        let items = try Row.fetchAll(db, sql: """
            SELECT \(Self.itemColumns) FROM addresses WHERE address IN (
              SELECT address FROM addresses \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?)
            ORDER BY \(order)
            """, arguments: StatementArguments(args + [max(0, limit), max(0, offset)])).map(Self.item(row:))
        return (total, items)
    }
}
