import BounceCore
import Foundation
import GRDB

/// Retention (docs/DECISIONS.md "Retention"): rolls per-minute counters up into hourly ones and
/// deletes what no rule or screen can use any more. It runs inside the ingest batch's write
/// transaction, driven by the newest event time, so it commits or rolls back with the batch (a
/// crash never leaves a half-rolled-up hour) and a replayed log is pruned exactly as it was live.
extension StoreTransaction {
    /// What one retention pass changed.
    public struct RetentionSummary: Sendable, Equatable {
        /// Minute rows folded into hour rows.
        public var minuteRowsRolledUp = 0
        public var hourRowsDeleted = 0
        public var deliveriesDeleted = 0
        public var auditRowsDeleted = 0
        /// False when the pass was skipped because it already ran for this hour (day).
        public var ranHourly = false
        public var ranDaily = false
        public init() {}
    }

    /// Last event-time hour (day) a pass ran for: kept in `meta`, committed with the pass.
    static let retentionHourKey = "retention-hour"
    static let retentionDayKey = "retention-day"

    /// Applies `policy` as of `now` (epoch seconds of the newest event). The counter rollup runs
    /// at most once per event-time hour; the known-good and audit prunes, which scan their whole
    /// tables, at most once per event-time day. `force` runs both regardless (tests, tools).
    /// Idempotent: a second pass with the same `now` changes nothing.
    @discardableResult
    public func applyRetention(_ policy: RetentionPolicy, knownGoodWindow: Int, asOf now: Int,
                               force: Bool = false) throws -> RetentionSummary {
        var s = RetentionSummary()
        let hour = now / 3600, day = now / 86400
        let lastHour = try metaInt(Self.retentionHourKey), lastDay = try metaInt(Self.retentionDayKey)
        if force || lastHour.map({ hour > $0 }) ?? true {
            // Whole hours only, so an hour is never split between the two tables by a pass.
            let minuteCutoff = ((now - policy.minuteBuckets) / 3600) * 60
            s.minuteRowsRolledUp = try rollUpMinutes(before: minuteCutoff)
            try db.execute(sql: "DELETE FROM hour_counts WHERE hour < ?", arguments: [(now - policy.hourBuckets) / 3600])
            s.hourRowsDeleted = db.changesCount
            try setMetaInt(Self.retentionHourKey, max(hour, lastHour ?? hour))
            s.ranHourly = true
        }
        if force || lastDay.map({ day > $0 }) ?? true {
            try db.execute(sql: "DELETE FROM deliveries WHERE last_at < ?",
                           arguments: [now - policy.deliveriesHorizon(knownGoodWindow: knownGoodWindow)])
            s.deliveriesDeleted = db.changesCount
            s.auditRowsDeleted = try pruneAudit(before: now - policy.audit)
            try setMetaInt(Self.retentionDayKey, max(day, lastDay ?? day))
            s.ranDaily = true
        }
        return s
    }

    /// Folds minute rows before `minute` (an hour boundary) into `hour_counts`, adding to hours
    /// already there (late lines of an old log), and deletes them: every count moves, none is
    /// lost or doubled, so report totals are the same before and after.
    func rollUpMinutes(before minute: Int) throws -> Int {
        // `WHERE` before `GROUP BY` also settles SQLite's upsert-after-SELECT parsing ambiguity.
        try db.execute(sql: """
            INSERT INTO hour_counts (hour, domain, provider, outcome, reason, count)
            SELECT minute / 60, domain, provider, outcome, reason, sum(count) FROM minute_counts
            WHERE minute < ? GROUP BY minute / 60, domain, provider, outcome, reason
            ON CONFLICT (hour, domain, provider, outcome, reason) DO UPDATE SET count = count + excluded.count
            """, arguments: [minute])
        try db.execute(sql: "DELETE FROM minute_counts WHERE minute < ?", arguments: [minute])
        return db.changesCount
    }

    /// Deletes audit rows older than `cutoff`, keeping every row of a held address (its whole
    /// history is shown while it waits for a decision) and the newest row of every address (how
    /// it got to its current state, with the note).
    func pruneAudit(before cutoff: Int) throws -> Int {
        try db.execute(sql: """
            DELETE FROM audit WHERE at < ?
              AND EXISTS (SELECT 1 FROM audit newer WHERE newer.address = audit.address AND newer.id > audit.id)
              AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.address = audit.address AND a.state = 'held')
            """, arguments: [cutoff])
        return db.changesCount
    }

    func metaInt(_ key: String) throws -> Int? {
        try meta(key).flatMap { Int(String(decoding: $0, as: UTF8.self)) }
    }

    func setMetaInt(_ key: String, _ value: Int) throws {
        try setMeta(key, Data(String(value).utf8))
    }

    /// Rows per counter table, for `bench-store.sh` style checks and tests.
    public func counterRows() throws -> (minute: Int, hour: Int) {
        (try Int.fetchOne(db, sql: "SELECT count(*) FROM minute_counts") ?? 0,
         try Int.fetchOne(db, sql: "SELECT count(*) FROM hour_counts") ?? 0)
    }
}
