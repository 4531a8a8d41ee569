/// A timestamp read from a log line, before its year (classic syslog) and zone are resolved.
struct LogTimestamp: Sendable, Equatable {
    /// 0 when the stamp carries no year (`Feb  5 17:24:35`).
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// Fractional seconds (`.294394`), 0 when absent.
    var fraction: Double
    /// Seconds east of UTC when the stamp says (`Z`, `+00:00`, `-0500`); nil = wall clock.
    var utcOffset: Int?
    /// Index just past the stamp.
    var end: Int

    /// Epoch seconds of the wall-clock time read as UTC, for `year`.
    func wallSeconds(year: Int) -> Int {
        CivilTime.epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}

/// Scanners for the timestamp shapes mail logs use. Each checks field ranges and returns nil on
/// anything else, so a line cut inside its stamp is never misread.
enum LogTimestampScanner {
    @inline(__always)
    static func two(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let c0 = b[i], c1 = b[i + 1]
        guard ByteScan.isDigit(c0), ByteScan.isDigit(c1) else { return nil }
        return Int(c0 - 48) * 10 + Int(c1 - 48)
    }

    /// `2026-03-03T10:45:29.294394+00:00`, also `Z`, `+0000`, no fraction, no zone; with
    /// `spaceSeparator` also `2012-02-13 14:57:25` (Exim). A zone must follow the time directly.
    static func iso(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, spaceSeparator: Bool) -> LogTimestamp? {
        guard i + 19 <= end,
              let y1 = two(b, i), let y2 = two(b, i + 2), b[i + 4] == 45,
              let month = two(b, i + 5), b[i + 7] == 45, let day = two(b, i + 8),
              let hour = two(b, i + 11), b[i + 13] == 58, let minute = two(b, i + 14), b[i + 16] == 58,
              let second = two(b, i + 17)
        else { return nil }
        let sep = b[i + 10]
        guard sep == 84 || sep == 116 || (spaceSeparator && sep == 32) else { return nil }
        let year = y1 * 100 + y2
        guard month >= 1, month <= 12, day >= 1, day <= CivilTime.daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var t = LogTimestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                             fraction: 0, utcOffset: nil, end: i + 19)
        t.end = fraction(b, at: t.end, end: end, into: &t.fraction)
        var p = t.end
        guard p < end else { return t }
        let z = b[p]
        if z == 90 || z == 122 {  // Z
            t.utcOffset = 0
            t.end = p + 1
        } else if z == 43 || z == 45, p + 3 <= end, let hh = two(b, p + 1) {  // +hh[:]mm
            p += 3
            if p < end, b[p] == 58 { p += 1 }
            guard p + 2 <= end, let mm = two(b, p), hh <= 23, mm <= 59 else { return nil }
            t.utcOffset = (z == 45 ? -1 : 1) * (hh * 3600 + mm * 60)
            t.end = p + 2
        }
        return t
    }

    /// Classic syslog `Feb  5 17:24:35` (double space before one-digit days), journald's
    /// `Feb 05 17:24:35`, optionally with `.ffffff`. The year is left 0.
    static func syslog(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> LogTimestamp? {
        guard i + 14 <= end, let month = CivilTime.month(abbreviation: b[i..<(i + 3)]), b[i + 3] == 32
        else { return nil }
        var p = i + 4
        if b[p] == 32 { p += 1 }
        guard p < end, ByteScan.isDigit(b[p]) else { return nil }
        var day = Int(b[p] - 48)
        p += 1
        if p < end, ByteScan.isDigit(b[p]) { day = day * 10 + Int(b[p] - 48); p += 1 }
        guard p + 9 <= end, b[p] == 32, let hour = two(b, p + 1), b[p + 3] == 58,
              let minute = two(b, p + 4), b[p + 6] == 58, let second = two(b, p + 7),
              day >= 1, day <= 31, hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var t = LogTimestamp(year: 0, month: month, day: day, hour: hour, minute: minute, second: second,
                             fraction: 0, utcOffset: nil, end: p + 9)
        t.end = fraction(b, at: t.end, end: end, into: &t.fraction)
        return t
    }

    /// Reads `.123456` (or `,123`) at `p`; returns the index after it.
    static func fraction(_ b: UnsafeBufferPointer<UInt8>, at p: Int, end: Int, into value: inout Double) -> Int {
        guard p + 1 < end, b[p] == 46 || b[p] == 44, ByteScan.isDigit(b[p + 1]) else { return p }
        var q = p + 1
        var digits = 0
        var n = 0
        var scale = 1
        while q < end, ByteScan.isDigit(b[q]) {
            if digits < 9 { n = n * 10 + Int(b[q] - 48); scale *= 10; digits += 1 }
            q += 1
        }
        value = Double(n) / Double(scale)
        return q
    }
}
