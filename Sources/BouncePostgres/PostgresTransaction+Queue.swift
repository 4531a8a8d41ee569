import BounceCore
import Foundation

/// Retry-queue reads and writes (Sources/BounceStore/StoreTransaction+Queue.swift,
/// +Bulk.swift, +Paging.swift, +Console.swift). Every state change goes through `transition`,
/// which writes its audit rows in the same statement.
extension PostgresTransaction {
    static let itemColumns = """
        address, domain, provider, state, reason, status, reply_code, last_reply, first_bounce_at, last_bounce_at,
        bounces, last_delivered_at, incident_id, evidence, state_since, updated_by, updated_at
        """

    static func item(_ row: PostgresSession.Row) throws -> RetryItem {
        let (address, domain, provider, state, reason, status, replyCode, lastReply, firstBounceAt, lastBounceAt,
             bounces, lastDeliveredAt, incidentID, evidence, stateSince, updatedBy, updatedAt) =
            try row.decode((String, String, String, String, String, String?, Int?, String, Int, Int,
                            Int, Int?, Int?, String, Int, String, Int).self)
        return RetryItem(
            address: address, domain: domain, provider: provider, state: RetryState(rawValue: state) ?? .held,
            reason: BounceReason(rawValue: reason) ?? .other, status: status.flatMap { EnhancedStatus($0) },
            replyCode: replyCode, lastReply: lastReply, firstBounceAt: firstBounceAt, lastBounceAt: lastBounceAt,
            bounces: bounces, lastDeliveredAt: lastDeliveredAt, incidentID: incidentID,
            evidence: HoldEvidence(rawValue: evidence) ?? .noEvidence, stateSince: stateSince, updatedBy: updatedBy,
            updatedAt: updatedAt)
    }

    func retryItem(address: String) throws -> RetryItem? {
        try session.query("SELECT \(Self.itemColumns) FROM addresses WHERE address = $1", [address]).first.map(Self.item)
    }

    func retryItems(addresses: [String]) throws -> [String: RetryItem] {
        var out: [String: RetryItem] = [:]
        out.reserveCapacity(addresses.count)
        for chunk in Self.chunked(addresses) {
            for row in try session.query("SELECT \(Self.itemColumns) FROM addresses WHERE address = ANY($1)", [Array(chunk)]) {
                let i = try Self.item(row)
                out[i.address] = i
            }
        }
        return out
    }

    /// Insert or replace, as SQLite's `INSERT OR REPLACE`: every column takes the new value.
    func saveRetryItem(_ i: RetryItem) throws {
        try saveRetryItems([i])
    }

    /// One `INSERT … SELECT FROM unnest` per chunk. Arrays cannot carry NULL elements through
    /// the driver, so each nullable column comes with a parallel "is null" flag array.
    func saveRetryItems(_ items: [RetryItem]) throws {
        requireWritable("saveRetryItems")
        // Last write wins per address, as a loop of single upserts would (one statement may not
        // meet the same conflict key twice).
        var seen = Set<String>()
        let unique = items.reversed().filter { seen.insert($0.address).inserted }.reversed()
        for chunk in Self.chunked(Array(unique)) {
            try session.execute("""
                INSERT INTO addresses (\(Self.itemColumns), hash)
                SELECT address, domain, provider, state, reason, CASE WHEN status_null THEN NULL ELSE status END,
                  CASE WHEN code_null THEN NULL ELSE reply_code END, last_reply, first_bounce_at, last_bounce_at, bounces,
                  CASE WHEN delivered_null THEN NULL ELSE last_delivered_at END,
                  CASE WHEN incident_null THEN NULL ELSE incident_id END, evidence, state_since, updated_by, updated_at, hash
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bigint[],
                  $9::bool[], $10::text[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bool[],
                  $16::bigint[], $17::bool[], $18::text[], $19::bigint[], $20::text[], $21::bigint[], $22::bigint[])
                  AS t(address, domain, provider, state, reason, status, status_null, reply_code, code_null, last_reply,
                       first_bounce_at, last_bounce_at, bounces, last_delivered_at, delivered_null, incident_id,
                       incident_null, evidence, state_since, updated_by, updated_at, hash)
                ON CONFLICT (address) DO UPDATE SET domain = excluded.domain, provider = excluded.provider,
                  state = excluded.state, reason = excluded.reason, status = excluded.status, reply_code = excluded.reply_code,
                  last_reply = excluded.last_reply, first_bounce_at = excluded.first_bounce_at,
                  last_bounce_at = excluded.last_bounce_at, bounces = excluded.bounces,
                  last_delivered_at = excluded.last_delivered_at, incident_id = excluded.incident_id,
                  evidence = excluded.evidence, state_since = excluded.state_since, updated_by = excluded.updated_by,
                  updated_at = excluded.updated_at, hash = excluded.hash
                """, [chunk.map(\.address), chunk.map(\.domain), chunk.map(\.provider), chunk.map(\.state.rawValue),
                      chunk.map(\.reason.rawValue), chunk.map { $0.status?.description ?? "" }, chunk.map { $0.status == nil },
                      chunk.map { $0.replyCode ?? 0 }, chunk.map { $0.replyCode == nil }, chunk.map(\.lastReply),
                      chunk.map(\.firstBounceAt), chunk.map(\.lastBounceAt), chunk.map(\.bounces),
                      chunk.map { $0.lastDeliveredAt ?? 0 }, chunk.map { $0.lastDeliveredAt == nil },
                      chunk.map { $0.incidentID ?? 0 }, chunk.map { $0.incidentID == nil }, chunk.map(\.evidence.rawValue),
                      chunk.map(\.stateSince), chunk.map(\.updatedBy), chunk.map(\.updatedAt),
                      chunk.map { AddressHash.of($0.address) }])
        }
    }

