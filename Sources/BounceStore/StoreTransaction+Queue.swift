import BounceCore
import GRDB

/// Retry-queue reads and writes. Every state change goes through `transition`, which writes the
/// audit row in the same transaction.
extension StoreTransaction {
    static let itemColumns = """
        address, domain, provider, state, reason, status, reply_code, last_reply, first_bounce_at, last_bounce_at,
        bounces, last_delivered_at, incident_id, evidence, state_since, updated_by, updated_at
        """

    static func item(row: Row) -> RetryItem {
        RetryItem(
            address: row[0], domain: row[1], provider: row[2],
            state: RetryState(rawValue: row[3]) ?? .held,
            reason: BounceReason(rawValue: row[4]) ?? .other,
            status: (row[5] as String?).flatMap { EnhancedStatus($0) }, replyCode: row[6], lastReply: row[7],
            firstBounceAt: row[8], lastBounceAt: row[9], bounces: row[10], lastDeliveredAt: row[11],
            incidentID: row[12], evidence: HoldEvidence(rawValue: row[13]) ?? .noEvidence,
            stateSince: row[14], updatedBy: row[15], updatedAt: row[16])
    }

    /// The queue item for an address (lower-cased key), if it ever had an address-scope failure.
    public func retryItem(address: String) throws -> RetryItem? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.itemColumns) FROM addresses WHERE address = ?"),
                         arguments: [address]).map(Self.item(row:))
    }

    /// Inserts or replaces an item (no audit: use `transition` for state changes).
    public func saveRetryItem(_ i: RetryItem) throws {
        let s = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO addresses (\(Self.itemColumns), hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        s.setUncheckedArguments([
            i.address, i.domain, i.provider, i.state.rawValue, i.reason.rawValue, i.status?.description, i.replyCode,
            i.lastReply, i.firstBounceAt, i.lastBounceAt, i.bounces, i.lastDeliveredAt, i.incidentID,
            i.evidence.rawValue, i.stateSince, i.updatedBy, i.updatedAt, AddressHash.of(i.address),
        ])
        try s.execute()
    }

    /// Appends an audit row.
    public func audit(address: String, from: RetryState?, to: RetryState, by: String, evidence: HoldEvidence,
                      incidentID: Int?, at: Int, note: String? = nil) throws {
        let s = try db.cachedStatement(sql: """
            INSERT INTO audit (at, address, from_state, to_state, by, evidence, incident_id, note) VALUES (?,?,?,?,?,?,?,?)
            """)
        s.setUncheckedArguments([at, address, from?.rawValue, to.rawValue, by, evidence.rawValue, incidentID, note])
        try s.execute()
    }

    /// Moves the given addresses to `to` if (and only if) they are currently in one of `from`.
    /// Returns the addresses that changed. Atomic per transaction, so two operators releasing the
    /// same address produce one transition.
    public func transition(addresses: [String], from: Set<RetryState>, to: RetryState, by: String,
                           evidence: HoldEvidence, incidentID: Int? = nil, at: Int, note: String? = nil) throws -> [String] {
        var changed: [String] = []
        let update = try db.cachedStatement(sql: """
            UPDATE addresses SET state = ?, evidence = ?, state_since = ?, updated_by = ?, updated_at = ?,
              incident_id = coalesce(?, incident_id)
            WHERE address = ? AND state = ?
            """)
        for a in addresses {
            guard let cur = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM addresses WHERE address = ?"),
                                                arguments: [a]),
                  let state = RetryState(rawValue: cur), from.contains(state), state != to else { continue }
            update.setUncheckedArguments([to.rawValue, evidence.rawValue, at, by, at, incidentID, a, cur])
            try update.execute()
            if db.changesCount == 1 {
                try audit(address: a, from: state, to: to, by: by, evidence: evidence, incidentID: incidentID, at: at, note: note)
                changed.append(a)
            }
        }
        return changed
    }

    /// Addresses in `state` attributed to an incident.
    public func addresses(incidentID: Int, state: RetryState) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT address FROM addresses WHERE incident_id = ? AND state = ? ORDER BY address",
                            arguments: [incidentID, state.rawValue])
    }

    /// All addresses in a state.
    public func addresses(state: RetryState) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT address FROM addresses WHERE state = ? ORDER BY address",
                            arguments: [state.rawValue])
    }

    /// Engine-suppressed address-scope bounces of `provider` since `since` (epoch s):
    /// candidates for re-evaluation when an incident opens. Operator suppressions stay.
    public func suppressedSince(provider: String, since: Int) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT address FROM addresses WHERE provider = ? AND state = 'suppressed'
              AND evidence IN ('no-evidence', 'repeat-hard-bounce', 'probation-ended') AND last_bounce_at >= ?
            ORDER BY address
            """, arguments: [provider, since])
    }

    /// Links every unlinked held item of `provider` whose last bounce is at or after `since` to
    /// `incidentID` (state and evidence unchanged). Returns how many were linked.
    public func linkHolds(provider: String, since: Int, incidentID: Int) throws -> Int {
        try db.execute(sql: """
            UPDATE addresses SET incident_id = ? WHERE provider = ? AND state = 'held' AND incident_id IS NULL
              AND last_bounce_at >= ?
            """, arguments: [incidentID, provider, since])
        return db.changesCount
    }

    /// Held items whose address hash is in `hashes`, with their last bounce time.
    ///
    /// A batch brings tens of thousands of delivered hashes and the queue usually holds far fewer
    /// items: then reading every held item off the partial index and matching in memory beats
    /// probing the index once per hash (a quarter of the commit thread on a 1M-event stream,
    /// scripts/bench-events.sh). A large queue gets the probes.
    public func heldItems(hashes: [Int64]) throws -> [(address: String, hash: Int64, lastBounceAt: Int)] {
        guard !hashes.isEmpty else { return [] }
        let held = try Int.fetchOne(db, sql: "SELECT count(*) FROM addresses INDEXED BY addresses_held_hash WHERE state = 'held'") ?? 0
        guard held > 0 else { return [] }
        if held * 4 < hashes.count {
            let wanted = Set(hashes)
            return try Row.fetchAll(db, sql: """
                SELECT address, hash, last_bounce_at FROM addresses INDEXED BY addresses_held_hash WHERE state = 'held'
                """).compactMap { row in wanted.contains(row[1]) ? (row[0], row[1], row[2]) : nil }
        }
        let list = "[" + hashes.map(String.init).joined(separator: ",") + "]"
        return try Row.fetchAll(db, sql: """
            SELECT address, hash, last_bounce_at FROM addresses INDEXED BY addresses_held_hash
            WHERE state = 'held' AND hash IN (SELECT value FROM json_each(?))
            """, arguments: [list]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Unlinked held items with `evidence` whose last bounce is before `cutoff`: known-good
    /// holds whose probation ran out.
    public func unlinkedHolds(evidence: HoldEvidence, bouncedBefore cutoff: Int) throws
        -> [(address: String, provider: String, lastBounceAt: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT address, provider, last_bounce_at FROM addresses
            WHERE state = 'held' AND evidence = ? AND incident_id IS NULL AND last_bounce_at < ?
            ORDER BY address
            """, arguments: [evidence.rawValue, cutoff]).map { ($0[0], $0[1], $0[2]) }
    }

    /// Held items whose hold started before `cutoff`: due to expire.
    public func heldBefore(_ cutoff: Int) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT address FROM addresses WHERE state = 'held' AND state_since < ? ORDER BY address",
                            arguments: [cutoff])
    }

    /// Item counts per state.
    public func queueCounts() throws -> [RetryState: Int] {
        var out: [RetryState: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, count(*) FROM addresses GROUP BY state") {
            if let s = RetryState(rawValue: row[0]) { out[s] = row[1] }
        }
        return out
    }

    /// A page of the queue, newest bounce first unless `sort` says otherwise.
    public func queuePage(_ q: QueueQuery) throws -> (total: Int, items: [RetryItem]) {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let s = q.state { clauses.append("state = ?"); args.append(s.rawValue) }
        if let p = q.provider { clauses.append("provider = ?"); args.append(p) }
        if let d = q.domain { clauses.append("domain = ?"); args.append(d.lowercased()) }
        if let i = q.incidentID { clauses.append("incident_id = ?"); args.append(i) }
        if let f = q.text, !f.isEmpty {
            clauses.append("(address LIKE ? ESCAPE '\\' OR last_reply LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')")
            let like = Self.containsPattern(f)
            args += [like, like, like]
        }
        let order = switch q.sort {
        case .lastBounce: "last_bounce_at DESC, address"
        case .address: "address"
        case .domain: "domain, address"
        case .bounces: "bounces DESC, address"
        case .reason: "reason, address"
        }
        return try addressPage(where: clauses, args, order: order, limit: q.limit, offset: q.offset)
    }

    /// The audit trail of one address, oldest first.
    public func auditTrail(address: String) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: """
            SELECT at, address, from_state, to_state, by, evidence, incident_id, note FROM audit WHERE address = ? ORDER BY id
            """, arguments: [address]).map(Self.auditEntry(row:))
    }

    /// The whole audit trail (tests and exports), oldest first.
    public func auditTrail(limit: Int = Int.max) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: """
            SELECT at, address, from_state, to_state, by, evidence, incident_id, note FROM audit ORDER BY id LIMIT ?
            """, arguments: [limit]).map(Self.auditEntry(row:))
    }

    static func auditEntry(row: Row) -> AuditEntry {
        AuditEntry(at: row[0], address: row[1], from: (row[2] as String?).flatMap(RetryState.init(rawValue:)),
                   to: RetryState(rawValue: row[3]) ?? .held, by: row[4],
                   evidence: HoldEvidence(rawValue: row[5]) ?? .noEvidence, incidentID: row[6], note: row[7])
    }
}
