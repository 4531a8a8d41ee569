import Foundation

/// Upper tail of the binomial distribution, in log space: how surprising `k` failures of `n`
/// attempts are when the normal failure rate is `p`.
///
/// Computed as a log-sum-exp of the terms `ln C(n,i) + i·ln p + (n−i)·ln(1−p)` for `i ≥ k`,
/// stepping from one term to the next by the ratio `(n−i)/(i+1) · p/(1−p)` and stopping once the
/// remaining terms cannot matter. Exact where doubles would underflow (a p-value of 1e-300 is
/// `≈ −690.8`, not 0).
///
/// ```swift
/// BinomialTail.logUpperTail(successes: 22, trials: 200, probability: 0.02) // ≈ −22.6 (p ≈ 1.5e-10)
/// ```
public enum BinomialTail {
    /// `ln P(X ≥ k)` for `X ~ Binomial(n, p)`; 0 for `k ≤ 0`, `-infinity` for `k > n`.
    public static func logUpperTail(successes k: Int, trials n: Int, probability p: Double) -> Double {
        if k <= 0 { return 0 }
        if k > n || p <= 0 { return -.infinity }
        if p >= 1 { return 0 }
        let lp = log(p), lq = log1p(-p)
        let logOdds = lp - lq
        let mean = Double(n) * p
        var term = logChoose(n, k) + Double(k) * lp + Double(n - k) * lq
        var maxTerm = term
        var scaled = 1.0  // Σ exp(term − maxTerm)
        var i = k
        while i < n {
            term += log(Double(n - i) / Double(i + 1)) + logOdds
            i += 1
            if term > maxTerm {
                scaled = scaled * exp(maxTerm - term) + 1
                maxTerm = term
            } else {
                scaled += exp(term - maxTerm)
                // Past the mode the terms shrink at least geometrically: e^-50 of the largest
                // term cannot change a double.
                if Double(i) > mean, term < maxTerm - 50 { break }
            }
        }
        return min(0, maxTerm + log(scaled))
    }

    /// `P(X ≥ k)` (may underflow to 0; prefer `logUpperTail` for thresholds).
    public static func upperTail(successes k: Int, trials n: Int, probability p: Double) -> Double {
        exp(logUpperTail(successes: k, trials: n, probability: p))
    }

    /// `ln C(n, k)`.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
    }
}
