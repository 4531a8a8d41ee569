/// Timestamps at the start of syslog-style lines: classic `Mmm dd hh:mm:ss` (no year, no zone)
/// and RFC 3339 (`2026-03-03T10:45:29.294394+00:00`, `…Z`, with or without a fraction).
public struct SyslogTimestamp: Sendable {
    /// Reference instant for year inference (file mtime or now), epoch seconds.
    let reference: Int
    private var zone: WallClockZone
    /// Year and month of the previous classic stamp (for the Dec → Jan roll-over).
    private var year: Int?
    private var lastMonth = 0

    public init(referenceDate: Double, assumedUTCOffset: Int?) {
        reference = Int(referenceDate)
        zone = WallClockZone(fixedUTCOffset: assumedUTCOffset)
    }

    /// Parses an RFC 3339 stamp filling `s` exactly; returns epoch seconds with fraction.
    public static func rfc3339(_ s: Bytes) -> Double? {
        let b = s.base, i = s.startIndex, n = s.count
        guard n >= 20 else { return nil }
        func d(_ k: Int) -> Int? { let c = b[i + k]; return c >= 48 && c <= 57 ? Int(c - 48) : nil }
        func num(_ k: Int, _ len: Int) -> Int? {
            var v = 0
            for j in 0..<len { guard let x = d(k + j) else { return nil }; v = v * 10 + x }
            return v
        }
        guard let y = num(0, 4), b[i + 4] == 45, let mo = num(5, 2), b[i + 7] == 45, let dd = num(8, 2),
              b[i + 10] == 84 || b[i + 10] == 116 || b[i + 10] == 32, let h = num(11, 2), b[i + 13] == 58,
              let mi = num(14, 2), b[i + 16] == 58, let se = num(17, 2),
              (1...12).contains(mo), dd >= 1, dd <= CivilTime.daysInMonth(year: y, month: mo), h < 24, mi < 60, se < 61
        else { return nil }
        var k = 19
        var frac = 0.0
        if k < n, b[i + k] == 46 {
            k += 1
            var scale = 0.1
            while k < n, let x = d(k) { frac += Double(x) * scale; scale /= 10; k += 1 }
        }
        var offset = 0
        guard k < n else { return nil }
        switch b[i + k] {
        case 90, 122: k += 1  // Z
        case 43, 45:
            let sign = b[i + k] == 45 ? -1 : 1
            guard k + 3 <= n, let oh = num(k + 1, 2) else { return nil }
            var om = 0
            if k + 6 <= n, b[i + k + 3] == 58, let m = num(k + 4, 2) { om = m; k += 6 }
            else if k + 5 <= n, let m = num(k + 3, 2) { om = m; k += 5 }
            else { k += 3 }
            offset = sign * (oh * 3600 + om * 60)
        default: return nil
        }
        guard k == n else { return nil }
        return Double(CivilTime.epochSeconds(year: y, month: mo, day: dd, hour: h, minute: mi, second: min(se, 59)) - offset) + frac
    }

    /// UTC for a zone-less wall-clock time (epoch seconds as if UTC).
    mutating func zoneUTC(_ wall: Int) -> Int { zone.utc(fromWallClock: wall) }

    /// Parses classic `Mmm dd hh:mm:ss` given as three tokens; infers the year.
    public mutating func classic(month m: Bytes, day: Bytes, time: Bytes) -> Double? {
        guard let month = CivilTime.month(abbreviation: m) else { return nil }
        let dd = ByteScan.leadingInt(day)
        guard dd.digits == day.count, dd.digits >= 1, dd.digits <= 2, time.count == 8 else { return nil }
        let tb = time.base, ti = time.startIndex
        guard tb[ti + 2] == 58, tb[ti + 5] == 58 else { return nil }
        let h = ByteScan.leadingInt(time[ti..<ti + 2]), mi = ByteScan.leadingInt(time[ti + 3..<ti + 5]),
            se = ByteScan.leadingInt(time[ti + 6..<ti + 8])
        guard h.digits == 2, mi.digits == 2, se.digits == 2, h.value < 24, mi.value < 60, se.value < 61 else { return nil }
        let y = inferYear(month: month, day: dd.value)
        guard dd.value <= CivilTime.daysInMonth(year: y, month: month) else { return nil }
        let wall = CivilTime.epochSeconds(year: y, month: month, day: dd.value, hour: h.value, minute: mi.value,
                                          second: min(se.value, 59))
        return Double(zone.utc(fromWallClock: wall))
    }

    /// The first stamp takes the reference year, or the year before when it would otherwise lie
    /// more than a day in the future of the reference (a December log read in January). Later a
    /// month that jumps back by more than six months means the year rolled over.
    mutating func inferYear(month: Int, day: Int) -> Int {
        if let y = year {
            if month < lastMonth - 6 { year = y + 1 } else if month > lastMonth + 6 { year = y - 1 }
        } else {
            let ref = CivilTime.civilFromDays(reference >= 0 ? reference / 86400 : (reference - 86399) / 86400)
            var y = ref.year
            // Feb 29 only exists in leap years: compare against the same day of a leap year.
            let candidate = CivilTime.daysFromCivil(year: y, month: month, day: min(day, CivilTime.daysInMonth(year: y, month: month)))
            if candidate * 86400 > reference + 86400 { y -= 1 }
            year = y
        }
        lastMonth = month
        var y = year!
        // Feb 29 in an inferred non-leap year: the log must be from the last leap year.
        if month == 2, day == 29, CivilTime.daysInMonth(year: y, month: 2) == 28 {
            while CivilTime.daysInMonth(year: y, month: 2) == 28 { y -= 1 }
        }
        return y
    }
}
