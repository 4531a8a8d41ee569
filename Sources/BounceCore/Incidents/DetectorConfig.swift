/// Thresholds of the incident detector (docs/ARCHITECTURE.md, "Rates and incidents"). Every field has a default; a config file may
/// set any subset (missing keys keep their defaults).
///
/// The defaults aim at "a few minutes to detect an Apple-only spike of realistic size" and "no
/// false incidents on a quiet day" at ~200 messages/minute. A provider is **elevated** in a minute
/// when, over the short window ending then, all of these hold:
/// - volume: ≥ `minAttempts` attempts and ≥ `minFailures` address-scope failures (3 bounces of 5
///   attempts at 3 a.m. is not an incident);
/// - size: rate ≥ `rateMultiple` × baseline and rate − baseline ≥ `minRise` (a doubling of a
///   0.5 % rate is not operationally interesting);
/// - significance: the one-sided binomial tail `P(X ≥ failures | attempts, baseline)` is below
///   `significance` (1e-6: evaluated ~7,200 times a day for 5 providers, the expected number of
///   chance alarms per year stays far below one even allowing for overlapping windows).
///
/// A provider is **rising** under the looser `rising…` thresholds: the "others elevated" rule uses
/// it, so a slower or smaller provider still counts as "rising with the rest" when the same trouble
/// hits everyone.
public struct DetectorConfig: Codable, Sendable, Equatable {
    /// Provider series the detector evaluates (Apple groups are display-only).
    public var providers: [String] = RateBoard.providerOrder
    /// The short window whose rate is tested, in minutes.
    public var shortWindowMinutes = 5
    /// Baseline span: trailing minutes of the provider's own history.
    public var baselineSpanMinutes = 360
    /// Recent minutes left out of the baseline (the short window plus a detection lag).
    public var baselineGapMinutes = 15
    /// A second, recent baseline span (0 = off); the baseline is the higher of the two, so a
    /// slow all-day drift (list decay) is not mistaken for a spike.
    public var recentBaselineMinutes = 60
    /// Prior that a series with little history starts from.
    public var baselinePrior = RatePrior.default
    /// Lowest baseline rate used in tests: a provider with no failures for hours would otherwise
    /// make any single bounce "infinitely" surprising.
    public var baselineFloor = 0.005

    /// Minimum attempts in the short window before a provider counts at all.
    public var minAttempts = 30
    /// Minimum address-scope failures in the short window to open anything.
    public var minFailures = 8
    /// Rate must be at least this multiple of the baseline.
    public var rateMultiple = 3.0
    /// …and at least this much above it, absolute (0.05 = five percentage points).
    public var minRise = 0.05
    /// One-sided binomial tail probability below which the rise is significant.
    public var significance = 1e-6

    /// "Rising": the looser test applied to the other providers.
    public var risingMultiple = 1.5
    public var risingMinRise = 0.02
    public var risingSignificance = 1e-3
    /// When a provider is elevated and a minority of others are rising, wait this many minutes for
    /// the picture to settle (sender-wide or not) before opening a provider incident.
    public var ambiguityWaitMinutes = 3

    /// A minute is calm when the window rate is ≤ max(baseline × `closeMultiple`, baseline +
    /// `closeMargin`) or no longer significant at `closeSignificance`.
    public var closeMultiple = 1.5
    public var closeMargin = 0.01
    public var closeSignificance = 0.01
    /// Consecutive calm minutes that close an incident.
    public var closeMinutes = 15

    /// A new peak is reported when it exceeds the last reported one by this fraction (0.25 = +25 %),
    /// once the rate has stopped climbing.
    public var peakGrowth = 0.25
    /// How far back the change-point scan may look, in minutes.
    public var changePointLookbackMinutes = 60
    /// At most this many dominant reasons; a reason must have ≥ `reasonShare` of the top count.
    public var maxReasons = 3
    public var reasonShare = 0.2
    /// Gaps longer than this (minutes) are treated as empty and skipped after closing what they
    /// close, so a log with a week-long hole costs nothing.
    public var maxCatchUpMinutes = 1440
    /// Closed incidents kept for `isIncidentOpen(provider:at:)` and baseline exclusion, in minutes.
    public var closedRetentionMinutes = 26 * 60

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case providers, shortWindowMinutes, baselineSpanMinutes, baselineGapMinutes, recentBaselineMinutes, baselinePrior
        case baselineFloor
        case minAttempts, minFailures, rateMultiple, minRise, significance
        case risingMultiple, risingMinRise, risingSignificance, ambiguityWaitMinutes
        case closeMultiple, closeMargin, closeSignificance, closeMinutes
        case peakGrowth, changePointLookbackMinutes, maxReasons, reasonShare, maxCatchUpMinutes
        case closedRetentionMinutes
    }

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try read(.providers, &providers)
        try read(.shortWindowMinutes, &shortWindowMinutes)
        try read(.baselineSpanMinutes, &baselineSpanMinutes)
        try read(.baselineGapMinutes, &baselineGapMinutes)
        try read(.recentBaselineMinutes, &recentBaselineMinutes)
        try read(.baselinePrior, &baselinePrior)
        try read(.baselineFloor, &baselineFloor)
        try read(.minAttempts, &minAttempts)
        try read(.minFailures, &minFailures)
        try read(.rateMultiple, &rateMultiple)
        try read(.minRise, &minRise)
        try read(.significance, &significance)
        try read(.risingMultiple, &risingMultiple)
        try read(.risingMinRise, &risingMinRise)
        try read(.risingSignificance, &risingSignificance)
        try read(.ambiguityWaitMinutes, &ambiguityWaitMinutes)
        try read(.closeMultiple, &closeMultiple)
        try read(.closeMargin, &closeMargin)
        try read(.closeSignificance, &closeSignificance)
        try read(.closeMinutes, &closeMinutes)
        try read(.peakGrowth, &peakGrowth)
        try read(.changePointLookbackMinutes, &changePointLookbackMinutes)
        try read(.maxReasons, &maxReasons)
        try read(.reasonShare, &reasonShare)
        try read(.maxCatchUpMinutes, &maxCatchUpMinutes)
        try read(.closedRetentionMinutes, &closedRetentionMinutes)
    }
}
