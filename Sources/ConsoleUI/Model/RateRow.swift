/// Rate window of the rates pane (`w` cycles).
public enum RateWindow: String, Sendable, CaseIterable, Hashable {
    case m5 = "5m", m15 = "15m", h1 = "1h"

    public var next: RateWindow {
        let all = RateWindow.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Direction of a rate compared with the previous window.
public enum Trend: String, Sendable, Hashable {
    case up, down, flat
}

/// Rates of one series over one window.
public struct WindowRates: Sendable, Equatable {
    /// delivered + deferred + bounced attempts in the window.
    public var attempts: Int
    /// bounced ÷ (delivered + bounced), 0…1.
    public var bounceRate: Double
    /// deferred ÷ attempts, 0…1.
    public var deferralRate: Double
    public var trend: Trend

    public init(attempts: Int, bounceRate: Double, deferralRate: Double, trend: Trend = .flat) {
        self.attempts = attempts; self.bounceRate = bounceRate; self.deferralRate = deferralRate; self.trend = trend
    }
}

/// One line of the rates pane: a provider (`apple`, `google`, …) or an Apple domain group
/// (`icloud.com`, `me.com`, `mac.com`, `iCloud-hosted`, `private relay`).
public struct RateRow: Sendable, Equatable {
    public enum Kind: String, Sendable, Hashable { case provider, appleGroup }

    /// Display name of the series.
    public var name: String
    public var kind: Kind
    /// Rates for each window; a missing window shows as `–`.
    public var windows: [RateWindow: WindowRates]
    /// The series' own baseline bounce rate (trailing hours), 0…1.
    public var baselineRate: Double
    /// Bounce rate per minute for the last 60 minutes, oldest first; nil = no traffic that minute.
    public var history: [Double?]
    /// True when the detector considers this series elevated (drawn as an alert, with `!`).
    public var elevated: Bool
    /// Queue filter applied by Enter on this row (default: `name`), e.g. `privaterelay.appleid.com`.
    public var queueFilter: String?

    public init(name: String, kind: Kind, windows: [RateWindow: WindowRates], baselineRate: Double,
                history: [Double?], elevated: Bool = false, queueFilter: String? = nil) {
        self.name = name; self.kind = kind; self.windows = windows; self.baselineRate = baselineRate
        self.history = history; self.elevated = elevated; self.queueFilter = queueFilter
    }
}
