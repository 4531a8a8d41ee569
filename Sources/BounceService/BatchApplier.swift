import BounceCore
import BounceStore

/// Applies a batch of analysed events inside one write transaction: counters, known-good
/// deliveries and hold/suppress decisions (PRODUCT §5–§6). Runs with the transaction's view of
/// every address, so a concurrent operator release is never overwritten by a stale decision.
public struct BatchApplier {
    public var policy: RetryPolicy
    /// Who engine decisions are attributed to in the audit trail.
    public static let engineActor = "engine"

    public init(policy: RetryPolicy = RetryPolicy()) {
        self.policy = policy
    }

    /// What one batch changed, for progress output and tests.
    public struct Summary: Sendable, Equatable {
        public var events = 0
        public var held = 0
        public var suppressed = 0
        public init() {}
    }

    /// Writes `events` (in log order). `incidents` are the provider incidents known so far.
    public func apply(_ events: [AnalyzedEvent], incidents: [RetryPolicy.IncidentSpan], in tx: StoreTransaction) throws -> Summary {
        var summary = Summary()
        var counters: [CounterKey: Int] = [:]
        var deliveries: [Int64: Int] = [:]
        for a in events {
            summary.events += 1
            counters[a.counterKey, default: 0] += 1
            if a.event.outcome == .delivered {
                let h = AddressHash.of(a.address)
                if deliveries[h].map({ $0 < a.time }) ?? true { deliveries[h] = a.time }
                continue
            }
            guard a.needsDecision, let verdict = a.verdict else { continue }
            let hash = AddressHash.of(a.address)
            let stored = try tx.lastDelivery(hash: hash)
            let inBatch = deliveries[hash]
            let lastDelivered = [stored, inBatch].compactMap { $0 }.filter { $0 <= a.time }.max()
            let change = try decide(a, verdict: verdict, lastDelivered: lastDelivered, incidents: incidents, tx: tx)
            if change == .held { summary.held += 1 }
            if change == .suppressed { summary.suppressed += 1 }
        }
        try tx.addCounters(counters)
        try tx.recordDeliveries(deliveries)
        return summary
    }

    /// Updates one address for a new address-scope bounce; returns the new state if it changed.
    func decide(_ a: AnalyzedEvent, verdict: Verdict, lastDelivered: Int?, incidents: [RetryPolicy.IncidentSpan],
                tx: StoreTransaction) throws -> RetryState? {
        let e = a.event
        let existing = try tx.retryItem(address: a.address)
        var item = existing ?? RetryItem(
            address: a.address, domain: e.recipientDomain, provider: a.provider, state: .suppressed,
            reason: verdict.reason, status: verdict.status, replyCode: verdict.code, lastReply: e.diagnostic,
            firstBounceAt: a.time, lastBounceAt: a.time, bounces: 0, lastDeliveredAt: nil, incidentID: nil,
            evidence: .noEvidence, stateSince: a.time, updatedBy: Self.engineActor, updatedAt: a.time)
        item.bounces += 1
        item.firstBounceAt = min(item.firstBounceAt, a.time)
        if a.time >= item.lastBounceAt || existing == nil {
            item.lastBounceAt = a.time
            item.reason = verdict.reason
            item.status = verdict.status
            item.replyCode = verdict.code
            item.lastReply = e.diagnostic
        }
        if let lastDelivered { item.lastDeliveredAt = max(item.lastDeliveredAt ?? lastDelivered, lastDelivered) }

        // Held items stay held until released or expired; everything else is decided afresh.
        var newState: RetryState?
        if existing?.state != .held {
            let d = policy.decide(provider: a.provider, reason: verdict.reason, time: a.time,
                                  lastDelivered: lastDelivered, incidents: incidents)
            if existing == nil || existing?.state != d.state || existing?.state == .released {
                newState = d.state
                try tx.audit(address: a.address, from: existing?.state, to: d.state, by: Self.engineActor,
                             evidence: d.evidence, incidentID: d.incidentID, at: a.time)
                item.state = d.state
                item.evidence = d.evidence
                item.stateSince = a.time
                item.incidentID = d.incidentID ?? (d.state == .held ? item.incidentID : nil)
                item.updatedBy = Self.engineActor
                item.updatedAt = a.time
            }
        }
        try tx.saveRetryItem(item)
        return newState
    }
}
