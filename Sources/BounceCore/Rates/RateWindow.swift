/// Counts and rates of one series over a span of minutes (docs/ARCHITECTURE.md, "Rates and incidents").
///
/// `bounceRate` = bounced ÷ (delivered + bounced); `deferralRate` = deferred ÷ attempts;
/// `addressFailureRate` = address-scope failures ÷ attempts. Every rate is 0 when its denominator is.
public struct RateWindow: Sendable, Equatable, Codable {
    public var series: String
    /// First minute of the window (epoch minute), inclusive.
    public var startMinute: Int
    /// Last minute of the window (epoch minute), inclusive.
    public var endMinute: Int
    public var delivered: Int
    public var deferred: Int
    /// Bounced attempts, `expired` included.
    public var bounced: Int
    /// Bounced or deferred attempts whose reason has `address` scope.
    public var addressFailures: Int
    /// Failures per reason (reasons with no failures are absent).
    public var reasons: [BounceReason: Int]

    public init(series: String, startMinute: Int, endMinute: Int, delivered: Int = 0, deferred: Int = 0,
                bounced: Int = 0, addressFailures: Int = 0, reasons: [BounceReason: Int] = [:]) {
        self.series = series
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.delivered = delivered
        self.deferred = deferred
        self.bounced = bounced
        self.addressFailures = addressFailures
        self.reasons = reasons
    }

    /// delivered + deferred + bounced.
    public var attempts: Int { delivered + deferred + bounced }
    /// bounced ÷ (delivered + bounced).
    public var bounceRate: Double { RateWindow.ratio(bounced, delivered + bounced) }
    /// deferred ÷ attempts.
    public var deferralRate: Double { RateWindow.ratio(deferred, attempts) }
    /// Address-scope failures ÷ attempts: the detector's metric.
    public var addressFailureRate: Double { RateWindow.ratio(addressFailures, attempts) }

    /// The most frequent reasons, largest first (ties in taxonomy order).
    public func topReasons(_ limit: Int = 3) -> [ReasonCount] {
        reasons.filter { $0.value > 0 }
            .map { ReasonCount(reason: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
            .prefix(limit).map { $0 }
    }

    /// The three most frequent reasons.
    public var topReasons: [ReasonCount] { topReasons(3) }

    static func ratio(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }
}

/// A reason and how many failures carried it.
public struct ReasonCount: Sendable, Equatable, Codable {
    public var reason: BounceReason
    public var count: Int
    public init(reason: BounceReason, count: Int) {
        self.reason = reason
        self.count = count
    }
}

/// One minute of a series' history: volume and rates (an empty minute has zero volume).
public struct RatePoint: Sendable, Equatable, Codable {
    /// Epoch minute.
    public var minute: Int
    public var delivered: Int
    public var deferred: Int
    public var bounced: Int
    public var addressFailures: Int

    public init(minute: Int, delivered: Int = 0, deferred: Int = 0, bounced: Int = 0, addressFailures: Int = 0) {
        self.minute = minute
        self.delivered = delivered
        self.deferred = deferred
        self.bounced = bounced
        self.addressFailures = addressFailures
    }

    /// delivered + deferred + bounced (the volume).
    public var attempts: Int { delivered + deferred + bounced }
    public var bounceRate: Double { RateWindow.ratio(bounced, delivered + bounced) }
    public var deferralRate: Double { RateWindow.ratio(deferred, attempts) }
    public var addressFailureRate: Double { RateWindow.ratio(addressFailures, attempts) }
}

/// A series' own normal level, from its trailing hours (see `RateBoard.baseline`).
public struct RateBaseline: Sendable, Equatable, Codable {
    /// Address-scope failures ÷ attempts, shrunk towards the prior.
    public var addressFailureRate: Double
    /// bounced ÷ (delivered + bounced), shrunk towards the prior.
    public var bounceRate: Double
    /// deferred ÷ attempts, shrunk towards the prior.
    public var deferralRate: Double
    /// Attempts actually observed in the baseline span (prior not included).
    public var attempts: Int
    /// Minutes with data in the baseline span.
    public var minutesWithData: Int
    /// True when the prior outweighs the data (fewer observed attempts than the prior's weight).
    public var isMostlyPrior: Bool

    public init(addressFailureRate: Double, bounceRate: Double, deferralRate: Double, attempts: Int,
                minutesWithData: Int, isMostlyPrior: Bool) {
        self.addressFailureRate = addressFailureRate
        self.bounceRate = bounceRate
        self.deferralRate = deferralRate
        self.attempts = attempts
        self.minutesWithData = minutesWithData
        self.isMostlyPrior = isMostlyPrior
    }
}

/// What a baseline assumes before there is data: typical rates and how many attempts they weigh.
///
/// The baseline is `(observed + prior·weight) ÷ (attempts + weight)`, a beta-binomial posterior
/// mean: a fresh series starts at the prior and moves to its own level as attempts accumulate.
public struct RatePrior: Sendable, Equatable, Codable {
    /// A healthy list: ~2 % of attempts hit invalid or full mailboxes.
    public var addressFailureRate: Double
    public var bounceRate: Double
    public var deferralRate: Double
    /// Pseudo-attempts the prior is worth.
    public var weight: Double

    public init(addressFailureRate: Double = 0.02, bounceRate: Double = 0.02, deferralRate: Double = 0.02,
                weight: Double = 200) {
        self.addressFailureRate = addressFailureRate
        self.bounceRate = bounceRate
        self.deferralRate = deferralRate
        self.weight = weight
    }

    public static let `default` = RatePrior()
}

/// Which rate a trend or chart follows.
public enum RateMetric: String, Sendable, Codable, CaseIterable {
    case bounce
    case deferral
    case addressFailure = "address-failure"
}

/// Direction of a rate: the last 5 minutes against the 15 before them.
public enum Trend: String, Sendable, Codable, CaseIterable {
    case up
    case down
    case flat
}
