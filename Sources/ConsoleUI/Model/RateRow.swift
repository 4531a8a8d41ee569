import BounceCore
/// One line of the rates pane: a provider (`apple`, `google`, …) or an Apple domain group
/// (`icloud.com`, `me.com`, `mac.com`, `iCloud-hosted`, `private relay`). The numbers are the
/// core's `SeriesRates` (`RateBoard.summaries`); the row adds what only the screen needs.
public struct RateRow: Sendable, Equatable {
    public enum Kind: String, Sendable, Hashable { case provider, appleGroup }

    /// Display name of the series.
    public var name: String
    public var kind: Kind
    /// Rates for each window; a missing window shows as `–`.
    public var windows: [RateSpan: WindowRates]
    /// The series' own baseline bounce rate (trailing hours), 0…1.
    public var baselineRate: Double
    /// Bounce rate per minute for the last 60 minutes, oldest first; nil = no traffic that minute.
    public var history: [Double?]
    /// True when the detector considers this series elevated (drawn as an alert, with `!`).
    public var elevated: Bool
    /// Queue filter applied by Enter on this row (default: `name`), e.g. `privaterelay.appleid.com`.
    public var queueFilter: String?

    public init(name: String, kind: Kind, windows: [RateSpan: WindowRates], baselineRate: Double,
                history: [Double?], elevated: Bool = false, queueFilter: String? = nil) {
        self.name = name; self.kind = kind; self.windows = windows; self.baselineRate = baselineRate
        self.history = history; self.elevated = elevated; self.queueFilter = queueFilter
    }
}
