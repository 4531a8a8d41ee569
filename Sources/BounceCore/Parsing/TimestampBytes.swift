/// Byte-level timestamp parsing shared by the PowerMTA and JSONL parsers (no `DateFormatter`).
///
/// ```swift
/// TimestampBytes.parseCivil(bytes)   // "2019-11-05T16:33:54.9070259Z" → wall clock + offset
/// TimestampBytes.parseUnix(bytes)    // "1178807903" / "1513299569.123" → seconds
/// ```
public enum TimestampBytes {
    /// A parsed calendar timestamp: wall-clock seconds as if UTC, the fraction, and the zone
    /// offset (seconds east of UTC) when the text carried one.
    public struct Civil: Sendable, Equatable {
        public var wallSeconds: Int
        public var fraction: Double
        public var utcOffset: Int?

        /// The UTC instant, when the zone is known.
        public var utcSeconds: Double? {
            utcOffset.map { Double(wallSeconds - $0) + fraction }
        }
    }

    /// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.f…]][Z|±hh:mm|±hhmm|±hh]`, with an optional single space
    /// before the zone (`2026-09-21 12:00:00 +0000`). The whole slice must be consumed.
    /// Fractions may have any number of digits (Postmark writes seven: `.9070259Z`).
    public static func parseCivil(_ s: Bytes) -> Civil? {
        let b = s.base
        var i = s.startIndex
        let end = s.endIndex
        func digits(_ n: Int) -> Int? {
            guard end - i >= n else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < end, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
              (1...12).contains(month), day >= 1, day <= CivilTime.daysInMonth(year: year, month: month),
              i < end, b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }  // T, t or space
        i += 1
        guard let hour = digits(2), expect(58), let minute = digits(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        var fraction = 0.0
        if i < end, b[i] == 58 {
            i += 1
            guard let sec = digits(2), sec <= 60 else { return nil }  // 60: leap second, folded below
            second = min(sec, 59)
            if i < end, b[i] == 46 || b[i] == 44 {  // . or ,
                i += 1
                var scale = 0.1
                var n = 0
                while i < end, b[i] >= 48, b[i] <= 57 {
                    if n < 9 { fraction += Double(b[i] - 48) * scale; scale /= 10 }
                    n += 1
                    i += 1
                }
                guard n > 0 else { return nil }
            }
        }
        let wall = CivilTime.epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if i < end, b[i] == 32, end - i > 1 { i += 1 }  // "12:00:00 +0000"
        if i == end { return Civil(wallSeconds: wall, fraction: fraction, utcOffset: nil) }
        let z = b[i]
        if z == 90 || z == 122 {  // Z / z
            i += 1
            return i == end ? Civil(wallSeconds: wall, fraction: fraction, utcOffset: 0) : nil
        }
        guard z == 43 || z == 45 else { return nil }  // + / -
        i += 1
        guard let oh = digits(2), oh <= 23 else { return nil }
        var om = 0
        if i < end {
            _ = expect(58)
            guard let m = digits(2), m < 60 else { return nil }
            om = m
        }
        guard i == end else { return nil }
        let offset = (oh * 3600 + om * 60) * (z == 45 ? -1 : 1)
        return Civil(wallSeconds: wall, fraction: fraction, utcOffset: offset)
    }

    /// Parses a UNIX time given as decimal digits with an optional fraction (`1178807903`,
    /// `1513299569.123`). The whole slice must be consumed.
    public static func parseUnix(_ s: Bytes) -> Double? {
        let (whole, n) = ByteScan.leadingInt(s, maxDigits: 17)
        guard n > 0 else { return nil }
        var i = s.startIndex + n
        var value = Double(whole)
        if i < s.endIndex, s.base[i] == 46 {
            i += 1
            var scale = 0.1
            let fracStart = i
            while i < s.endIndex, s.base[i] >= 48, s.base[i] <= 57 {
                value += Double(s.base[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > fracStart else { return nil }
        }
        return i == s.endIndex ? value : nil
    }

    /// Interprets a numeric epoch by magnitude: seconds below 10^11 (until the year 5138),
    /// milliseconds below 10^14, microseconds above. Returns UTC seconds.
    public static func epochSeconds(fromNumber v: Double) -> Double? {
        guard v.isFinite, v >= 0 else { return nil }
        if v < 1e11 { return v }
        if v < 1e14 { return v / 1e3 }
        if v < 1e17 { return v / 1e6 }
        return nil
    }
}
