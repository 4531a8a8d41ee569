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
    static func hour(ofMinute m: Int) -> Int { CounterBucketPlan.hour(ofMinute: m) }

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

    static func floorDiv(_ a: Int, _ b: Int) -> Int { CounterBucketPlan.floorDiv(a, b) }
}