    /// Audit rows in input order (`WITH ORDINALITY`: ids follow it), nullable columns flagged.
    func addAudit(_ entries: [AuditEntry]) throws {
        requireWritable("addAudit")
        for chunk in Self.chunked(entries) {
            try session.execute("""
                INSERT INTO audit (at, address, from_state, to_state, by, evidence, incident_id, note)
                SELECT at, address, CASE WHEN from_null THEN NULL ELSE from_state END, to_state, by, evidence,
                  CASE WHEN incident_null THEN NULL ELSE incident_id END, CASE WHEN note_null THEN NULL ELSE note END
                FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::text[],
                  $8::bigint[], $9::bool[], $10::text[], $11::bool[])
                  WITH ORDINALITY AS t(at, address, from_state, from_null, to_state, by, evidence, incident_id,
                                       incident_null, note, note_null, ord)
                ORDER BY ord
                """, [chunk.map(\.at), chunk.map(\.address), chunk.map { $0.from?.rawValue ?? "" }, chunk.map { $0.from == nil },
                      chunk.map(\.to.rawValue), chunk.map(\.by), chunk.map(\.evidence.rawValue), chunk.map { $0.incidentID ?? 0 },
                      chunk.map { $0.incidentID == nil }, chunk.map { $0.note ?? "" }, chunk.map { $0.note == nil }])
        }
    }

