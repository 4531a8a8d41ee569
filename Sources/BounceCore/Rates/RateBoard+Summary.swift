/// The per-refresh view of the board that the console and the metrics exporter share.
extension RateBoard {
    /// Every provider in display order (the built-in ones, then `extraProviders` that have data),
    /// each Apple group right under `apple`, as of `minute`.
    ///
    /// The elevated rule, in one place: a provider is elevated while it has an open incident or a
    /// sender-wide incident is open; an Apple group is elevated when Apple is and the group itself
    /// carries it (≥ 10 attempts in the last 5 minutes at a bounce rate of at least twice its
    /// baseline and 2 points above it), so `me.com` is not flagged for `icloud.com`'s trouble.
    public func summaries(at minute: Int, extraProviders: [String] = [], incidents: [IncidentRecord]) -> [SeriesRates] {
        let open = incidents.filter { $0.closedAt == nil }
        let providers = RateBoard.providerOrder + extraProviders.filter {
            !RateBoard.providerOrder.contains($0) && contains(series: $0)
        }
        var out: [SeriesRates] = []
        for p in providers {
            let elevated = open.contains { $0.provider == p || $0.kind == .senderWide }
            out.append(summary(series: p, provider: p, isAppleGroup: false, at: minute, incidents: incidents, elevated: elevated))
            guard p == Provider.appleName else { continue }
            for g in RateBoard.appleGroups {
                var s = summary(series: g, provider: p, isAppleGroup: true, at: minute, incidents: incidents, elevated: false)
                if elevated, let w = s.windows[.m5], w.attempts >= 10,
                   w.bounceRate >= max(2 * s.baselineRate, s.baselineRate + 0.02) { s.elevated = true }
                out.append(s)
            }
        }
        return out
    }

    private func summary(series: String, provider: String, isAppleGroup: Bool, at minute: Int,
                         incidents: [IncidentRecord], elevated: Bool) -> SeriesRates {
        let trend = trend(series: series, endingAt: minute)
        var windows: [RateSpan: WindowRates] = [:]
        for span in RateSpan.allCases {
            let r = window(series: series, minutes: span.minutes, endingAt: minute)
            windows[span] = WindowRates(attempts: r.attempts, bounceRate: r.bounceRate, deferralRate: r.deferralRate, trend: trend)
        }
        // The baseline leaves out this provider's incidents, so a long incident does not become normal.
        let excluded = incidents.filter { $0.provider == provider || $0.kind == .senderWide }
            .map { ($0.startedAt / 60)...max($0.startedAt / 60, ($0.closedAt ?? minute * 60) / 60) }
        let baselineRate = baseline(series: series, endingAt: minute, excluding: excluded).bounceRate
        let history: [Double?] = history(series: series, minutes: 60, endingAt: minute).map { p in
            p.delivered + p.bounced > 0 ? p.bounceRate : (p.attempts > 0 ? 0 : nil)
        }
        return SeriesRates(series: series, provider: provider, isAppleGroup: isAppleGroup, windows: windows,
                           baselineRate: baselineRate, history: history, elevated: elevated)
    }
}
