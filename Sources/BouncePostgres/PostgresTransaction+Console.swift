import BounceCore

/// The console's queue reads (Sources/BounceStore/StoreTransaction+Console.swift): the same
/// filter semantics (ASCII case-insensitive substring of address, provider or reason; `!`
/// inverts) and the same five orders, byte-ordered like SQLite's.
extension PostgresTransaction {
    func queueSlice(_ s: QueueSlice, knownTotal: Int?) throws -> (total: Int, items: [RetryItem]) {
        var clauses: [String] = []
        var b = Binds()
        if let st = s.state { clauses.append("state = \(b.add(st.rawValue))") }
        if !s.text.isEmpty {
            let like = b.add(Self.containsPattern(s.text.lowercased()))
            let match = "(" + ["address", "provider", "reason"].map { "(\($0) COLLATE \"C\") ILIKE \(like) ESCAPE '\\'" }
                .joined(separator: " OR ") + ")"
            clauses.append(s.inverted ? "NOT \(match)" : match)
        }
        let order = switch s.order {
        case .lastBounceDesc: "last_bounce_at DESC, address COLLATE \"C\" DESC"
        case .firstBounceAsc: "first_bounce_at, address COLLATE \"C\""
        case .bouncesDesc: "bounces DESC, address COLLATE \"C\""
        case .address: "address COLLATE \"C\""
        case .domain: "domain COLLATE \"C\", address COLLATE \"C\""
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let total = try knownTotal
            ?? session.query("SELECT count(*) FROM addresses \(whereSQL)", b.values).first?.decode(Int.self) ?? 0
        let limit = b.add(max(0, s.limit)), offset = b.add(max(0, s.offset))
        let items = try session.query("""
            SELECT \(Self.itemColumns) FROM addresses \(whereSQL) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            """, b.values).map(Self.item)
        return (total, items)
    }
}
