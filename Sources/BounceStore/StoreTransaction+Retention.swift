import BounceCore
import Foundation
import GRDB

/// Retention (docs/DECISIONS.md "Retention"): drops per-minute counters once only their hourly
/// sums are needed, and deletes what no rule or screen can use any more. It runs inside the
/// ingest batch's write transaction, driven by the newest event time, so it commits or rolls back
/// with the batch (a crash never leaves a half-pruned table) and a replayed log is pruned exactly
/// as it was live.
extension StoreTransaction {
    /// Last event-time hour (day) a pass ran for: kept in `meta`, committed with the pass.
    static let retentionHourKey = "retention-hour"
    static let retentionDayKey = "retention-day"

    /// Applies `policy` as of `now` (epoch seconds of the newest event). Dropping old minutes runs
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
            // An hour boundary: each hour's minutes are all kept or all gone (reports rely on it).
            let minuteCutoff = Self.floorDiv(now - policy.minuteBuckets, 3600) * 60
            s.minuteRowsDeleted = try dropMinutes(before: minuteCutoff)
            let hourCutoff = min(Self.floorDiv(now - policy.hourBuckets, 3600), minuteCutoff / 60)
            try db.execute(sql: "DELETE FROM hour_counts WHERE hour < ?", arguments: [hourCutoff])
            s.hourRowsDeleted = db.changesCount
            try setMetaInt(Self.retentionHourKey, max(hour, lastHour ?? hour))
            s.ranHourly = true
        }
        if force || lastDay.map({ day > $0 }) ?? true {
            // Merge the journal's runs first, so evidence past its horizon goes from them too
            // (otherwise a run could keep it alive until the next size-triggered compaction).
            if journal != nil { try compactDeliveries() }
            try db.execute(sql: "DELETE FROM deliveries WHERE last_at < ?",
                           arguments: [now - policy.deliveriesHorizon(knownGoodWindow: knownGoodWindow)])
            s.deliveriesDeleted = db.changesCount
            s.auditRowsDeleted = try pruneAudit(before: now - policy.audit)
            try setMetaInt(Self.retentionDayKey, max(day, lastDay ?? day))
            s.ranDaily = true
        }
        return s
    }

    /// Deletes minute rows before `minute` (an hour boundary) and records that reports read
    /// hours only below it. Their hours already hold every count (`addHourCounters`), so nothing
    /// moves and no total changes; late lines of an old log below it are deleted the same way.
    func dropMinutes(before minute: Int) throws -> Int {
        let kept = max(minute, try minutesKeptFrom() ?? minute)
        try db.execute(sql: "DELETE FROM minute_counts WHERE minute < ?", arguments: [kept])
        let n = db.changesCount
        try setMetaInt(Self.minutesKeptFromKey, kept)
        return n
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

    /// Rows per counter table (tests and diagnostics).
    public func counterRows() throws -> (minute: Int, hour: Int) {
        (try Int.fetchOne(db, sql: "SELECT count(*) FROM minute_counts") ?? 0,
         try Int.fetchOne(db, sql: "SELECT count(*) FROM hour_counts") ?? 0)
    }
}
