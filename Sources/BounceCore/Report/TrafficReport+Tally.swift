extension TrafficReport {
    /// Summed counter cells folded into a report's totals, providers and domains — the same way
    /// by every storage backend, so their reports compare equal, order included.
    public struct Tally: Sendable {
        private struct DomainKey: Hashable { var domain: String; var provider: String }
        private var totals = TrafficCounts()
        private var byProvider: [String: TrafficCounts] = [:]
        private var byDomain: [DomainKey: TrafficCounts] = [:]

        public init() {}

        /// Adds one summed cell (a stored `outcome`/`reason` pair, `reason` nil for deliveries).
        public mutating func add(domain: String, provider: String, outcome: Outcome, reason: BounceReason?, count n: Int) {
            totals.add(outcome: outcome, reason: reason, count: n)
            byProvider[provider, default: TrafficCounts()].add(outcome: outcome, reason: reason, count: n)
            byDomain[DomainKey(domain: domain, provider: provider), default: TrafficCounts()].add(outcome: outcome, reason: reason, count: n)
        }

        /// Sets `r`'s totals, providers and domains: most attempts first, then by name (and a
        /// domain seen under two providers, by provider), so ties never depend on hash order.
        public func fill(_ r: inout TrafficReport) {
            r.totals = totals
            r.providers = byProvider.map { ($0.key, $0.value) }
                .sorted { $0.counts.attempts != $1.counts.attempts ? $0.counts.attempts > $1.counts.attempts : $0.provider < $1.provider }
            r.domains = byDomain.map { ($0.key.domain, $0.key.provider, $0.value) }
                .sorted {
                    if $0.counts.attempts != $1.counts.attempts { return $0.counts.attempts > $1.counts.attempts }
                    return $0.domain != $1.domain ? $0.domain < $1.domain : $0.provider < $1.provider
                }
        }
    }
}
