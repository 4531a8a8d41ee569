/// Formats retry items for export files (CSV or JSON lines). Injection-safe: CSV cells that a
/// spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR at the start) are prefixed with `'`;
/// every cell is quoted; JSON escapes all control characters.
public enum ExportWriter {
    public static let csvColumns = [
        "address", "domain", "provider", "state", "reason", "status", "last_reply", "first_bounce_at", "last_bounce_at",
        "bounces", "last_delivered_at", "incident_id", "updated_by", "updated_at",
    ]

    public static var csvHeader: String { csvColumns.joined(separator: ",") }

    /// One CSV row (RFC 4180 quoting, formula-neutralised).
    public static func csvRow(_ i: RetryItem) -> String {
        [i.address, i.domain, i.provider, i.state.rawValue, i.reason.rawValue, i.status?.description ?? "",
         i.lastReply, iso(i.firstBounceAt), iso(i.lastBounceAt), String(i.bounces), i.lastDeliveredAt.map(iso) ?? "",
         i.incidentID.map(String.init) ?? "", i.updatedBy, iso(i.updatedAt)].map(csvCell).joined(separator: ",")
    }

    /// A CSV cell: quoted, quotes doubled, line breaks flattened, other control characters (C0
    /// but tab, DEL, C1) and bidi controls replaced by `?` (CSV has no escapes, and a file that is
    /// `cat`ed must not drive the terminal), formulas neutralised.
    public static func csvCell(_ raw: String) -> String {
        var flat = String.UnicodeScalarView()
        var previousCR = false
        for u in raw.unicodeScalars {
            let v = u.value
            if v == 0x0A, previousCR { previousCR = false; continue }  // CRLF → one space
            previousCR = v == 0x0D
            if v == 0x0A || v == 0x0D || v == 0x2028 || v == 0x2029 {
                flat.append(" ")
            } else if (v < 0x20 && v != 0x09) || v == 0x7F || (v >= 0x80 && v < 0xA0) || (0x202A...0x202E).contains(v)
                        || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C {
                flat.append("?")
            } else {
                flat.append(u)
            }
        }
        var s = String(flat)
        if let f = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"].contains(f) {
            s = "'" + s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One JSON object per line, same fields as `queue list --json`.
    public static func jsonlRow(_ i: RetryItem) -> String {
        var o = "{"
        o.reserveCapacity(320 + i.lastReply.utf8.count)
        func field(_ k: String, _ v: String?, last: Bool = false) {
            o += "\"\(k)\":" + (v.map(jsonString) ?? "null") + (last ? "" : ",")
        }
        func number(_ k: String, _ v: Int?) { o += "\"\(k)\":" + (v.map(String.init) ?? "null") + "," }
        field("address", i.address)
        field("domain", i.domain)
        field("provider", i.provider)
        field("state", i.state.rawValue)
        field("reason", i.reason.rawValue)
        field("status", i.status?.description)
        field("last_reply", i.lastReply)
        field("first_bounce_at", iso(i.firstBounceAt))
        field("last_bounce_at", iso(i.lastBounceAt))
        number("bounces", i.bounces)
        field("last_delivered_at", i.lastDeliveredAt.map(iso))
        number("incident_id", i.incidentID)
        field("updated_by", i.updatedBy)
        field("updated_at", iso(i.updatedAt), last: true)
        return o + "}"
    }

    /// JSON string literal with every control, C1 and bidi-override character escaped.
    public static func jsonString(_ s: String) -> String {
        // Fast path (nearly every address and reply): printable ASCII needing no escape is copied
        // whole; `queue list --json` spent a third of its time here going scalar by scalar.
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
        if plain { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = u.value
                if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    out += "\\u" + String(repeating: "0", count: 4 - String(v, radix: 16).count) + String(v, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// `2019-08-08T16:00:00Z`.
    public static func iso(_ epoch: Int) -> String {
        let days = epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400
        let c = CivilTime.civilFromDays(days)
        let s = epoch - days * 86400
        guard (0...9999).contains(c.year) else {
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let y = String(c.year)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(c.month) + "-" + two(c.day)
                + "T" + two(s / 3600) + ":" + two((s / 60) % 60) + ":" + two(s % 60) + "Z"
        }
        // Fixed-width digits into one buffer: exports and `queue list` format three stamps a row.
        return String(unsafeUninitializedCapacity: 20) { b in
            func put(_ n: Int, at i: Int, width: Int) {
                var n = n
                for k in stride(from: i + width - 1, through: i, by: -1) { b[k] = UInt8(48 + n % 10); n /= 10 }
            }
            put(c.year, at: 0, width: 4); b[4] = 45
            put(c.month, at: 5, width: 2); b[7] = 45
            put(c.day, at: 8, width: 2); b[10] = 84
            put(s / 3600, at: 11, width: 2); b[13] = 58
            put((s / 60) % 60, at: 14, width: 2); b[16] = 58
            put(s % 60, at: 17, width: 2); b[19] = 90
            return 20
        }
    }
}
