import BounceCore
import BounceStore

/// Applies a batch of analysed events inside one write transaction: counters, known-good
/// deliveries and hold/suppress decisions (PRODUCT §5–§6). Runs with the transaction's view of
/// every address, so a concurrent operator release is never overwritten by a stale decision.
public struct BatchApplier: Sendable {
    public var policy: RetryPolicy
    /// What old data each batch prunes (`[retention]`).
    public var retention = RetentionPolicy()
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
        public var incidentsOpened = 0
        public var expired = 0
        public init() {}
    }

    /// Writes analysed events and detector events in log order. Incidents known to the store
    /// plus those opened in this batch decide holds.
    public func apply(_ items: [BatchItem], in tx: StoreTransaction) throws -> Summary {
        var spans = try tx.incidents().filter { $0.kind == IncidentKind.provider.rawValue }.reversed()
            .map { RetryPolicy.IncidentSpan(id: $0.id, provider: $0.provider, startedAt: $0.startedAt, closedAt: $0.closedAt) }
        return try apply(items, spans: &spans, in: tx)
    }

    /// Writes `events` (in log order) with a fixed set of incidents (tests, simple callers).
    public func apply(_ events: [AnalyzedEvent], incidents: [RetryPolicy.IncidentSpan], in tx: StoreTransaction) throws -> Summary {
        var spans = incidents
        return try apply(events.map(BatchItem.event), spans: &spans, in: tx)
    }

    func apply(_ items: [BatchItem], spans: inout [RetryPolicy.IncidentSpan], in tx: StoreTransaction) throws -> Summary {
        var summary = Summary()
        var counters: [CounterKey: Int] = [:]
        var deliveries: [Int64: Int] = [:]
        var newest: Int?
        for item in items {
            let a: AnalyzedEvent
            switch item {
            case let .detector(d):
                try record(d, spans: &spans, summary: &summary, in: tx)
                continue
            case let .delivered(key, hash, time):
                newest = max(newest ?? time, time)
                summary.events += 1
                counters[key, default: 0] += 1
                if deliveries[hash].map({ $0 < time }) ?? true { deliveries[hash] = time }
                continue
            case let .event(e):
                a = e
            }
            summary.events += 1
            newest = max(newest ?? a.time, a.time)
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
            let change = try decide(a, verdict: verdict, lastDelivered: lastDelivered, incidents: spans, tx: tx)
            if change == .held { summary.held += 1 }
            if change == .suppressed { summary.suppressed += 1 }
        }
        try tx.addCounters(counters)
        try tx.recordDeliveries(deliveries)
        if let newest { summary.expired = try expireHolds(asOf: newest, in: tx) }
        if let newest { try tx.applyRetention(retention, knownGoodWindow: policy.knownGoodWindow, asOf: newest) }
        return summary
    }

    /// Held items whose hold began more than the hold limit before `now` (event time, so a
    /// replayed log expires exactly as it did live) become `expired`.
    func expireHolds(asOf now: Int, in tx: StoreTransaction) throws -> Int {
        let due = try tx.heldBefore(now - policy.holdLimit)
        guard !due.isEmpty else { return 0 }
        let changed = try tx.transition(addresses: due, from: [.held], to: .expired, by: Self.engineActor,
                                        evidence: .holdLimit, at: now)
        if !changed.isEmpty {
            try tx.addTimeline(TimelineEntry(at: now, incidentID: nil, kind: .bulk, by: Self.engineActor,
                                             text: "expired \(changed.count) held address(es) past the hold limit"))
        }
        return changed.count
    }

    /// Stores a detector event: the incident row, a timeline entry, and — when a provider
    /// incident opens — moves engine-suppressed bounces since its estimated start to held.
    func record(_ d: DetectorEvent, spans: inout [RetryPolicy.IncidentSpan], summary: inout Summary,
                in tx: StoreTransaction) throws {
        let i = d.incident
        try tx.saveIncident(IncidentRecord(i), peakAt: i.peakAt)
        let who = i.kind == .senderWide ? "sender-wide" : i.provider
        let reasons = i.reasons.map(\.rawValue).joined(separator: ", ")
        let rates = String(format: "%.1f%% vs baseline %.1f%%", i.peakRate * 100, i.baselineRate * 100)
        var text: String
        switch d {
        case .opened:
            summary.incidentsOpened += 1
            text = "\(who) incident opened: \(reasons), address-failure rate \(rates); estimated start \(ExportWriter.iso(i.startedAt))"
            if i.kind == .senderWide { text += " — not a provider problem, no holds" }
            if i.kind == .provider {
                spans.append(RetryPolicy.IncidentSpan(id: i.id, provider: i.provider, startedAt: i.startedAt, closedAt: nil))
                let moved = try tx.transition(addresses: try tx.suppressedSince(provider: i.provider, since: i.startedAt),
                                              from: [.suppressed], to: .held, by: Self.engineActor,
                                              evidence: .incidentReevaluation, incidentID: i.id, at: i.detectedAt)
                summary.held += moved.count
                if !moved.isEmpty { text += "; moved \(moved.count) suppressed address(es) to held" }
            }
        case .peak:
            text = "\(who) peak: \(rates)"
        case .closed:
            if let k = spans.lastIndex(where: { $0.id == i.id }) { spans[k].closedAt = i.closedAt }
            let minutes = ((i.closedAt ?? i.detectedAt) - i.startedAt) / 60
            text = "\(who) incident closed after \(minutes) min (peak \(String(format: "%.1f%%", i.peakRate * 100)))"
        }
        let at: Int = switch d {
        case .opened: i.detectedAt
        case .peak: i.peakAt
        case .closed: i.closedAt ?? i.detectedAt
        }
        try tx.addTimeline(TimelineEntry(at: at, incidentID: i.id, kind: .detector, by: "detector", text: text))
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

/// One item of an ingest batch, in log order.
public enum BatchItem: Sendable {
    indirect case event(AnalyzedEvent)
    /// A successful delivery, reduced to what is stored (most lines of a log): its counter
    /// cell, the address hash (known-good evidence) and the time.
    case delivered(CounterKey, hash: Int64, time: Int)
    case detector(DetectorEvent)
}

extension IncidentRecord {
    /// The stored form of a detector incident.
    public init(_ i: Incident) {
        self.init(id: i.id, provider: i.provider, kind: i.kind.rawValue, reasons: i.reasons, startedAt: i.startedAt,
                  detectedAt: i.detectedAt, closedAt: i.closedAt, peakRate: i.peakRate, baselineRate: i.baselineRate)
    }
}
