import BounceCore
import GRDB

/// Reads the console needs for one frame, beyond the CLI's: the queue with the console's filter
/// semantics (address/provider/reason substring, `!` inverts, five sort orders), the newest
/// counted minute, held counts per incident and sample replies for the escalation draft.
/// All paged or limited in SQL: a frame never loads the whole queue.
extension StoreTransaction {
    /// The console's queue slice (kept under this name for existing callers).
    public typealias QueueSlice = BounceCore.QueueSlice

    /// Total rows matching the slice's state and filter, and the rows of the requested page.
    /// `knownTotal` skips the count when the caller knows it is unchanged (paging).
    public func queueSlice(_ s: QueueSlice, knownTotal: Int?) throws -> (total: Int, items: [RetryItem]) {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let st = s.state { clauses.append("state = ?"); args.append(st.rawValue) }
        if !s.text.isEmpty {
            let like = Self.containsPattern(s.text.lowercased())
            // Addresses, providers and reasons are stored lower-case; LIKE is ASCII case-insensitive anyway.
            let match = "(address LIKE ? ESCAPE '\\' OR provider LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')"
            clauses.append(s.inverted ? "NOT \(match)" : match)
            args += [like, like, like]
        }
        let order = switch s.order {
        // Ties broken by address in the same direction, so the (state, last_bounce_at, address)
        // index is walked backwards with no sort step.
        case .lastBounceDesc: "last_bounce_at DESC, address DESC"
        case .firstBounceAsc: "first_bounce_at, address"
        case .bouncesDesc: "bounces DESC, address"
        case .address: "address"
        case .domain: "domain, address"
        }
        return try addressPage(where: clauses, args, order: order, limit: s.limit, offset: s.offset, knownTotal: knownTotal)
    }

    /// The newest minute with any counted traffic (event time), nil for an empty store.
    /// The primary key starts with `minute`, so this is one index probe.
    public func newestMinute() throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT max(minute) FROM minute_counts")
    }

    /// Held items per incident. Forced onto the (incident_id, state) index: left alone, SQLite
    /// picks the state index and walks every held row (0.6 s at 100,000 held).
    public func heldCountsByIncident() throws -> [Int: Int] {
        var out: [Int: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT incident_id, count(*) FROM addresses INDEXED BY addresses_incident
            WHERE state = 'held' AND incident_id IS NOT NULL GROUP BY incident_id
            """) { out[row[0]] = row[1] }
        return out
    }

    /// Addresses per incident and state (held now, released so far, …), on the same index: the
    /// escalation draft tells Apple how many were affected in all, not only those still held.
    public func stateCountsByIncident() throws -> [Int: [RetryState: Int]] {
        var out: [Int: [RetryState: Int]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT incident_id, state, count(*) FROM addresses INDEXED BY addresses_incident
            WHERE incident_id IS NOT NULL GROUP BY incident_id, state
            """) {
            guard let state = RetryState(rawValue: row[1]) else { continue }
            out[row[0], default: [:]][state] = row[2]
        }
        return out
    }

    /// The latest replies of items held for an incident (newest first), for the escalation draft.
    /// Walks the (state, last_bounce_at) index backwards and stops after `limit` matches instead
    /// of sorting every held row of a big incident. `since` (the incident's start: its items
    /// bounced after it) bounds the walk, so an incident with few holds does not walk every held
    /// row of older incidents (31 ms at 13,000 held, scripts/bench-console.sh).
    public func sampleReplies(incidentID: Int, since: Int = Int.min, limit: Int = 5) throws -> [(at: Int, reply: String)] {
        try Row.fetchAll(db, sql: """
            SELECT last_bounce_at, last_reply FROM addresses INDEXED BY addresses_state
            WHERE state = 'held' AND last_bounce_at >= ? AND incident_id = ? ORDER BY last_bounce_at DESC LIMIT ?
            """, arguments: [since, incidentID, limit]).map { ($0[0], $0[1]) }
    }
}
