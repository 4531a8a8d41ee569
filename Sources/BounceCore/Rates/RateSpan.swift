/// The windows rates are shown and exported over: the console's `w` cycles them, and the
/// Prometheus `window` label uses their raw values.
public enum RateSpan: String, Sendable, CaseIterable, Hashable {
    case m5 = "5m", m15 = "15m", h1 = "1h"

    /// Length in minutes.
    public var minutes: Int {
        switch self {
        case .m5: 5
        case .m15: 15
        case .h1: 60
        }
    }

    /// The next span in the `w` cycle (5m → 15m → 1h → 5m).
    public var next: RateSpan {
        let all = RateSpan.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Rates of one series over one span.
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
