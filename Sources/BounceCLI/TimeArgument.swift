import BounceCore
import Foundation

/// Parses `--since`/`--until` values: a duration back from now (`90s`, `15m`, `2h`, `7d`) or an
/// ISO 8601 instant (`2019-08-08T16:00:00Z`, `2019-08-08T16:00Z`, `2019-08-08`; UTC when no zone).
enum TimeArgument {
    static func parse(_ text: String, now: Date = Date()) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let unit = t.last, let n = Int(t.dropLast()), n >= 0 {
            let mult: Int? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86400
            case "w": 7 * 86400
            default: nil
            }
            if let mult { return Int(now.timeIntervalSince1970) - n * mult }
        }
        return iso(t)
    }

    static func iso(_ t: String) -> Int? {
        var s = t.replacingOccurrences(of: " ", with: "T")
        if s.count == 10 { s += "T00:00:00" }
        if s.count == 16 { s += ":00" }
        let hasZone = s.hasSuffix("Z") || s.dropFirst(19).contains("+") || s.dropFirst(19).contains("-")
        if !hasZone { s += "Z" }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return Int(d.timeIntervalSince1970) }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s).map { Int($0.timeIntervalSince1970) }
    }
}
