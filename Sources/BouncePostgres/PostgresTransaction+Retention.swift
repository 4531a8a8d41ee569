import BounceCore

/// Retention (Sources/BounceStore/StoreTransaction+Retention.swift): the same deletes, the same
/// `meta` keys and the same summary, without the journal compaction (PostgreSQL keeps known-good
/// evidence in `deliveries` directly). It runs inside an ingest batch's write transaction, driven
/// by event time, so it commits or rolls back with the batch; the keys are global, so one
/// ingester's pass prunes for the whole fleet and the others find it done for that hour/day.
extension PostgresTransaction {
    /// Last event-time hour (day) a pass ran for.
    static let retentionHourKey = "retention-hour"
    static let retentionDayKey = "retention-day"
    /// The first minute still kept at minute resolution (an hour boundary); below it reports
    /// count hour rows only (Sources/BounceStore/StoreTransaction+HourCounts.swift).
    static let minutesKeptFromKey = "minutes-kept-from"

    /// Dropping old minutes runs at most once per event-time hour; the known-good and audit
    /// prunes, which scan their whole tables, at most once per event-time day. `force` runs both.
    @discardableResult
    func applyRetention(_ policy: RetentionPolicy, knownGoodWindow: Int, asOf now: Int, force: Bool) throws
        -> RetentionSummary {
        requireWritable("applyRetention")
        var s = RetentionSummary()
        let hour = now / 3600, day = now / 86400
        let lastHour = try metaInt(Self.retentionHourKey), lastDay = try metaInt(Self.retentionDayKey)
        if force || lastHour.map({ hour > $0 }) ?? true {
            // An hour boundary: each hour's minutes are all kept or all gone (reports rely on it).
            let minuteCutoff = CounterBucketPlan.floorDiv(now - policy.minuteBuckets, 3600) * 60
            s.minuteRowsDeleted = try dropMinutes(before: minuteCutoff)
            let hourCutoff = min(CounterBucketPlan.floorDiv(now - policy.hourBuckets, 3600), minuteCutoff / 60)
            s.hourRowsDeleted = try session.execute("DELETE FROM hour_counts WHERE hour < $1", [hourCutoff])
            try setMetaInt(Self.retentionHourKey, max(hour, lastHour ?? hour))
            s.ranHourly = true
        }
        if force || lastDay.map({ day > $0 }) ?? true {
            s.deliveriesDeleted = try session.execute("DELETE FROM deliveries WHERE last_at < $1",
                                                      [now - policy.deliveriesHorizon(knownGoodWindow: knownGoodWindow)])
            s.auditRowsDeleted = try pruneAudit(before: now - policy.audit)
            try setMetaInt(Self.retentionDayKey, max(day, lastDay ?? day))
            s.ranDaily = true
        }
        return s
    }

    /// Deletes minute rows before `minute` (never lowering an earlier cut) and records that
    /// reports read hours only below it. Their hours already hold every count, so no total changes.
    func dropMinutes(before minute: Int) throws -> Int {
        let kept = max(minute, try metaInt(Self.minutesKeptFromKey) ?? minute)
        let n = try session.execute("DELETE FROM minute_counts WHERE minute < $1", [kept])
        try setMetaInt(Self.minutesKeptFromKey, kept)
        return n
    }

    /// Deletes audit rows older than `cutoff`, keeping every row of a held address (its whole
    /// history is shown while it waits for a decision) and the newest row of every address.
    func pruneAudit(before cutoff: Int) throws -> Int {
        try session.execute("""
            DELETE FROM audit WHERE at < $1
              AND EXISTS (SELECT 1 FROM audit newer WHERE newer.address = audit.address AND newer.id > audit.id)
              AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.address = audit.address AND a.state = 'held')
            """, [cutoff])
    }
}
