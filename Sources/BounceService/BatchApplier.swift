import BounceCore
import Foundation

/// Applies a batch of analysed events inside one write transaction: counters, known-good
/// deliveries and hold/suppress decisions (docs/ARCHITECTURE.md, "A log line's path to the
/// screen" step 4; docs/DECISIONS.md, "Retry queue"). Runs with the transaction's view of every
/// address, so a concurrent operator release is never overwritten by a stale decision.
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
        /// Held items that delivered again and left the queue.
        public var recovered = 0
        /// Incidents this batch opened or closed, in log order, with their held counts as of
        /// the commit (`host` is left for the hook runner to fill). They fire hooks only after
        /// the transaction commits, so a rolled-back batch pages nobody.
        public var notices: [IncidentNotice] = []
        /// The counter cells this batch added (provider, outcome and reason per minute and domain).
        public var counters: [CounterKey: Int] = [:]
        /// Event time of the newest event in the batch.
        public var newestEventTime: Int?
        public init() {}
    }

    /// Writes analysed events and detector events in log order. Incidents known to the store
    /// plus those opened in this batch decide holds.
    public func apply(_ items: [BatchItem], in tx: any StorageTransaction) throws -> Summary {
        var spans = try tx.incidents().filter { $0.kind == .provider }.reversed()
            .map { RetryPolicy.IncidentSpan(id: $0.id, provider: $0.provider, startedAt: $0.startedAt, closedAt: $0.closedAt) }
        return try apply(items, spans: &spans, in: tx)
    }

    /// Writes `events` (in log order) with a fixed set of incidents (tests, simple callers).
    public func apply(_ events: [AnalyzedEvent], incidents: [RetryPolicy.IncidentSpan], in tx: any StorageTransaction) throws -> Summary {
        var spans = incidents
        return try apply(events.map(BatchItem.event), spans: &spans, in: tx)
    }

    func apply(_ items: [BatchItem], spans: inout [RetryPolicy.IncidentSpan], in tx: any StorageTransaction) throws -> Summary {
        var summary = Summary()
        var counters: [CounterKey: Int] = [:]
        var deliveries: [Int64: Int] = [:]
        // Every delivery of the batch in log order: a hold recovers at the first delivery after
        // its last bounce, and `deliveries` keeps only the latest (what known-good needs).
        var deliveryLog: [(hash: Int64, time: Int)] = []
        var newest: Int?
        // The addresses this batch decides on, read in bulk up front; decisions update the copy
        // and it is written back once (`QueueView`). Stored deliveries do not change before the
        // batch records its own at the end, so they are read once too.
        var view = try QueueView(prefetching: items, in: tx)
        for item in items {
            let a: AnalyzedEvent
            switch item {
            case let .detector(d):
                // A detector event moves rows in SQL: the view is written back first and read
                // afresh (address by address) afterwards.
                try view.flush(to: tx, invalidate: true)
                try record(d, spans: &spans, summary: &summary, in: tx)
                continue
            case let .delivered(key, hash, time):
                newest = max(newest ?? time, time)
                summary.events += 1
                counters[key, default: 0] += 1
                if deliveries[hash].map({ $0 < time }) ?? true { deliveries[hash] = time }
                deliveryLog.append((hash, time))
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
                deliveryLog.append((h, a.time))
                continue
            }
            guard a.needsDecision, let verdict = a.verdict else { continue }
            let hash = AddressHash.of(a.address)
            let stored = try view.lastDelivery(hash, in: tx)
            let inBatch = deliveries[hash]
            let lastDelivered = [stored, inBatch].compactMap { $0 }.filter { $0 <= a.time }.max()
            let change = try decide(a, verdict: verdict, lastDelivered: lastDelivered, incidents: spans, view: &view, tx: tx)
            if change == .held { summary.held += 1 }
            if change == .suppressed { summary.suppressed += 1 }
        }
        try view.flush(to: tx, invalidate: true)
        try tx.addCounters(counters)
        summary.counters = counters
        summary.newestEventTime = newest
        try tx.recordDeliveries(deliveries)
        summary.recovered = try recover(deliveryLog: deliveryLog, stored: view.storedDeliveries, in: tx)
        if let newest {
            summary.suppressed += try endProbations(asOf: newest, spans: spans, in: tx)
            summary.expired = try expireHolds(asOf: newest, in: tx)
        }
        if let newest { try tx.applyRetention(retention, knownGoodWindow: policy.knownGoodWindow, asOf: newest) }
        if !summary.notices.isEmpty {
            let held = try tx.heldCountsByIncident()
            for k in summary.notices.indices { summary.notices[k].held = held[summary.notices[k].incident.id] ?? 0 }
        }
        return summary
    }

    /// Held items whose hold began more than the hold limit before `now` (event time, so a
    /// replayed log expires exactly as it did live) become `expired`.
    func expireHolds(asOf now: Int, in tx: any StorageTransaction) throws -> Int {
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
                in tx: any StorageTransaction) throws {
        let i = d.incident
        try tx.saveIncident(IncidentRecord(i), peakAt: i.peakAt)
        let who = i.kind == .senderWide ? "sender-wide" : i.provider
        let reasons = i.reasons.map(\.rawValue).joined(separator: ", ")
        let rates = String(format: "%.1f%% vs baseline %.1f%%", i.peakRate * 100, i.baselineRate * 100)
        var text: String
        switch d {
        case .opened:
            summary.incidentsOpened += 1
            summary.notices.append(IncidentNotice(event: .opened, incident: i, held: 0, host: ""))
            text = "\(who) incident opened: \(reasons), \((i.failureClass ?? .address).label) rate \(rates); estimated start \(ExportWriter.iso(i.startedAt))"
            if i.kind == .senderWide { text += " — not a provider problem, no holds" }
            if i.kind == .provider {
                spans.append(RetryPolicy.IncidentSpan(id: i.id, provider: i.provider, startedAt: i.startedAt, closedAt: nil))
                let since = i.startedAt - policy.linkMargin
                let moved = try tx.transition(addresses: try tx.suppressedSince(provider: i.provider, since: since),
                                              from: [.suppressed], to: .held, by: Self.engineActor,
                                              evidence: .incidentReevaluation, incidentID: i.id, at: i.detectedAt)
                summary.held += moved.count
                if !moved.isEmpty { text += "; moved \(moved.count) suppressed address(es) to held" }
                let linked = try tx.linkHolds(provider: i.provider, since: since, incidentID: i.id)
                if linked > 0 { text += "; linked \(linked) held address(es) to it" }
            }
        case .peak:
            text = "\(who) peak: \(rates)"
        case .closed:
            summary.notices.append(IncidentNotice(event: .closed, incident: i, held: 0, host: ""))
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
                view: inout QueueView, tx: any StorageTransaction) throws -> RetryState? {
        let e = a.event
        let existing = try view.item(a.address, in: tx)
        if let existing, policy.endsProbation(existing, verdict: verdict, time: a.time, incidents: incidents) {
            var item = existing
            record(bounce: a, verdict: verdict, lastDelivered: lastDelivered, into: &item)
            view.audit(AuditEntry(at: a.time, address: a.address, from: .held, to: .suppressed, by: Self.engineActor,
                                  evidence: .repeatHardBounce, incidentID: nil, note: nil))
            item.state = .suppressed
            item.evidence = .repeatHardBounce
            item.stateSince = a.time
            item.updatedBy = Self.engineActor
            item.updatedAt = a.time
            view.save(item)
            return .suppressed
        }
        var item = existing ?? RetryItem(
            address: a.address, domain: e.recipientDomain, provider: a.provider, state: .suppressed,
            reason: verdict.reason, status: verdict.status, replyCode: verdict.code, lastReply: e.diagnostic,
            firstBounceAt: a.time, lastBounceAt: a.time, bounces: 0, lastDeliveredAt: nil, incidentID: nil,
            evidence: .noEvidence, stateSince: a.time, updatedBy: Self.engineActor, updatedAt: a.time)
        record(bounce: a, verdict: verdict, lastDelivered: lastDelivered, into: &item)

        // Held items stay held until released, expired or out of probation (above), and are
        // linked to any incident of their provider that covers this bounce, whatever evidence
        // they were held on; everything else is decided afresh.
        var newState: RetryState?
        if existing?.state == .held, item.incidentID == nil,
           let hit = policy.covering(provider: a.provider, time: a.time, incidents: incidents) {
            item.incidentID = hit.id
        }
        if existing?.state != .held {
            // Known-good evidence is spent once probation ended: only a delivery after that
            // suppression makes the address known-good again.
            let spent = existing.map { $0.state == .suppressed && [.repeatHardBounce, .probationEnded].contains($0.evidence)
                && (lastDelivered ?? .min) <= $0.stateSince } ?? false
            let d = policy.decide(provider: a.provider, reason: verdict.reason, time: a.time,
                                  lastDelivered: spent ? nil : lastDelivered, incidents: incidents)
            if existing == nil || existing?.state != d.state || existing?.state == .released {
                newState = d.state
                view.audit(AuditEntry(at: a.time, address: a.address, from: existing?.state, to: d.state, by: Self.engineActor,
                                      evidence: d.evidence, incidentID: d.incidentID, note: nil))
                item.state = d.state
                item.evidence = d.evidence
                item.stateSince = a.time
                item.incidentID = d.incidentID ?? (d.state == .held ? item.incidentID : nil)
                item.updatedBy = Self.engineActor
                item.updatedAt = a.time
            }
        }
        view.save(item)
        return newState
    }

    /// Adds one bounce to an item's counts and, when it is the newest, its last reply.
    func record(bounce a: AnalyzedEvent, verdict: Verdict, lastDelivered: Int?, into item: inout RetryItem) {
        item.bounces += 1
        item.firstBounceAt = min(item.firstBounceAt, a.time)
        if a.time >= item.lastBounceAt {
            item.lastBounceAt = a.time
            item.reason = verdict.reason
            item.status = verdict.status
            item.replyCode = verdict.code
            item.lastReply = a.event.diagnostic
        }
        if let lastDelivered { item.lastDeliveredAt = max(item.lastDeliveredAt ?? lastDelivered, lastDelivered) }
    }

    /// Held items that delivered after their last bounce leave the queue: released by the
    /// engine, evidence `recovered`, at the first such delivery (no release effects run: the mail
    /// already got through). The batch's deliveries come in log order; `stored` are the latest
    /// stored deliveries of the addresses the batch decided on, for a delivery logged before an
    /// earlier-timed bounce (an asynchronous bounce, a late DSN) in an earlier batch. Taking the
    /// first delivery, not the batch's latest, keeps the outcome independent of where batch
    /// boundaries fall, which a restart or a slower commit moves.
    func recover(deliveryLog: [(hash: Int64, time: Int)], stored: [Int64: Int], in tx: any StorageTransaction) throws -> Int {
        var hashes = Set(stored.keys)
        for d in deliveryLog { hashes.insert(d.hash) }
        guard !hashes.isEmpty else { return 0 }
        let held = try tx.heldItems(hashes: Array(hashes))
        guard !held.isEmpty else { return 0 }
        var lastBounce: [Int64: Int] = [:]
        for h in held { lastBounce[h.hash] = min(lastBounce[h.hash] ?? h.lastBounceAt, h.lastBounceAt) }
        var first: [Int64: Int] = [:]
        for d in deliveryLog {
            if let b = lastBounce[d.hash], d.time > b, first[d.hash].map({ d.time < $0 }) ?? true { first[d.hash] = d.time }
        }
        var recovered: [String: Int] = [:]
        for h in held {
            let inBatch = deliveryLog.isEmpty ? nil : first[h.hash].flatMap { $0 > h.lastBounceAt ? $0 : nil }
            let before = stored[h.hash].flatMap { $0 > h.lastBounceAt ? $0 : nil }
            if let at = [inBatch, before].compactMap({ $0 }).min() { recovered[h.address] = at }
        }
        var count = 0
        for (address, at) in recovered.sorted(by: { $0.key < $1.key }) {
            count += try tx.transition(addresses: [address], from: [.held], to: .released, by: Self.engineActor,
                                       evidence: .recovered, at: at).count
        }
        return count
    }

    /// Known-good holds whose probation ran out by `now` with no incident of their provider
    /// covering the bounce become `suppressed` ("probation ended"). A bounce inside a
    /// sender-wide incident keeps its hold: a reputation window can reject valid mailboxes with
    /// address-scope words, and those addresses must not be suppressed for it.
    func endProbations(asOf now: Int, spans: [RetryPolicy.IncidentSpan], in tx: any StorageTransaction) throws -> Int {
        guard policy.probationPeriod > 0 else { return 0 }
        let due = try tx.unlinkedHolds(evidence: .knownGood, bouncedBefore: now - policy.probationPeriod)
        guard !due.isEmpty else { return 0 }
        let wide = try tx.incidents().filter { $0.kind == .senderWide }
            .map { RetryPolicy.IncidentSpan(id: $0.id, provider: $0.provider, startedAt: $0.startedAt, closedAt: $0.closedAt) }
        // The sender-wide window itself, without the grace period: once the reputation trouble is
        // over, a 5.1.1 is a 5.1.1 again.
        let ended = due.filter { d in
            policy.covering(provider: d.provider, time: d.lastBounceAt, incidents: spans) == nil
                && !wide.contains { d.lastBounceAt >= $0.startedAt && d.lastBounceAt < ($0.closedAt ?? .max) }
        }
        var count = 0
        for d in ended {
            count += try tx.transition(addresses: [d.address], from: [.held], to: .suppressed, by: Self.engineActor,
                                       evidence: .probationEnded, at: d.lastBounceAt + policy.probationPeriod).count
        }
        return count
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
        self.init(id: i.id, provider: i.provider, kind: i.kind, reasons: i.reasons, startedAt: i.startedAt,
                  detectedAt: i.detectedAt, closedAt: i.closedAt, peakRate: i.peakRate, baselineRate: i.baselineRate)
    }
}
