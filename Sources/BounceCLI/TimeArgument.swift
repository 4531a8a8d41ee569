import ArgumentParser
import BounceCore
import Foundation

/// A point in time on the command line (`--since`, `--until`, `simulate --start`): a duration
/// back from now (`90s`, `15m`, `2h`, `7d`, `1w`) or an ISO 8601 instant (`2019-08-08T16:00:00Z`,
/// `2019-08-08T16:00Z`, `2019-08-08`; UTC when no zone is given). Parsed once by argument-parser,
/// so a value it cannot read is a usage error (exit 2) naming the option.
struct TimeArgument: ExpressibleByArgument, Equatable {
    enum Form: Equatable {
        /// This many seconds before the moment the command runs.
        case ago(Int)
        /// Seconds since the epoch.
        case at(Int)
    }

    let form: Form

    init(_ form: Form) { self.form = form }

    init?(argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces)
        if let unit = t.last, let n = Int(t.dropLast()), n >= 0 {
            let mult: Int? = switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86400
            case "w": 7 * 86400
            default: nil
            }
            if let mult {
                let (seconds, overflow) = n.multipliedReportingOverflow(by: mult)
                if overflow { return nil }
                form = .ago(seconds)
                return
            }
        }
        guard let epoch = Self.iso(t) else { return nil }
        form = .at(epoch)
    }

    /// Seconds since the epoch, a duration counted back from `now`.
    func resolve(now: Date = Date()) -> Int {
        switch form {
        case .ago(let s): Int(now.timeIntervalSince1970) - s
        case .at(let t): t
        }
    }

    static func iso(_ t: String) -> Int? {
        let spaced = t.replacingOccurrences(of: " ", with: "T")
        // Split off the zone (`Z`, `+02:00`, `-0500`), which can only follow the time of day, so
        // a date or a time without seconds is completed before it; no zone means UTC.
        let zoneStart = spaced.indices.dropFirst(16).first { "Z+-".contains(spaced[$0]) } ?? spaced.endIndex
        var s = String(spaced[..<zoneStart])
        var zone = String(spaced[zoneStart...])
        if s.count == 10 { s += "T00:00:00" }
        if s.count == 16 { s += ":00" }
        if zone.isEmpty { zone = "Z" }
        s += zone
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return Int(d.timeIntervalSince1970) }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s).map { Int($0.timeIntervalSince1970) }
    }
}
