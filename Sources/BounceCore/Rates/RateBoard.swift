/// Per-minute delivery counters for providers and Apple domain groups, with the windows, history,
/// baselines and trends the console and the incident detector read (docs/ARCHITECTURE.md, "Rates and incidents").
///
/// Series are named by provider (`apple`, `google`, `microsoft`, `yahoo`, `other`) and by Apple
/// group (`icloud.com`, `me.com`, `mac.com`, `privaterelay.appleid.com`, `icloud-hosted`). The
/// engine records each attempt once for its provider and, for Apple, once more for its group:
///
/// ```swift
/// var board = RateBoard()
/// let minute = Int(event.time.timeIntervalSince1970) / 60
/// board.record(minute: minute, series: "apple", outcome: .bounced, reason: .userUnknown)
/// board.record(minute: minute, series: RateBoard.appleGroup(domain: "me.com"), outcome: .bounced, reason: .userUnknown)
/// board.window(series: "apple", minutes: 5, endingAt: minute).bounceRate
/// ```
///
/// Keyed on event time only: the board never reads a clock, so replaying a log reproduces it.
/// Memory is bounded: each series keeps the last `retentionMinutes` minutes (default 26 h).
public struct RateBoard: Sendable, Equatable {
    /// 26 hours: a full day of history plus the baseline span.
    public static let defaultRetentionMinutes = 26 * 60

    /// How many minutes each series keeps, counting back from its newest minute.
    public let retentionMinutes: Int
    var rings: [String: SeriesRing] = [:]

    public init(retentionMinutes: Int = RateBoard.defaultRetentionMinutes) {
        self.retentionMinutes = max(1, retentionMinutes)
    }

    /// Counts `count` attempts with `outcome` for `series` in epoch minute `minute` (seconds ÷ 60).
    ///
    /// `expired` counts as bounced. A bounced or deferred attempt whose reason has `address` scope
    /// also counts as an address failure. `reason` is counted per reason for failures only.
    /// Minutes older than the retention relative to the series' newest minute are ignored.
    public mutating func record(minute: Int, series: String, outcome: Outcome, reason: BounceReason?, count: Int = 1) {
        guard count > 0 else { return }
        let field: Int
        switch outcome.counted {
        case .delivered: field = SeriesRing.delivered
        case .deferred: field = SeriesRing.deferred
        default: field = SeriesRing.bounced
        }
        let failure = outcome != .delivered
        let addressFailure = failure && reason?.scope == .address
        rings[series, default: SeriesRing(capacity: retentionMinutes)].add(
            minute: minute,
            fields: (field, addressFailure ? SeriesRing.addressFailures : nil),
            reason: failure ? reason?.ordinal : nil,
            count: count
        )
    }

    /// Every series with data, in display order: providers first (apple, google, microsoft, yahoo,
    /// other), then Apple groups (icloud.com, me.com, mac.com, icloud-hosted, private relay), then
    /// anything else alphabetically.
    public var seriesNames: [String] {
        rings.keys.sorted { a, b in
            let ra = RateBoard.displayRank(a), rb = RateBoard.displayRank(b)
            return ra != rb ? ra < rb : a < b
        }
    }

    /// The newest minute recorded in any series.
    public var latestMinute: Int? { rings.values.compactMap(\.newestMinute).max() }

    /// True when `series` has ever been recorded (and not entirely pruned away).
    public func contains(series: String) -> Bool { rings[series] != nil }

    // MARK: Apple groups

    /// The group for iCloud+ custom domains delivered to Apple's MX hosts.
    public static let hostedGroup = "icloud-hosted"
    /// Apple groups in display order: each of Apple's own domains (`Provider.appleDomains`), with
    /// the hosted custom domains before the private relay.
    public static let appleGroups = ["icloud.com", "me.com", "mac.com", hostedGroup, "privaterelay.appleid.com"]
    /// Provider series in display order (custom providers sort after these).
    public static let providerOrder = ["apple", "google", "microsoft", "yahoo", "other"]

    /// The Apple group of a recipient domain whose provider is `apple`: the domain itself for
    /// Apple's own domains, `icloud-hosted` for any other (a custom domain on iCloud's MX).
    public static func appleGroup(domain: String) -> String {
        if Provider.appleDomains.contains(domain) { return domain }
        // Parsers lower-case domains already; this is the rare mixed-case path.
        let d = domain.lowercased()
        return Provider.appleDomains.contains(d) ? d : hostedGroup
    }

    /// The Apple group for an event, or nil when its provider is not `apple`.
    public static func appleGroup(domain: String, provider: String) -> String? {
        provider == Provider.appleName ? appleGroup(domain: domain) : nil
    }

    static func displayRank(_ name: String) -> Int {
        if let i = providerOrder.firstIndex(of: name) { return i }
        if let i = appleGroups.firstIndex(of: name) { return 100 + i }
        return 1000
    }

    // MARK: Internal sums (shared with the detector)

    /// Counter sums of `series` over `first...last` (zero when the series is unknown).
    func tally(series: String, from first: Int, through last: Int, excluding: [ClosedRange<Int>] = [],
               withReasons: Bool = false) -> Tally {
        rings[series]?.tally(from: first, through: last, excluding: excluding, withReasons: withReasons)
            ?? Tally(reasons: withReasons ? Array(repeating: 0, count: BounceReason.allCases.count) : [])
    }
}
