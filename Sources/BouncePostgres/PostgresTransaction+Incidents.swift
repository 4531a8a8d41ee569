import BounceCore

/// Incidents, the timeline and the domains an incident touched
/// (Sources/BounceStore/StoreTransaction+Incidents.swift, +Mitigation.swift).
extension PostgresTransaction {
    /// The detector owns ids. An update keeps the provider, kind and detection time, and keeps
    /// a known `peak_at` when none is given, as in SQLite.
    func saveIncident(_ i: IncidentRecord, peakAt: Int?) throws {
        requireWritable("saveIncident")
        try session.execute("""
            INSERT INTO incidents (id, provider, kind, reasons, started_at, detected_at, closed_at, peak_rate, baseline_rate, peak_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET reasons = excluded.reasons, started_at = excluded.started_at,
              closed_at = excluded.closed_at, peak_rate = excluded.peak_rate, baseline_rate = excluded.baseline_rate,
              peak_at = coalesce(excluded.peak_at, incidents.peak_at)
            """, [i.id, i.provider, i.kind.rawValue, i.reasons.map(\.rawValue).joined(separator: ","), i.startedAt,
                  i.detectedAt, i.closedAt, i.peakRate, i.baselineRate, peakAt])
    }

    static let incidentColumns = "id, provider, kind, reasons, started_at, detected_at, closed_at, peak_rate, baseline_rate"

    /// A kind this build does not know (a newer version wrote it) is an error, not a guess.
    static func incident(_ row: PostgresSession.Row) throws -> IncidentRecord {
        let (id, provider, kindText, reasons, startedAt, detectedAt, closedAt, peakRate, baselineRate) =
            try row.decode((Int, String, String, String, Int, Int, Int?, Double, Double).self)
        guard let kind = IncidentKind(rawValue: kindText) else {
            throw StoreError.readFailed("incident \(id) has unknown kind '\(kindText)'")
        }
        return IncidentRecord(id: id, provider: provider, kind: kind,
                              reasons: reasons.split(separator: ",").compactMap { BounceReason(rawValue: String($0)) },
                              startedAt: startedAt, detectedAt: detectedAt, closedAt: closedAt, peakRate: peakRate,
                              baselineRate: baselineRate)
    }

    /// Newest first; with a range, those overlapping it (an open incident reaches forever).
    func incidents(from: Int?, to: Int?) throws -> [IncidentRecord] {
        var b = Binds()
        var clauses: [String] = []
        if let from { clauses.append("(closed_at IS NULL OR closed_at >= \(b.add(from)))") }
        if let to { clauses.append("started_at <= \(b.add(to))") }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        return try session.query("SELECT \(Self.incidentColumns) FROM incidents \(whereSQL) ORDER BY id DESC", b.values)
            .map(Self.incident)
    }

    func incident(id: Int) throws -> IncidentRecord? {
        try session.query("SELECT \(Self.incidentColumns) FROM incidents WHERE id = $1", [id]).first.map(Self.incident)
    }

    @discardableResult
    func addTimeline(_ e: TimelineEntry) throws -> Int {
        requireWritable("addTimeline")
        let rows = try session.query("""
            INSERT INTO timeline (at, incident_id, kind, by, text) VALUES ($1, $2, $3, $4, $5) RETURNING id
            """, [e.at, e.incidentID, e.kind.rawValue, e.by, e.text])
        guard let id = try rows.first?.decode(Int.self) else { throw StoreError.writeFailed("timeline insert returned no id") }
        return id
    }

    /// The newest `limit` entries, returned oldest first.
    func timeline(incidentID: Int?, limit: Int) throws -> [TimelineEntry] {
        var b = Binds()
        let whereSQL = incidentID.map { "WHERE incident_id = \(b.add($0))" } ?? ""
        let limitSQL = b.add(Self.limit(limit))
        return try session.query("""
            SELECT id, at, incident_id, kind, by, text FROM (
              SELECT id, at, incident_id, kind, by, text FROM timeline \(whereSQL) ORDER BY at DESC, id DESC LIMIT \(limitSQL)
            ) newest ORDER BY at, id
            """, b.values).map {
            let (id, at, incidentID, kind, by, text) = try $0.decode((Int, Int, Int?, String, String, String).self)
            return TimelineEntry(id: id, at: at, incidentID: incidentID, kind: TimelineKind(rawValue: kind) ?? .note,
                                 by: by, text: text)
        }
    }

    /// Distinct recipient domains of the incident, sorted: those of addresses linked to it
    /// (whatever their state now) and those with a bounce from its provider while it lasted —
    /// at minute resolution where minutes are still kept, else by whole hours (retention).
    /// Raw log text: the caller validates them before they go into an MTA table.
    func incidentDomains(_ i: IncidentRecord, now: Int) throws -> [String] {
        let end = i.closedAt ?? max(now, i.startedAt + 60)
        let lo = CounterBucketPlan.floorDiv(i.startedAt, 60), hi = -CounterBucketPlan.floorDiv(-end, 60)
        var b = Binds()
        var parts = ["SELECT domain FROM addresses WHERE incident_id = \(b.add(i.id))"]
        if let kept = try metaInt(Self.minutesKeptFromKey), kept > lo {
            parts.append("""
                SELECT domain FROM hour_counts
                WHERE hour >= \(b.add(CounterBucketPlan.hour(ofMinute: lo))) AND hour < \(b.add(CounterBucketPlan.hour(ofMinute: hi - 1) + 1))
                  AND provider = \(b.add(i.provider)) AND outcome = 'bounced'
                """)
        }
        parts.append("""
            SELECT domain FROM minute_counts
            WHERE provider = \(b.add(i.provider)) AND minute >= \(b.add(lo)) AND minute < \(b.add(hi)) AND outcome = 'bounced'
            """)
        let domains = try session.query(parts.joined(separator: " UNION "), b.values).map { try $0.decode(String.self) }
        return Set(domains).sorted()
    }
}
