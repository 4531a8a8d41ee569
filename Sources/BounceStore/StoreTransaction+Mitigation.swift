import BounceCore
import GRDB

/// The recipient domains an incident touched, for the MTA-side mitigation.
extension StoreTransaction {
    /// Distinct recipient domains of the incident, sorted: those of addresses linked to it
    /// (whatever their state now) and those with a bounce from its provider while it lasted —
    /// at minute resolution where minutes are still kept, else by whole hours (retention).
    /// Raw log text: the caller validates them before they go into an MTA table.
    public func incidentDomains(_ i: IncidentRecord, now: Int) throws -> [String] {
        var out = Set(try String.fetchAll(db, sql: """
            SELECT DISTINCT domain FROM addresses INDEXED BY addresses_incident WHERE incident_id = ?
            """, arguments: [i.id]))
        let end = i.closedAt ?? max(now, i.startedAt + 60)
        let lo = Self.floorDiv(i.startedAt, 60), hi = -Self.floorDiv(-end, 60)
        if let kept = try minutesKeptFrom(), kept > lo {
            out.formUnion(try String.fetchAll(db, sql: """
                SELECT DISTINCT domain FROM hour_counts
                WHERE hour >= ? AND hour < ? AND provider = ? AND outcome = 'bounced'
                """, arguments: [Self.hour(ofMinute: lo), Self.hour(ofMinute: hi - 1) + 1, i.provider]))
        }
        out.formUnion(try String.fetchAll(db, sql: """
            SELECT DISTINCT domain FROM minute_counts
            WHERE provider = ? AND minute >= ? AND minute < ? AND outcome = 'bounced'
            """, arguments: [i.provider, lo, hi]))
        return out.sorted()
    }
}
