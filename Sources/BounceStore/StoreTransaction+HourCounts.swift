import BounceCore
import Foundation
import GRDB

/// Hourly counters: every counter delta goes to its minute AND its hour, in the same transaction,
/// so an hour row always equals the sum of its minute rows for as long as those exist. Reports
/// read whole hours from here (a 30-day report sums ~700 hours per cell, not ~43,000 minutes) and
/// minutes only for the partial hours at their edges; retention deletes minutes past the minute
/// retention without moving a single count.
extension StoreTransaction {
    /// The hour of an epoch minute, rounding down for (theoretical) pre-1970 minutes too.
    static func hour(ofMinute m: Int) -> Int { floorDiv(m, 60) }

    /// `meta` key: the first minute still kept at minute resolution (an hour boundary). Below it
    /// only hour rows count.
    static let minutesKeptFromKey = "minutes-kept-from"

    /// Adds the deltas of `addCounters` to their hours.
    func addHourCounters(_ deltas: [CounterKey: Int]) throws {
        var hours: [CounterKey: Int] = [:]
        for (k, n) in deltas where n != 0 {
            var h = k
            h.minute = Self.hour(ofMinute: k.minute)   // the key's time field holds the hour here
            hours[h, default: 0] += n
        }
        try upsertCounters(into: "hour_counts", bucket: "hour", hours)
    }

    /// The first minute kept at minute resolution (nil: all of them, nothing deleted yet).
    public func minutesKeptFrom() throws -> Int? {
        try metaInt(Self.minutesKeptFromKey)
    }

    /// Which buckets cover `[from, to)` (epoch seconds, nil = unbounded): whole hours from
    /// `hour_counts`, and minutes from `minute_counts` for a partial hour at either edge, as long
    /// as that hour's minutes are kept; otherwise the edge widens to the whole hour.
    struct BucketPlan {
        /// `[lo, hi)` in hours; nil bounds are open.
        var hours: (lo: Int?, hi: Int?) = (nil, nil)
        /// Minute ranges `[lo, hi)` read at minute resolution.
        var minutes: [(lo: Int, hi: Int)] = []
    }

    static func bucketPlan(from: Int?, to: Int?, minutesKeptFrom kept: Int?) -> BucketPlan {
        // Minutes round outward, as reports always have: the minute holding `from`, up to the
        // minute holding the last second before `to`.
        let lo = from.map { floorDiv($0, 60) }
        let hi = to.map { -floorDiv(-$0, 60) }
        func minutesKept(hour h: Int) -> Bool { kept.map { h * 60 >= $0 } ?? true }
        var plan = BucketPlan()
        if let lo, let hi, hi <= lo || (hour(ofMinute: lo) == hour(ofMinute: hi - 1) && (lo % 60 != 0 || hi % 60 != 0)) {
            // Empty, or inside one hour but not the whole of it.
            let h = hour(ofMinute: lo)
            if hi <= lo { plan.hours = (h, h) }
            else if minutesKept(hour: h) { plan.hours = (h, h); plan.minutes = [(lo, hi)] }
            else { plan.hours = (h, h + 1) }
            return plan
        }
        if let lo {
            let h = hour(ofMinute: lo)
            if lo == h * 60 || !minutesKept(hour: h) { plan.hours.lo = h }
            else { plan.hours.lo = h + 1; plan.minutes.append((lo, (h + 1) * 60)) }
        }
        if let hi {
            let h = hour(ofMinute: hi)
            if hi == h * 60 { plan.hours.hi = h }
            else if !minutesKept(hour: h) { plan.hours.hi = h + 1 }
            else { plan.hours.hi = h; plan.minutes.append((h * 60, hi)) }
        }
        return plan
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
