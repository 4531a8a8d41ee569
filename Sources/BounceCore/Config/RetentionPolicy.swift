/// How long the store keeps what (config `[retention]`, docs/DECISIONS.md "Retention"). Values
/// in seconds, like `RetryPolicy`. Pure values: the store applies them (`applyRetention`).
///
/// What is never deleted: queue items (the `addresses` rows are the suppression list and each
/// item's current state), incidents and the timeline (the story), sources and stats.
public struct RetentionPolicy: Sendable, Codable, Equatable {
    /// Per-minute counters older than this are deleted; the hourly counters kept beside them
    /// still count them (default 14 days).
    /// The rate chart, the detector baseline and a restart need the last 26 hours at minute
    /// resolution, so at least 2 days.
    public var minuteBuckets: Int = 14 * 86400
    /// Hourly counters older than this are deleted (default 400 days: a year-on-year comparison
    /// still finds last year's same week).
    public var hourBuckets: Int = 400 * 86400
    /// Last deliveries (known-good evidence) older than this are deleted; nil = the known-good
    /// window. Never shorter than the known-good window, which still decides holds.
    public var deliveries: Int?
    /// Audit rows older than this are deleted, except every row of an address that is held and
    /// the newest row of every address (default 400 days).
    public var audit: Int = 400 * 86400

    /// Logs of several MTAs ingested one after another are out of order by up to a day: keep a
    /// day more than the rules need, so a bounce read late still finds its address's delivery.
    public static let outOfOrderSlack = 86400

    public init() {}

    /// The age past which a last delivery can no longer make an address known-good.
    public func deliveriesHorizon(knownGoodWindow: Int) -> Int {
        max(deliveries ?? knownGoodWindow, knownGoodWindow) + Self.outOfOrderSlack
    }
}
