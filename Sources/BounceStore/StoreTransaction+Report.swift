import BounceCore
import GRDB

/// The `report` query: exact counts from the per-minute counters and their hourly rollups.
extension StoreTransaction {
    /// Builds the report for `[from, to)` (epoch seconds; nil = unbounded). Counters come from
    /// the minute buckets and, past the minute retention, the hourly rollups; both are summed, so
    /// totals are the same before and after a rollup. Bounds round outward to the bucket: the
    /// minute, or the hour where only hourly counts are left.
    public func report(from: Int?, to: Int?) throws -> TrafficReport {
        var r = TrafficReport()
        let minutes = Self.bucketRange(from: from, to: to, seconds: 60, column: "minute")
        let hours = Self.bucketRange(from: from, to: to, seconds: 3600, column: "hour")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT domain, provider, outcome, reason, sum(n) FROM (
              SELECT domain, provider, outcome, reason, count AS n FROM minute_counts \(minutes.sql)
              UNION ALL
              SELECT domain, provider, outcome, reason, count AS n FROM hour_counts \(hours.sql))
            GROUP BY domain, provider, outcome, reason
            """, arguments: minutes.arguments + hours.arguments)
        var byProvider: [String: TrafficCounts] = [:]
        var byDomain: [String: (provider: String, counts: TrafficCounts)] = [:]
        while let row = try rows.next() {
            let domain: String = row[0], provider: String = row[1]
            guard let outcome = Outcome(rawValue: row[2]) else { continue }
            let reasonText: String = row[3]
            let reason = BounceReason(rawValue: reasonText)
            let n: Int = row[4]
            r.totals.add(outcome: outcome, reason: reason, count: n)
            byProvider[provider, default: TrafficCounts()].add(outcome: outcome, reason: reason, count: n)
            let key = domain + "\u{0}" + provider
            var d = byDomain[key] ?? (provider, TrafficCounts())
            d.counts.add(outcome: outcome, reason: reason, count: n)
            byDomain[key] = d
        }
        // min/max on the leading key column: index probes, not scans.
        let span = try Row.fetchOne(db, sql: """
            SELECT (SELECT min(minute) FROM minute_counts \(minutes.sql)), (SELECT max(minute) FROM minute_counts \(minutes.sql)),
                   (SELECT min(hour) FROM hour_counts \(hours.sql)), (SELECT max(hour) FROM hour_counts \(hours.sql))
            """, arguments: minutes.arguments + minutes.arguments + hours.arguments + hours.arguments)
        let starts = [(span?[0] as Int?).map { $0 * 60 }, (span?[2] as Int?).map { $0 * 3600 }].compactMap { $0 }
        let ends = [(span?[1] as Int?).map { ($0 + 1) * 60 }, (span?[3] as Int?).map { ($0 + 1) * 3600 }].compactMap { $0 }
        if let first = starts.min(), let last = ends.max() {
            r.from = from ?? first
            r.to = to ?? last
        } else {
            r.from = from
            r.to = to
        }
        r.providers = byProvider.map { ($0.key, $0.value) }
            .sorted { $0.counts.attempts != $1.counts.attempts ? $0.counts.attempts > $1.counts.attempts : $0.provider < $1.provider }
        r.domains = byDomain.map { (String($0.key.prefix { $0 != "\u{0}" }), $0.value.provider, $0.value.counts) }
            .sorted { $0.counts.attempts != $1.counts.attempts ? $0.counts.attempts > $1.counts.attempts : $0.domain < $1.domain }
        r.rejectedLines = try stat("rejected_lines")
        r.ignoredLines = try stat("ignored_lines")
        r.incidents = try incidents(from: from, to: to)
        r.queue = try queueCounts()
        return r
    }

    /// A `WHERE` clause selecting the buckets of `column` (bucket = epoch seconds / `seconds`)
    /// that overlap `[from, to)`. Only the bounds given are tested, so the primary key (which
    /// starts with the bucket) gives a range scan.
    static func bucketRange(from: Int?, to: Int?, seconds: Int, column: String) -> (sql: String, arguments: StatementArguments) {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let from { clauses.append("\(column) >= ?"); args.append(from / seconds) }
        if let to { clauses.append("\(column) < ?"); args.append((to + seconds - 1) / seconds) }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), StatementArguments(args))
    }

    /// Per-minute counts of one provider (or all), for rebuilding rate state after a restart.
    public func minuteSeries(since minute: Int) throws -> [(minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?, count: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT minute, domain, provider, outcome, reason, count FROM minute_counts WHERE minute >= ? ORDER BY minute
            """, arguments: [minute]).compactMap { row in
            guard let o = Outcome(rawValue: row[3]) else { return nil }
            return (row[0], row[1], row[2], o, BounceReason(rawValue: row[4] as String), row[5])
        }
    }
}
