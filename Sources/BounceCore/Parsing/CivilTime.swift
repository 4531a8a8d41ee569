/// Calendar arithmetic without Foundation's `Calendar` (which is far too slow per log line).
public enum CivilTime {
    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Epoch seconds for a UTC wall-clock time.
    @inlinable
    public static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
    }

    /// (year, month, day) for days since 1970-01-01.
    @inlinable
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// Days in `month` of `year` (Gregorian leap rules).
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Month number 1…12 for an English three-letter abbreviation (`Jan`…`Dec`, any case), or nil.
    @inlinable
    public static func month(abbreviation b: Bytes) -> Int? {
        guard b.count == 3 else { return nil }
        let i = b.startIndex
        let c0 = b.base[i] | 0x20, c1 = b.base[i + 1] | 0x20, c2 = b.base[i + 2] | 0x20
        switch (c0, c1, c2) {
        case (0x6A, 0x61, 0x6E): return 1  // jan
        case (0x66, 0x65, 0x62): return 2  // feb
        case (0x6D, 0x61, 0x72): return 3  // mar
        case (0x61, 0x70, 0x72): return 4  // apr
        case (0x6D, 0x61, 0x79): return 5  // may
        case (0x6A, 0x75, 0x6E): return 6  // jun
        case (0x6A, 0x75, 0x6C): return 7  // jul
        case (0x61, 0x75, 0x67): return 8  // aug
        case (0x73, 0x65, 0x70): return 9  // sep
        case (0x6F, 0x63, 0x74): return 10  // oct
        case (0x6E, 0x6F, 0x76): return 11  // nov
        case (0x64, 0x65, 0x63): return 12  // dec
        default: return nil
        }
    }
}
