import Foundation

/// Time formatting without DateFormatter: fixed formats, explicit offset, cheap per frame.
public enum TimeText {
    static func parts(_ d: Date, offset: Int) -> (y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int) {
        let t = Int(d.timeIntervalSince1970.rounded(.down)) + offset
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - days * 86400
        // Howard Hinnant's civil_from_days.
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    static func p2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `14:05`
    public static func hm(_ d: Date, offset: Int = 0) -> String {
        let p = parts(d, offset: offset); return "\(p2(p.h)):\(p2(p.mi))"
    }
    /// `14:05:09`
    public static func hms(_ d: Date, offset: Int = 0) -> String {
        let p = parts(d, offset: offset); return "\(p2(p.h)):\(p2(p.mi)):\(p2(p.s))"
    }
    /// `08-08 14:05`
    public static func mdhm(_ d: Date, offset: Int = 0) -> String {
        let p = parts(d, offset: offset); return "\(p2(p.mo))-\(p2(p.d)) \(p2(p.h)):\(p2(p.mi))"
    }
    /// `2019-08-08T14:05:09Z` (always UTC).
    public static func iso(_ d: Date) -> String {
        let p = parts(d, offset: 0)
        return "\(p.y)-\(p2(p.mo))-\(p2(p.d))T\(p2(p.h)):\(p2(p.mi)):\(p2(p.s))Z"
    }
    /// `23m`, `1h05m`, `3d04h`
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86400 { return "\(s / 3600)h\(p2(s % 3600 / 60))m" }
        return "\(s / 86400)d\(p2(s % 86400 / 3600))h"
    }
}

/// Number formatting for panes (no locale: the console is an ops tool, output must be stable).
public enum Fmt {
    /// `1,204`
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// `12.3%` for 0.123; `0.0%`; rates ≥ 99.95% show as `100%`.
    public static func percent(_ r: Double) -> String {
        guard r.isFinite else { return "–" }
        let tenths = Int((r * 1000).rounded())
        if tenths >= 1000 { return "100%" }
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Pads or clips to exactly `width` columns (ASCII-width content only; used for numbers).
    public static func left(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
    }
    public static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.prefix(width)) : String(repeating: " ", count: width - s.count) + s
    }
}
