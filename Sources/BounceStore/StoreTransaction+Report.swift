import BounceCore
import GRDB

/// The `report` query: exact counts from the per-minute counters.
extension StoreTransaction {
    /// Builds the report for `[from, to)` (epoch seconds; nil = unbounded).
    public func report(from: Int?, to: Int?) throws -> TrafficReport {
        var r = TrafficReport()
        let lo = from.map { $0 / 60 }
        let hi = to.map { ($0 + 59) / 60 }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT domain, provider, outcome, reason, sum(count) FROM minute_counts
            WHERE (? IS NULL OR minute >= ?) AND (? IS NULL OR minute < ?)
            GROUP BY domain, provider, outcome, reason
            """, arguments: [lo, lo, hi, hi])
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
        let span = try Row.fetchOne(db, sql: """
            SELECT min(minute), max(minute) FROM minute_counts WHERE (? IS NULL OR minute >= ?) AND (? IS NULL OR minute < ?)
            """, arguments: [lo, lo, hi, hi])
        if let mn: Int = span?[0], let mx: Int = span?[1] {
            r.from = from ?? mn * 60
            r.to = to ?? (mx + 1) * 60
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
