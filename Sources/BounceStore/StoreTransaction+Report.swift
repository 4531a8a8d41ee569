import BounceCore
import GRDB

/// The `report` query: exact counts from the hourly counters and, for partial hours, the minute ones.
extension StoreTransaction {
    /// Builds the report for `[from, to)` (epoch seconds; nil = unbounded). Whole hours come
    /// from the hourly counters, partial hours at the edges from the minute counters; where the
    /// minutes are past their retention an edge counts its whole hour. Bounds round outward to
    /// the minute (the hour there), so totals never depend on whether old minutes were dropped.
    public func report(from: Int?, to: Int?) throws -> TrafficReport {
        var r = TrafficReport()
        let kept = try minutesKeptFrom()
        let plan = CounterBucketPlan(from: from, to: to, minutesKeptFrom: kept)
        var parts = ["SELECT domain, provider, outcome, reason, count AS n FROM hour_counts \(Self.range("hour", plan.hours.lo, plan.hours.hi))"]
        var arguments = StatementArguments([plan.hours.lo, plan.hours.hi].compactMap { $0 })
        for m in plan.minutes {
            parts.append("SELECT domain, provider, outcome, reason, count AS n FROM minute_counts WHERE minute >= ? AND minute < ?")
            arguments += [m.lo, m.hi]
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT domain, provider, outcome, reason, sum(n) FROM (\(parts.joined(separator: " UNION ALL ")))
            GROUP BY domain, provider, outcome, reason
            """, arguments: arguments)
        var tally = TrafficReport.Tally()
        while let row = try rows.next() {
            guard let outcome = Outcome(rawValue: row[2]) else { continue }
            tally.add(domain: row[0], provider: row[1], outcome: outcome, reason: BounceReason(rawValue: row[3] as String), count: row[4])
        }
        tally.fill(&r)
        if let span = try span(plan, minutesKeptFrom: kept) {
            r.from = from ?? span.from
            r.to = to ?? span.to
        } else {
            r.from = from
            r.to = to
        }
        r.rejectedLines = try stat("rejected_lines")
        r.ignoredLines = try stat("ignored_lines")
        r.incidents = try incidents(from: from, to: to)
        r.queue = try queueCounts()
        return r
    }

    /// `WHERE` bounds on a bucket column (only those given, so the primary key, which starts
    /// with the bucket, gives a range scan).
    static func range(_ column: String, _ lo: Int?, _ hi: Int?) -> String {
        let clauses = [lo.map { _ in "\(column) >= ?" }, hi.map { _ in "\(column) < ?" }].compactMap { $0 }
        return clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    }

    /// The first and last second with counted traffic inside the plan: to the minute where
    /// minutes are kept, to the hour before that. Index probes only.
    func span(_ plan: CounterBucketPlan, minutesKeptFrom kept: Int?) throws -> (from: Int, to: Int)? {
        func one(_ sql: String, _ args: [Int]) throws -> Int? { try Int.fetchOne(db, sql: sql, arguments: StatementArguments(args)) }
        let hourWhere = Self.range("hour", plan.hours.lo, plan.hours.hi)
        let hourArgs = [plan.hours.lo, plan.hours.hi].compactMap { $0 }
        let keptFrom = kept ?? Int.min
        var starts: [Int] = [], ends: [Int] = []
        if let h = try one("SELECT min(hour) FROM hour_counts \(hourWhere)", hourArgs) {
            let m = h * 60 >= keptFrom ? try one("SELECT min(minute) FROM minute_counts WHERE minute >= ? AND minute < ?", [h * 60, h * 60 + 60]) : nil
            starts.append(m.map { $0 * 60 } ?? h * 3600)
        }
        if let h = try one("SELECT max(hour) FROM hour_counts \(hourWhere)", hourArgs) {
            let m = h * 60 >= keptFrom ? try one("SELECT max(minute) FROM minute_counts WHERE minute >= ? AND minute < ?", [h * 60, h * 60 + 60]) : nil
            ends.append(m.map { ($0 + 1) * 60 } ?? (h + 1) * 3600)
        }
        for m in plan.minutes {
            if let first = try one("SELECT min(minute) FROM minute_counts WHERE minute >= ? AND minute < ?", [m.lo, m.hi]) { starts.append(first * 60) }
            if let last = try one("SELECT max(minute) FROM minute_counts WHERE minute >= ? AND minute < ?", [m.lo, m.hi]) { ends.append((last + 1) * 60) }
        }
        guard let from = starts.min(), let to = ends.max() else { return nil }
        return (from, to)
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
