import BounceCore
import Foundation
import GRDB

/// Incidents and the timeline.
extension StoreTransaction {
    /// Inserts or updates an incident (the detector owns ids).
    public func saveIncident(_ i: IncidentRecord, peakAt: Int? = nil) throws {
        try db.execute(sql: """
            INSERT INTO incidents (id, provider, kind, reasons, started_at, detected_at, closed_at, peak_rate, baseline_rate, peak_at)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT (id) DO UPDATE SET reasons = excluded.reasons, started_at = excluded.started_at,
              closed_at = excluded.closed_at, peak_rate = excluded.peak_rate, baseline_rate = excluded.baseline_rate,
              peak_at = coalesce(excluded.peak_at, peak_at)
            """, arguments: [i.id, i.provider, i.kind.rawValue, i.reasons.map(\.rawValue).joined(separator: ","), i.startedAt,
                             i.detectedAt, i.closedAt, i.peakRate, i.baselineRate, peakAt])
    }

    /// A kind this build does not know (a newer version wrote it) is an error, not a guess.
    static func incident(row: Row) throws -> IncidentRecord {
        let kindText: String = row[2]
        guard let kind = IncidentKind(rawValue: kindText) else {
            throw StoreError.readFailed("incident \(row[0] as Int) has unknown kind '\(kindText)'")
        }
        return IncidentRecord(id: row[0], provider: row[1], kind: kind,
                       reasons: (row[3] as String).split(separator: ",").compactMap { BounceReason(rawValue: String($0)) },
                       startedAt: row[4], detectedAt: row[5], closedAt: row[6], peakRate: row[7], baselineRate: row[8])
    }

    /// All incidents, newest first. With a range, those overlapping it.
    public func incidents(from: Int? = nil, to: Int? = nil) throws -> [IncidentRecord] {
        try Row.fetchAll(db, sql: """
            SELECT id, provider, kind, reasons, started_at, detected_at, closed_at, peak_rate, baseline_rate
            FROM incidents WHERE (? IS NULL OR coalesce(closed_at, 9223372036854775807) >= ?) AND (? IS NULL OR started_at <= ?)
            ORDER BY id DESC
            """, arguments: [from, from, to, to]).map { try Self.incident(row: $0) }
    }

    public func incident(id: Int) throws -> IncidentRecord? {
        try Row.fetchOne(db, sql: """
            SELECT id, provider, kind, reasons, started_at, detected_at, closed_at, peak_rate, baseline_rate
            FROM incidents WHERE id = ?
            """, arguments: [id]).map { try Self.incident(row: $0) }
    }

    /// Appends a timeline entry; returns its id.
    @discardableResult
    public func addTimeline(_ e: TimelineEntry) throws -> Int {
        try db.execute(sql: "INSERT INTO timeline (at, incident_id, kind, by, text) VALUES (?,?,?,?,?)",
                       arguments: [e.at, e.incidentID, e.kind.rawValue, e.by, e.text])
        return Int(db.lastInsertedRowID)
    }

    /// Timeline entries, oldest first, optionally of one incident, at most `limit` (the newest).
    public func timeline(incidentID: Int? = nil, limit: Int = Int(Int32.max)) throws -> [TimelineEntry] {
        try Row.fetchAll(db, sql: """
            SELECT id, at, incident_id, kind, by, text FROM (
              SELECT * FROM timeline WHERE (? IS NULL OR incident_id = ?) ORDER BY at DESC, id DESC LIMIT ?)
            ORDER BY at, id
            """, arguments: [incidentID, incidentID, limit]).map {
            TimelineEntry(id: $0[0], at: $0[1], incidentID: $0[2], kind: TimelineKind(rawValue: $0[3]) ?? .note,
                          by: $0[4], text: $0[5])
        }
    }
}