    func audit(address: String, from: RetryState?, to: RetryState, by: String, evidence: HoldEvidence,
               incidentID: Int?, at: Int, note: String?) throws {
        requireWritable("audit")
        try session.execute("""
            INSERT INTO audit (at, address, from_state, to_state, by, evidence, incident_id, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [at, address, from?.rawValue, to.rawValue, by, evidence.rawValue, incidentID, note])
    }

    /// Compare-and-set in one statement: lock the rows still in one of `from` (and not already
    /// in `to`), move them, and write one audit row each with the state they left. Audit ids and
    /// the returned addresses follow the first occurrence of each address in `addresses`, as
    /// SQLite's loop does; a repeated address changes once.
    func transition(addresses: [String], from: Set<RetryState>, to: RetryState, by: String,
                    evidence: HoldEvidence, incidentID: Int?, at: Int, note: String?) throws -> [String] {
        requireWritable("transition")
        guard !addresses.isEmpty, !from.isEmpty else { return [] }
        return try session.query("""
            WITH input AS (SELECT a, min(ord) AS ord FROM unnest($1::text[]) WITH ORDINALITY AS t(a, ord) GROUP BY a),
            old AS (SELECT address, state FROM addresses WHERE address = ANY($1) AND state = ANY($2) AND state <> $3 FOR UPDATE),
            moved AS (
              UPDATE addresses a SET state = $3, evidence = $4, state_since = $5, updated_by = $6, updated_at = $5,
                incident_id = coalesce($7, a.incident_id)
              FROM old WHERE a.address = old.address RETURNING a.address, old.state AS from_state),
            audited AS (
              INSERT INTO audit (at, address, from_state, to_state, by, evidence, incident_id, note)
              SELECT $5, moved.address, moved.from_state, $3, $6, $4, $7, $8
              FROM moved JOIN input ON input.a = moved.address ORDER BY input.ord)
            SELECT moved.address FROM moved JOIN input ON input.a = moved.address ORDER BY input.ord
            """, [addresses, from.map(\.rawValue), to.rawValue, evidence.rawValue, at, by, incidentID, note])
            .map { try $0.decode(String.self) }
    }

    func addresses(incidentID: Int, state: RetryState) throws -> [String] {
        try session.query("""
            SELECT address FROM addresses WHERE incident_id = $1 AND state = $2 ORDER BY address COLLATE "C"
            """, [incidentID, state.rawValue]).map { try $0.decode(String.self) }
    }

    func addresses(state: RetryState) throws -> [String] {
        try session.query("SELECT address FROM addresses WHERE state = $1 ORDER BY address COLLATE \"C\"", [state.rawValue])
            .map { try $0.decode(String.self) }
    }

    func suppressedSince(provider: String, since: Int) throws -> [String] {
        try session.query("""
            SELECT address FROM addresses WHERE provider = $1 AND state = 'suppressed'
              AND evidence IN ('no-evidence', 'repeat-hard-bounce', 'probation-ended') AND last_bounce_at >= $2
            ORDER BY address COLLATE "C"
            """, [provider, since]).map { try $0.decode(String.self) }
    }

    func linkHolds(provider: String, since: Int, incidentID: Int) throws -> Int {
        requireWritable("linkHolds")
        return try session.execute("""
            UPDATE addresses SET incident_id = $1 WHERE provider = $2 AND state = 'held' AND incident_id IS NULL
              AND last_bounce_at >= $3
            """, [incidentID, provider, since])
    }

    /// Ordered by hash, then address (bytes), as SQLite reads them off its partial hash index.
    func heldItems(hashes: [Int64]) throws -> [(address: String, hash: Int64, lastBounceAt: Int)] {
        var out: [(address: String, hash: Int64, lastBounceAt: Int)] = []
        // Distinct hashes, so a hash repeated across two chunks cannot bring its rows twice.
        for chunk in Self.chunked(Array(Set(hashes))) {
            for row in try session.query("""
                SELECT address, hash, last_bounce_at FROM addresses WHERE state = 'held' AND hash = ANY($1)
                """, [Array(chunk)]) {
                out.append(try row.decode((String, Int64, Int).self))
            }
        }
        out.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.address.utf8.lexicographicallyPrecedes($1.address.utf8) }
        return out
    }

    func unlinkedHolds(evidence: HoldEvidence, bouncedBefore cutoff: Int) throws
        -> [(address: String, provider: String, lastBounceAt: Int)] {
        try session.query("""
            SELECT address, provider, last_bounce_at FROM addresses
            WHERE state = 'held' AND evidence = $1 AND incident_id IS NULL AND last_bounce_at < $2
            ORDER BY address COLLATE "C"
            """, [evidence.rawValue, cutoff]).map { try $0.decode((String, String, Int).self) }
    }

    func heldBefore(_ cutoff: Int) throws -> [String] {
        try session.query("""
            SELECT address FROM addresses WHERE state = 'held' AND state_since < $1 ORDER BY address COLLATE "C"
            """, [cutoff]).map { try $0.decode(String.self) }
    }

    func queueCounts() throws -> [RetryState: Int] {
        var out: [RetryState: Int] = [:]
        for row in try session.query("SELECT state, count(*) FROM addresses GROUP BY state") {
            let (state, n) = try row.decode((String, Int).self)
            if let s = RetryState(rawValue: state) { out[s] = n }
        }
        return out
    }

    /// The text filter is SQLite's `LIKE … ESCAPE '\'`: a literal substring, case-insensitive
    /// for ASCII letters only. `ILIKE` under `COLLATE "C"` folds exactly those.
    func queuePage(_ q: QueueQuery) throws -> (total: Int, items: [RetryItem]) {
        var clauses: [String] = []
        var b = Binds()
        if let s = q.state { clauses.append("state = \(b.add(s.rawValue))") }
        if let p = q.provider { clauses.append("provider = \(b.add(p))") }
        if let d = q.domain { clauses.append("domain = \(b.add(d.lowercased()))") }
        if let i = q.incidentID { clauses.append("incident_id = \(b.add(i))") }
        if let f = q.text, !f.isEmpty {
            let like = b.add(Self.containsPattern(f))
            let match = ["address", "last_reply", "reason"].map { "(\($0) COLLATE \"C\") ILIKE \(like) ESCAPE '\\'" }
            clauses.append("(" + match.joined(separator: " OR ") + ")")
        }
        let order = switch q.sort {
        case .lastBounce: "last_bounce_at DESC, address COLLATE \"C\""
        case .address: "address COLLATE \"C\""
        case .domain: "domain COLLATE \"C\", address COLLATE \"C\""
        case .bounces: "bounces DESC, address COLLATE \"C\""
        case .reason: "reason COLLATE \"C\", address COLLATE \"C\""
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let total = try session.query("SELECT count(*) FROM addresses \(whereSQL)", b.values).first?.decode(Int.self) ?? 0
        let limit = b.add(max(0, q.limit)), offset = b.add(max(0, q.offset))
        let items = try session.query("""
            SELECT \(Self.itemColumns) FROM addresses \(whereSQL) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            """, b.values).map(Self.item)
        return (total, items)
    }

    static func containsPattern(_ text: String) -> String { LikePattern.contains(text) }

    static let auditColumns = "at, address, from_state, to_state, by, evidence, incident_id, note"

    static func auditEntry(_ row: PostgresSession.Row) throws -> AuditEntry {
        let (at, address, from, to, by, evidence, incidentID, note) =
            try row.decode((Int, String, String?, String, String, String, Int?, String?).self)
        return AuditEntry(at: at, address: address, from: from.flatMap(RetryState.init(rawValue:)),
                          to: RetryState(rawValue: to) ?? .held, by: by,
                          evidence: HoldEvidence(rawValue: evidence) ?? .noEvidence, incidentID: incidentID, note: note)
    }

    func auditTrail(address: String) throws -> [AuditEntry] {
        try session.query("SELECT \(Self.auditColumns) FROM audit WHERE address = $1 ORDER BY id", [address])
            .map(Self.auditEntry)
    }

    func auditTrail(limit: Int) throws -> [AuditEntry] {
        try session.query("SELECT \(Self.auditColumns) FROM audit ORDER BY id LIMIT $1", [Self.limit(limit)])
            .map(Self.auditEntry)
    }

    func heldCountsByIncident() throws -> [Int: Int] {
        var out: [Int: Int] = [:]
        for row in try session.query("""
            SELECT incident_id, count(*) FROM addresses WHERE state = 'held' AND incident_id IS NOT NULL GROUP BY incident_id
            """) {
            let (id, n) = try row.decode((Int, Int).self)
            out[id] = n
        }
        return out
    }

    func stateCountsByIncident() throws -> [Int: [RetryState: Int]] {
        var out: [Int: [RetryState: Int]] = [:]
        for row in try session.query("""
            SELECT incident_id, state, count(*) FROM addresses WHERE incident_id IS NOT NULL GROUP BY incident_id, state
            """) {
            let (id, state, n) = try row.decode((Int, String, Int).self)
            guard let s = RetryState(rawValue: state) else { continue }
            out[id, default: [:]][s] = n
        }
        return out
    }

    /// Ties on the bounce time come address-descending: SQLite walks its (state, last_bounce_at)
    /// index backwards, and the index ends in the address.
    func sampleReplies(incidentID: Int, since: Int, limit: Int) throws -> [(at: Int, reply: String)] {
        try session.query("""
            SELECT last_bounce_at, last_reply FROM addresses
            WHERE state = 'held' AND last_bounce_at >= $1 AND incident_id = $2
            ORDER BY last_bounce_at DESC, address COLLATE "C" DESC LIMIT $3
            """, [since, incidentID, Self.limit(limit)]).map { try $0.decode((Int, String).self) }
    }
}
