import BounceCore

/// The `report` query and the minute reads (Sources/BounceStore/StoreTransaction+Report.swift,
/// +Console.swift): exact counts from the hourly counters and, for partial hours at the edges,
/// the minute ones, both chosen by `CounterBucketPlan` (Sources/BounceCore/Storage/CounterBucketPlan.swift)
/// so the two backends agree to the count.
extension PostgresTransaction {
    /// Builds the report for `[from, to)` (epoch seconds; nil = unbounded), as SQLite does:
    /// whole hours from `hour_counts`, partial edge hours from `minute_counts` while their
    /// minutes are kept, widened to the whole hour once they are not.
    func report(from: Int?, to: Int?) throws -> TrafficReport {
        var r = TrafficReport()
        let kept = try metaInt(Self.minutesKeptFromKey)
        let plan = CounterBucketPlan(from: from, to: to, minutesKeptFrom: kept)
        var b = Binds()
        var parts = ["SELECT domain, provider, outcome, reason, count AS n FROM hour_counts \(Self.range("hour", plan.hours, &b))"]
        for m in plan.minutes {
            parts.append("""
                SELECT domain, provider, outcome, reason, count AS n FROM minute_counts
                WHERE minute >= \(b.add(m.lo)) AND minute < \(b.add(m.hi))
                """)
        }
        // sum(bigint) is numeric in PostgreSQL: back to bigint (SQLite's integer sum).
        let rows = try session.query("""
            SELECT domain, provider, outcome, reason, sum(n)::bigint FROM (\(parts.joined(separator: " UNION ALL "))) cells
            GROUP BY domain, provider, outcome, reason
            """, b.values)
        var tally = TrafficReport.Tally()
        for row in rows {
            let (domain, provider, outcomeText, reasonText, n) = try row.decode((String, String, String, String, Int).self)
            guard let outcome = Outcome(rawValue: outcomeText) else { continue }
            tally.add(domain: domain, provider: provider, outcome: outcome, reason: BounceReason(rawValue: reasonText), count: n)
        }
        tally.fill(&r)
        if let span = try span(plan, minutesKeptFrom: kept) {
            r.from = from ?? span.from
            r.to = to ?? span.to
        } else {
            r.from = from
            r.to = to
        }
        var stats: [String: Int] = [:]
        for row in try session.query("SELECT key, value FROM stats WHERE key = ANY($1)", [["rejected_lines", "ignored_lines"]]) {
            let (key, value) = try row.decode((String, Int).self)
            stats[key] = value
        }
        r.rejectedLines = stats["rejected_lines"] ?? 0
        r.ignoredLines = stats["ignored_lines"] ?? 0
        r.incidents = try incidents(from: from, to: to)
        r.queue = try queueCounts()
        return r
    }

    /// `WHERE` bounds on a bucket column (only those given, so the primary key, which starts
    /// with the bucket, gives a range scan).
    static func range(_ column: String, _ bounds: (lo: Int?, hi: Int?), _ b: inout Binds) -> String {
        var clauses: [String] = []
        if let lo = bounds.lo { clauses.append("\(column) >= \(b.add(lo))") }
        if let hi = bounds.hi { clauses.append("\(column) < \(b.add(hi))") }
        return clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    }

    /// The first and last second with counted traffic inside the plan: to the minute where
    /// minutes are kept, to the hour before that. SQLite's index probes
    /// (`StoreTransaction.span`), gathered into one statement.
    func span(_ plan: CounterBucketPlan, minutesKeptFrom kept: Int?) throws -> (from: Int, to: Int)? {
        var b = Binds()
        let hourWhere = Self.range("hour", plan.hours, &b)
        // An edge hour's own minutes refine it only if that hour's minutes are kept (h * 60 >= kept).
        let keptParam = kept.map { b.add($0) }
        func refined(_ side: String, _ agg: String) -> String {
            let probe = "(SELECT \(agg)(minute) FROM minute_counts WHERE minute >= h.\(side) * 60 AND minute < h.\(side) * 60 + 60)"
            guard let keptParam else { return probe }
            return "CASE WHEN h.\(side) * 60 >= \(keptParam) THEN \(probe) END"
        }
        var columns = ["h.lo", "h.hi", refined("lo", "min"), refined("hi", "max")]
        for m in plan.minutes {
            let lo = b.add(m.lo), hi = b.add(m.hi)
            columns.append("(SELECT min(minute) FROM minute_counts WHERE minute >= \(lo) AND minute < \(hi))")
            columns.append("(SELECT max(minute) FROM minute_counts WHERE minute >= \(lo) AND minute < \(hi))")
        }
        guard let row = try session.query("""
            SELECT \(columns.joined(separator: ", "))
            FROM (SELECT min(hour) AS lo, max(hour) AS hi FROM hour_counts \(hourWhere)) h
            """, b.values).first else { return nil }
        let cells = row.makeRandomAccess()
        func value(_ i: Int) throws -> Int? { try cells[i].decode(Int?.self) }
        var starts: [Int] = [], ends: [Int] = []
        if let h = try value(0) { starts.append(try value(2).map { $0 * 60 } ?? h * 3600) }
        if let h = try value(1) { ends.append(try value(3).map { ($0 + 1) * 60 } ?? (h + 1) * 3600) }
        for k in plan.minutes.indices {
            if let first = try value(4 + 2 * k) { starts.append(first * 60) }
            if let last = try value(5 + 2 * k) { ends.append((last + 1) * 60) }
        }
        guard let from = starts.min(), let to = ends.max() else { return nil }
        return (from, to)
    }

    /// Cells since `minute`, oldest first; cells of one minute in primary-key order (domain,
    /// provider, outcome, reason as bytes), as SQLite reads them.
    func minuteSeries(since minute: Int) throws -> [MinuteCell] {
        try session.query("""
            SELECT minute, domain, provider, outcome, reason, count FROM minute_counts WHERE minute >= $1
            ORDER BY minute, domain COLLATE "C", provider COLLATE "C", outcome COLLATE "C", reason COLLATE "C"
            """, [minute]).compactMap { row in
            let (m, domain, provider, outcome, reason, count) = try row.decode((Int, String, String, String, String, Int).self)
            guard let o = Outcome(rawValue: outcome) else { return nil }
            return (m, domain, provider, o, BounceReason(rawValue: reason), count)
        }
    }

    func newestMinute() throws -> Int? {
        try session.query("SELECT max(minute) FROM minute_counts").first?.decode(Int?.self)
    }
}
