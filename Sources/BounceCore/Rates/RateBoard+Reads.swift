/// Windows, history, baselines and trends (incident detector and console rates pane).
extension RateBoard {
    /// Counts and rates of `series` over the `minutes` minutes ending at `minute` (inclusive),
    /// typically 5, 15 or 60.
    public func window(series: String, minutes: Int, endingAt minute: Int) -> RateWindow {
        let span = max(1, minutes)
        let first = minute - span + 1
        let t = tally(series: series, from: first, through: minute, withReasons: true)
        var reasons: [BounceReason: Int] = [:]
        for (i, r) in BounceReason.allCases.enumerated() where i < t.reasons.count && t.reasons[i] > 0 {
            reasons[r] = t.reasons[i]
        }
        return RateWindow(series: series, startMinute: first, endMinute: minute, delivered: t.delivered,
                          deferred: t.deferred, bounced: t.bounced, addressFailures: t.addressFailures,
                          reasons: reasons)
    }

    /// One point per minute for the `minutes` minutes ending at `minute`, oldest first; minutes
    /// without data are points with zero volume, so the array always has `minutes` elements.
    public func history(series: String, minutes: Int = 60, endingAt minute: Int) -> [RatePoint] {
        let span = max(0, minutes)
        guard span > 0 else { return [] }
        let ring = rings[series]
        return (0..<span).map { i in
            let m = minute - span + 1 + i
            guard let ring, let b = ring.base(of: m) else { return RatePoint(minute: m) }
            return RatePoint(minute: m, delivered: ring.counters[b + SeriesRing.delivered],
                             deferred: ring.counters[b + SeriesRing.deferred],
                             bounced: ring.counters[b + SeriesRing.bounced],
                             addressFailures: ring.counters[b + SeriesRing.addressFailures])
        }
    }

    /// The series' own normal rates: the `span` minutes (default 6 h) that end `excludingRecent`
    /// minutes (default 15) before `minute`, skipping minutes inside `excluding` (e.g. incidents),
    /// shrunk towards `prior` so a series with little data starts from a sensible level.
    ///
    /// The recent minutes are left out so a spike cannot raise the baseline it is compared with
    /// before it is detected; 15 covers the 5-minute window and a detection lag.
    public func baseline(series: String, endingAt minute: Int, span: Int = 360, excludingRecent: Int = 15,
                         excluding: [ClosedRange<Int>] = [], prior: RatePrior = .default) -> RateBaseline {
        let last = minute - max(0, excludingRecent)
        let first = last - max(1, span) + 1
        let t = tally(series: series, from: first, through: last, excluding: excluding)
        return RateBoard.baseline(from: t, prior: prior)
    }

    static func baseline(from t: Tally, prior: RatePrior) -> RateBaseline {
        let w = max(0, prior.weight)
        func shrink(_ part: Int, _ whole: Int, _ p: Double) -> Double {
            let denominator = Double(whole) + w
            return denominator > 0 ? (Double(part) + p * w) / denominator : p
        }
        return RateBaseline(
            addressFailureRate: shrink(t.addressFailures, t.attempts, prior.addressFailureRate),
            bounceRate: shrink(t.bounced, t.delivered + t.bounced, prior.bounceRate),
            deferralRate: shrink(t.deferred, t.attempts, prior.deferralRate),
            attempts: t.attempts, minutesWithData: t.minutesWithData, isMostlyPrior: Double(t.attempts) < w
        )
    }

    /// Up, down or flat: the last 5 minutes against the 15 before them.
    ///
    /// A change counts only when it is at least one percentage point, at least a quarter of the
    /// older rate, and beyond two standard errors of the difference, so noise at low volume
    /// stays flat.
    public func trend(series: String, endingAt minute: Int, metric: RateMetric = .bounce) -> Trend {
        let recent = tally(series: series, from: minute - 4, through: minute)
        let before = tally(series: series, from: minute - 19, through: minute - 5)
        func parts(_ t: Tally) -> (Int, Int) {
            switch metric {
            case .bounce: return (t.bounced, t.delivered + t.bounced)
            case .deferral: return (t.deferred, t.attempts)
            case .addressFailure: return (t.addressFailures, t.attempts)
            }
        }
        let (k1, n1) = parts(recent), (k0, n0) = parts(before)
        guard n1 >= 10, n0 >= 10 else { return .flat }
        let r1 = Double(k1) / Double(n1), r0 = Double(k0) / Double(n0)
        let diff = r1 - r0
        let pooled = Double(k0 + k1) / Double(n0 + n1)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n0))).squareRoot()
        guard abs(diff) >= 0.01, abs(diff) >= 0.25 * r0, abs(diff) > 2 * se else { return .flat }
        return diff > 0 ? .up : .down
    }
}
