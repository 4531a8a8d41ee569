/// Infers the year of classic syslog stamps (`Dec 31 23:59:59`), which carry none.
///
/// - The first dated line gets the year of the reference instant (file mtime or now), or the
///   year before when its date would lie more than a day after the reference (a file written in
///   December, read in January).
/// - After that the year follows the file: a month more than six months *before* the previous
///   line's month is a roll-over (Dec → Jan: year + 1); a month more than six months *after* it is
///   a late line from the previous year (Jan → Dec: year − 1). Stamps that carry a year (RFC 3339)
///   set the state directly, so mixed files stay consistent.
/// - Feb 29: on the first dated line, a non-leap inferred year moves back to the latest leap year
///   before it (the file is older than its reference). Later in the file the year is known, so
///   Feb 29 in a non-leap year is rejected as a corrupt stamp.
struct SyslogYearClock: Sendable {
    let reference: Int
    let referenceYear: Int
    private(set) var year: Int?
    private(set) var lastMonth = 0

    init(referenceDate: Double) {
        reference = Int(referenceDate.rounded(.down))
        let days = reference >= 0 ? reference / 86400 : (reference - 86399) / 86400
        referenceYear = CivilTime.civilFromDays(days).year
    }

    /// The year for a stamp without one, or nil when the date cannot exist (Feb 29 in a non-leap
    /// year, Apr 31). Only a valid stamp moves the clock.
    mutating func resolve(_ t: LogTimestamp) -> Int? {
        var candidate: Int
        let first = year == nil
        if let year {
            candidate = year
            if t.month < lastMonth - 6 { candidate += 1 } else if t.month > lastMonth + 6 { candidate -= 1 }
        } else {
            candidate = referenceYear
            if t.wallSeconds(year: candidate) > reference + 86400 { candidate -= 1 }
        }
        if t.month == 2, t.day == 29, CivilTime.daysInMonth(year: candidate, month: 2) == 28 {
            guard first else { return nil }
            while CivilTime.daysInMonth(year: candidate, month: 2) == 28 { candidate -= 1 }
        }
        guard t.day <= CivilTime.daysInMonth(year: candidate, month: t.month) else { return nil }
        year = candidate
        lastMonth = t.month
        return candidate
    }

    /// Records a stamp that carried its own year.
    mutating func observe(year: Int, month: Int) {
        self.year = year
        lastMonth = month
    }
}
