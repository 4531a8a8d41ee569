/// Which counter buckets cover a report range `[from, to)` (epoch seconds, nil = unbounded):
/// whole hours from the hourly counters and minutes for a partial hour at either edge, as long as
/// that hour's minutes are kept; otherwise the edge widens to the whole hour. Both storage
/// backends read their counters by it, so their reports agree to the count.
public struct CounterBucketPlan: Sendable {
    /// `[lo, hi)` in hours; nil bounds are open.
    public var hours: (lo: Int?, hi: Int?) = (nil, nil)
    /// Minute ranges `[lo, hi)` read at minute resolution.
    public var minutes: [(lo: Int, hi: Int)] = []

    /// `kept` is the first minute still kept at minute resolution (nil: all are).
    public init(from: Int?, to: Int?, minutesKeptFrom kept: Int?) {
        // Minutes round outward, as reports always have: the minute holding `from`, up to the
        // minute holding the last second before `to`.
        let lo = from.map { Self.floorDiv($0, 60) }
        let hi = to.map { -Self.floorDiv(-$0, 60) }
        func minutesKept(hour h: Int) -> Bool { kept.map { h * 60 >= $0 } ?? true }
        if let lo, let hi, hi <= lo || (Self.hour(ofMinute: lo) == Self.hour(ofMinute: hi - 1) && (lo % 60 != 0 || hi % 60 != 0)) {
            // Empty, or inside one hour but not the whole of it.
            let h = Self.hour(ofMinute: lo)
            if hi <= lo { hours = (h, h) }
            else if minutesKept(hour: h) { hours = (h, h); minutes = [(lo, hi)] }
            else { hours = (h, h + 1) }
            return
        }
        if let lo {
            let h = Self.hour(ofMinute: lo)
            if lo == h * 60 || !minutesKept(hour: h) { hours.lo = h }
            else { hours.lo = h + 1; minutes.append((lo, (h + 1) * 60)) }
        }
        if let hi {
            let h = Self.hour(ofMinute: hi)
            if hi == h * 60 { hours.hi = h }
            else if !minutesKept(hour: h) { hours.hi = h + 1 }
            else { hours.hi = h; minutes.append((h * 60, hi)) }
        }
    }

    /// The hour of an epoch minute, rounding down for (theoretical) pre-1970 minutes too.
    public static func hour(ofMinute m: Int) -> Int { floorDiv(m, 60) }

    public static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
