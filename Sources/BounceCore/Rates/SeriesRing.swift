/// Per-minute counters of one series in a fixed-capacity ring indexed by epoch minute.
///
/// Slot `minute mod capacity` holds one minute; a slot whose tag is not the minute asked for is
/// empty (never written, or overwritten by a minute `capacity` later). Writing a minute therefore
/// prunes whatever is older than `capacity` minutes before it, so memory stays fixed however long
/// the board lives, and nothing reads a clock.
struct SeriesRing: Sendable, Equatable {
    /// Counter layout of one slot: four outcome/scope counters, then one per `BounceReason`.
    static let delivered = 0, deferred = 1, bounced = 2, addressFailures = 3, firstReason = 4
    static let stride = firstReason + BounceReason.allCases.count

    let capacity: Int
    /// Minute held by each slot; `Int.min` when the slot was never written.
    private(set) var tags: [Int]
    /// `capacity * stride` counters, slot-major.
    private(set) var counters: [Int]
    /// Newest minute ever written (nil while empty).
    private(set) var newestMinute: Int?

    init(capacity: Int) {
        precondition(capacity > 0, "a ring needs at least one slot")
        self.capacity = capacity
        tags = Array(repeating: Int.min, count: capacity)
        counters = Array(repeating: 0, count: capacity * SeriesRing.stride)
    }

    @inline(__always)
    func slot(of minute: Int) -> Int {
        let r = minute % capacity
        return r < 0 ? r + capacity : r
    }

    /// The counter base offset for `minute`, or nil when the ring holds nothing for it.
    @inline(__always)
    func base(of minute: Int) -> Int? {
        let s = slot(of: minute)
        guard tags[s] == minute, let newest = newestMinute, minute > newest - capacity else { return nil }
        return s * SeriesRing.stride
    }

    /// Adds `count` to `field` (and optionally a reason) at `minute`.
    /// Minutes more than `capacity` older than the newest minute are dropped (already pruned).
    mutating func add(minute: Int, fields: (Int, Int?), reason: Int?, count: Int) {
        if let newest = newestMinute, minute <= newest - capacity { return }
        let s = slot(of: minute)
        let base = s * SeriesRing.stride
        if tags[s] != minute {
            tags[s] = minute
            for i in base..<(base + SeriesRing.stride) { counters[i] = 0 }
        }
        counters[base + fields.0] += count
        if let second = fields.1 { counters[base + second] += count }
        if let reason { counters[base + SeriesRing.firstReason + reason] += count }
        if newestMinute.map({ minute > $0 }) ?? true { newestMinute = minute }
    }

    /// The oldest minute the ring can still hold, given what it has seen.
    var oldestRetainedMinute: Int? { newestMinute.map { $0 - capacity + 1 } }

    /// Sums the counters of `first...last`, skipping minutes inside any `excluded` range.
    func tally(from first: Int, through last: Int, excluding excluded: [ClosedRange<Int>] = [],
               withReasons: Bool) -> Tally {
        var t = Tally()
        if withReasons { t.reasons = Array(repeating: 0, count: BounceReason.allCases.count) }
        guard first <= last, let oldest = oldestRetainedMinute else { return t }
        var lo = max(first, oldest)
        // Walk the sub-spans between exclusions (sorted), summing each with unchecked buffers:
        // this loop is the detector's hot path (a 6-hour baseline per provider per minute).
        let cuts = excluded.filter { $0.upperBound >= lo && $0.lowerBound <= last }.sorted { $0.lowerBound < $1.lowerBound }
        for cut in cuts {
            if cut.lowerBound > lo { sum(lo, cut.lowerBound - 1, into: &t, withReasons) }
            lo = max(lo, cut.upperBound + 1)
        }
        if lo <= last { sum(lo, last, into: &t, withReasons) }
        return t
    }

    private func sum(_ lo: Int, _ hi: Int, into t: inout Tally, _ withReasons: Bool) {
        let stride = SeriesRing.stride, reasonCount = BounceReason.allCases.count
        var delivered = 0, deferred = 0, bounced = 0, address = 0, minutes = 0
        tags.withUnsafeBufferPointer { tags in
            counters.withUnsafeBufferPointer { c in
                var slot = slot(of: lo)
                for minute in lo...hi {
                    if tags[slot] == minute {
                        let b = slot * stride
                        delivered &+= c[b]
                        deferred &+= c[b + 1]
                        bounced &+= c[b + 2]
                        address &+= c[b + 3]
                        minutes &+= 1
                        if withReasons {
                            for r in 0..<reasonCount { t.reasons[r] &+= c[b + SeriesRing.firstReason + r] }
                        }
                    }
                    slot += 1
                    if slot == capacity { slot = 0 }
                }
            }
        }
        t.delivered += delivered
        t.deferred += deferred
        t.bounced += bounced
        t.addressFailures += address
        t.minutesWithData += minutes
    }

    /// Minutes that hold data, ascending (for encoding).
    var occupiedMinutes: [Int] {
        guard let oldest = oldestRetainedMinute else { return [] }
        return tags.filter { $0 != Int.min && $0 >= oldest }.sorted()
    }

    /// The raw counters of one minute (zeros when absent).
    func counters(at minute: Int) -> ArraySlice<Int> {
        guard let b = base(of: minute) else { return ArraySlice(repeating: 0, count: SeriesRing.stride) }
        return counters[b..<(b + SeriesRing.stride)]
    }

    /// Restores one minute's counters (decoding).
    mutating func restore(minute: Int, values: [Int]) {
        guard values.count == SeriesRing.stride else { return }
        if let newest = newestMinute, minute <= newest - capacity { return }
        let s = slot(of: minute)
        tags[s] = minute
        let base = s * SeriesRing.stride
        for i in 0..<SeriesRing.stride { counters[base + i] = values[i] }
        if newestMinute.map({ minute > $0 }) ?? true { newestMinute = minute }
    }
}

/// Counter sums over a span of minutes (internal working type of the board and the detector).
struct Tally: Sendable, Equatable {
    var delivered = 0
    var deferred = 0
    var bounced = 0
    var addressFailures = 0
    /// Per-reason counts in `BounceReason.allCases` order; empty when not requested.
    var reasons: [Int] = []
    var minutesWithData = 0

    var attempts: Int { delivered + deferred + bounced }

    mutating func add(_ other: Tally) {
        delivered += other.delivered
        deferred += other.deferred
        bounced += other.bounced
        addressFailures += other.addressFailures
        minutesWithData += other.minutesWithData
        if !other.reasons.isEmpty {
            if reasons.isEmpty { reasons = Array(repeating: 0, count: other.reasons.count) }
            for i in reasons.indices { reasons[i] += other.reasons[i] }
        }
    }
}

extension BounceReason {
    /// Position in `allCases`, without a linear search.
    var ordinal: Int {
        switch self {
        case .userUnknown: return 0
        case .mailboxDisabled: return 1
        case .mailboxFull: return 2
        case .hostUnknown: return 3
        case .policyBlocked: return 4
        case .authFailure: return 5
        case .spamContent: return 6
        case .rateLimited: return 7
        case .expired: return 8
        case .systemError: return 9
        case .other: return 10
        }
    }
}
