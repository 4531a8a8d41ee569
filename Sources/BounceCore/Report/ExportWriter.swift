/// Formats retry items for export files (CSV or JSON lines). Injection-safe through
/// `TextSanitizer` (Text/TextSanitizer+Formats.swift): CSV cells are quoted and formula-neutralised,
/// JSON escapes every control character.
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
         i.incidentID.map(String.init) ?? "", i.updatedBy, iso(i.updatedAt)].map(TextSanitizer.csvCell).joined(separator: ",")
    }

    /// One JSON object per line, same fields as `queue list --json`.
    public static func jsonlRow(_ i: RetryItem) -> String {
        var o = "{"
        o.reserveCapacity(320 + i.lastReply.utf8.count)
        func field(_ k: String, _ v: String?, last: Bool = false) {
            o += "\"\(k)\":" + (v.map(TextSanitizer.jsonString) ?? "null") + (last ? "" : ",")
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
