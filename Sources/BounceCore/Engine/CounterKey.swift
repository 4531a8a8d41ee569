/// Key of one per-minute counter cell (minute × domain × provider × outcome × reason).
public struct CounterKey: Sendable, Hashable {
    /// Epoch minute (seconds / 60) of the event time.
    public var minute: Int
    public var domain: String
    public var provider: String
    /// Counted outcome: delivered, deferred or bounced (`expired` is folded into bounced).
    public var outcome: Outcome
    /// Failure reason; nil for deliveries.
    public var reason: BounceReason?

    public init(minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?) {
        self.minute = minute
        self.domain = domain
        self.provider = provider
        self.outcome = outcome.counted
        self.reason = outcome == .expired ? .expired : reason
    }
}

/// A stable 64-bit hash of an address (FNV-1a over its lower-cased UTF-8), used to store
/// known-good delivery times compactly for every delivered address.
public enum AddressHash {
    public static func of(_ address: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for var c in address.utf8 {
            if c >= 65 && c <= 90 { c += 32 }
            h ^= UInt64(c)
            h = h &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: h)
    }
}
