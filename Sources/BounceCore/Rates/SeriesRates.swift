/// What one series of a `RateBoard` looks like at a minute: the rates of each span, its own
/// baseline, the last hour per minute, and whether an open incident makes it elevated.
///
/// Built once per refresh by `RateBoard.summaries(at:extraProviders:incidents:)` for the console's
/// rates pane and the `/metrics` gauges alike, so both say the same thing about the same minute.
public struct SeriesRates: Sendable, Equatable {
    /// Series name: a provider (`apple`) or an Apple group (`me.com`, `icloud-hosted`).
    public var series: String
    /// The provider the series belongs to (`apple` for every Apple group).
    public var provider: String
    /// True for an Apple domain group, false for a provider.
    public var isAppleGroup: Bool
    public var windows: [RateSpan: WindowRates]
    /// The series' own baseline bounce rate (trailing hours, its provider's incidents left out), 0…1.
    public var baselineRate: Double
    /// Bounce rate per minute for the last 60 minutes, oldest first; nil = no traffic that minute.
    public var history: [Double?]
    /// True while an open incident covers this series (see `RateBoard.summaries`).
    public var elevated: Bool

    public init(series: String, provider: String, isAppleGroup: Bool, windows: [RateSpan: WindowRates],
                baselineRate: Double, history: [Double?], elevated: Bool) {
        self.series = series; self.provider = provider; self.isAppleGroup = isAppleGroup; self.windows = windows
        self.baselineRate = baselineRate; self.history = history; self.elevated = elevated
    }
}
