import BounceCore
import BounceStore
import Foundation

/// Fills a database with a realistic, seeded console workload for the benchmarks: `queueRows`
/// retry-queue addresses (Apple-heavy, with the reasons and replies each provider sends), the
/// incidents they were held for, `timelineEntries` timeline entries (detector events, operator
/// notes, bulk releases and expiries) and six hours of per-minute counters so the rates pane has
/// a chart. Everything goes through the store's public API in ONE write transaction: seeding
/// 100,000 rows takes seconds, where 10,000 `bouncewatch note` runs would take minutes.
///
/// The states follow the engine's rules (held for an open incident, mailbox-full or known-good;
/// suppressed without evidence; expired past the hold limit; released by an operator after an
/// incident closed), so the queue pane's state filters see realistic proportions.
struct BenchSeeder {
    var queueRows = 100_000
    var timelineEntries = 10_000
    var seed: UInt64 = 1
    /// The newest minute of traffic (epoch seconds, a minute boundary): the console's "now".
    var end = 1_700_006_400
    /// How far back the queue and the timeline reach.
    var days = 30

    /// What was written, for the one-line summary.
    struct Summary {
        var states: [RetryState: Int] = [:]
        var incidents = 0
        var timeline = 0
        var counterCells = 0
    }

    private struct Span {
        let record: IncidentRecord
        var end: Int { record.closedAt ?? Int.max }
    }

    func run(store: Store) throws -> Summary {
        var rng = SplitMix64(seed: seed)
        let spans = makeIncidents(&rng)
        var summary = Summary()
        let policy = RetryPolicy()
        try store.write { tx in
            for s in spans { try tx.saveIncident(s.record, peakAt: s.record.detectedAt + 600) }
            var releasedPerIncident: [Int: Int] = [:]
            for i in 0..<queueRows {
                let (item, previous) = makeItem(i, spans: spans, policy: policy, rng: &rng)
                try tx.saveRetryItem(item)
                // The audit trail as the engine and operators would have left it.
                let first = previous ?? item.state
                try tx.audit(address: item.address, from: nil, to: first, by: "engine",
                             evidence: previous == nil ? item.evidence : .openIncident, incidentID: item.incidentID,
                             at: item.lastBounceAt)
                if previous != nil {
                    try tx.audit(address: item.address, from: first, to: item.state, by: item.updatedBy,
                                 evidence: item.evidence, incidentID: item.incidentID, at: item.stateSince)
                }
                summary.states[item.state, default: 0] += 1
                if item.state == .released, let id = item.incidentID { releasedPerIncident[id, default: 0] += 1 }
            }
            let entries = makeTimeline(spans: spans, released: releasedPerIncident, rng: &rng)
            for e in entries { try tx.addTimeline(e) }
            let counters = makeCounters(spans: spans, rng: &rng)
            try tx.addCounters(counters)
            summary.incidents = spans.count
            summary.timeline = entries.count
            summary.counterCells = counters.count
        }
        return summary
    }

    // MARK: incidents

    /// Mostly Apple incidents spread over `days` (one in ten sender-wide, one in ten Google); the
    /// newest is an open Apple incident, so the console shows its banner, held counts and samples.
    private func makeIncidents(_ rng: inout SplitMix64) -> [Span] {
        let count = max(1, min(60, timelineEntries / 400))
        let start = end - days * 86400
        let gap = days * 86400 / count
        return (0..<count).map { k in
            let isLast = k == count - 1
            let kind: IncidentKind = k % 10 == 3 && !isLast ? .senderWide : .provider
            let provider = kind == .senderWide ? Incident.senderWideProvider : (k % 10 == 7 && !isLast ? "google" : "apple")
            let minutes = Int.random(in: 20...120, using: &rng)
            let began = isLast ? end - 50 * 60 : start + k * gap + Int.random(in: 0..<(gap / 2), using: &rng) / 60 * 60
            let reasons: [BounceReason] = provider == "apple" ? [.userUnknown, .mailboxFull] : [.userUnknown]
            let record = IncidentRecord(id: k + 1, provider: provider, kind: kind, reasons: reasons,
                                        startedAt: began, detectedAt: began + 5 * 60,
                                        closedAt: isLast ? nil : began + minutes * 60,
                                        peakRate: Double.random(in: 0.12...0.45, using: &rng),
                                        baselineRate: Double.random(in: 0.008...0.02, using: &rng))
            return Span(record: record)
        }
    }

    // MARK: queue

    /// One queue item; `previous` is the state it had before an operator release or expiry.
    private func makeItem(_ i: Int, spans: [Span], policy: RetryPolicy,
                          rng: inout SplitMix64) -> (RetryItem, previous: RetryState?) {
        let domain = Self.pick(BenchVocabulary.domains, weight: \.weight, &rng)
        let reply = Self.pick(BenchVocabulary.replies(provider: domain.provider, domain: domain.name), weight: \.weight, &rng)
        let address = Self.address(i, domain: domain.name, &rng)
        let appleSpans = spans.filter { $0.record.provider == "apple" }
        // Half of Apple's bounces fall inside its incidents: that is what an incident is.
        var t: Int
        var incident: Span?
        if domain.provider == "apple", !appleSpans.isEmpty, Double.random(in: 0..<1, using: &rng) < 0.5 {
            let s = appleSpans.randomElement(using: &rng)!
            t = Int.random(in: s.record.startedAt..<min(s.end, end), using: &rng)
            incident = s
        } else {
            t = end - Int.random(in: 0..<(days * 86400), using: &rng)
            incident = appleSpans.first { domain.provider == "apple" && t >= $0.record.startedAt && t < $0.end }
        }
        let bounces = Int.random(in: 1...4, using: &rng)
        var state = RetryState.suppressed, evidence = HoldEvidence.noEvidence
        var lastDelivered: Int?
        if incident != nil {
            state = .held; evidence = .openIncident
        } else if reply.reason == .mailboxFull {
            state = .held; evidence = .mailboxFull
        } else if Double.random(in: 0..<1, using: &rng) < 0.08 {
            state = .held; evidence = .knownGood
            lastDelivered = t - Int.random(in: 3600..<(20 * 86400), using: &rng)
        }
        var item = RetryItem(
            address: address, domain: domain.name, provider: domain.provider, state: state, reason: reply.reason,
            status: reply.status.flatMap { EnhancedStatus($0) }, replyCode: reply.code,
            lastReply: reply.text.replacingOccurrences(of: "{a}", with: address),
            firstBounceAt: t - (bounces - 1) * Int.random(in: 600...86400, using: &rng), lastBounceAt: t,
            bounces: bounces, lastDeliveredAt: lastDelivered, incidentID: incident?.record.id, evidence: evidence,
            stateSince: t, updatedBy: "engine", updatedAt: t)
        guard state == .held else { return (item, nil) }
        // Operators release most of what a closed incident held; holds nobody acted on expire.
        if let closed = incident?.record.closedAt, Double.random(in: 0..<1, using: &rng) < 0.6 {
            item.state = .released; item.evidence = .operatorAction
            item.stateSince = closed + Int.random(in: 1800..<14400, using: &rng)
            item.updatedBy = BenchVocabulary.operators.randomElement(using: &rng)!
        } else if end - t > policy.holdLimit {
            item.state = .expired; item.evidence = .holdLimit; item.stateSince = t + policy.holdLimit
        } else {
            return (item, nil)
        }
        item.updatedAt = item.stateSince
        return (item, .held)
    }

    /// A unique, plausible address: `first.last.<base36 index>@domain`; private-relay aliases
    /// are random letters, as Apple makes them.
    static func address(_ i: Int, domain: String, _ rng: inout SplitMix64) -> String {
        let tag = String(i, radix: 36)
        if domain == "privaterelay.appleid.com" {
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return String((0..<10).map { _ in letters.randomElement(using: &rng)! }) + tag + "@" + domain
        }
        let first = BenchVocabulary.firstNames.randomElement(using: &rng)!
        let last = BenchVocabulary.lastNames.randomElement(using: &rng)!
        return "\(first).\(last).\(tag)@\(domain)"
    }

    // MARK: timeline

    /// Detector entries and operator notes per incident, then engine expiries and loose notes
    /// until there are exactly `timelineEntries`, oldest first (as ids grow in a real database).
    private func makeTimeline(spans: [Span], released: [Int: Int], rng: inout SplitMix64) -> [TimelineEntry] {
        var out: [TimelineEntry] = []
        for s in spans {
            let r = s.record
            let who = r.kind == .senderWide ? "sender-wide" : r.provider
            let reasons = r.reasons.map(\.rawValue).joined(separator: ", ")
            let rates = String(format: "%.1f%% vs baseline %.1f%%", r.peakRate * 100, r.baselineRate * 100)
            out.append(TimelineEntry(at: r.detectedAt, incidentID: r.id, kind: .detector, by: "detector",
                                     text: "\(who) incident opened: \(reasons), address-failure rate \(rates); estimated start \(ExportWriter.iso(r.startedAt))"))
            out.append(TimelineEntry(at: r.detectedAt + 600, incidentID: r.id, kind: .detector, by: "detector",
                                     text: "\(who) peak: \(rates)"))
            for (k, note) in BenchVocabulary.notes.prefix(Int.random(in: 3...6, using: &rng)).enumerated() {
                out.append(TimelineEntry(at: r.detectedAt + 300 + k * 420, incidentID: r.id, kind: note.0,
                                         by: BenchVocabulary.operators.randomElement(using: &rng)!,
                                         text: note.1.replacingOccurrences(of: "{i}", with: "\(r.id)")))
            }
            if let closed = r.closedAt {
                out.append(TimelineEntry(at: closed, incidentID: r.id, kind: .detector, by: "detector",
                                         text: "\(who) incident closed after \((closed - r.startedAt) / 60) min (peak \(String(format: "%.1f%%", r.peakRate * 100)))"))
                if let n = released[r.id] {
                    out.append(TimelineEntry(at: closed + 7200, incidentID: r.id, kind: .bulk,
                                             by: BenchVocabulary.operators.randomElement(using: &rng)!,
                                             text: "released \(n) addresses of incident \(r.id) — Apple confirmed recovery"))
                }
            }
        }
        out = Array(out.prefix(timelineEntries))
        let start = end - days * 86400
        while out.count < timelineEntries {
            let at = Int.random(in: start..<end, using: &rng)
            if Double.random(in: 0..<1, using: &rng) < 0.3 {
                out.append(TimelineEntry(at: at, incidentID: nil, kind: .bulk, by: "engine",
                                         text: "expired \(Int.random(in: 1...40, using: &rng)) held address(es) past the hold limit"))
            } else {
                let note = BenchVocabulary.notes.randomElement(using: &rng)!
                let near = spans.last { $0.record.startedAt <= at }
                out.append(TimelineEntry(at: at, incidentID: near?.record.id, kind: note.0,
                                         by: BenchVocabulary.operators.randomElement(using: &rng)!,
                                         text: note.1.replacingOccurrences(of: "{i}", with: "\(near?.record.id ?? 0)")))
            }
        }
        return out.sorted { $0.at < $1.at }
    }

    // MARK: rates

    /// Six hours of per-minute counters per domain: ~400 attempts a minute, 1–2 % bounced,
    /// Apple's address failures up sharply since the open incident began.
    private func makeCounters(spans: [Span], rng: inout SplitMix64) -> [CounterKey: Int] {
        var out: [CounterKey: Int] = [:]
        let open = spans.last { $0.record.closedAt == nil && $0.record.provider == "apple" }
        let last = end / 60
        for minute in (last - 360)...last {
            for d in BenchVocabulary.domains {
                let volume = max(1, Int(400 * d.weight * Double.random(in: 0.8...1.2, using: &rng)))
                var failRate = Double.random(in: 0.005...0.02, using: &rng)
                if let o = open, d.provider == "apple", minute * 60 >= o.record.startedAt { failRate = o.record.peakRate }
                let bounced = Int((Double(volume) * failRate).rounded())
                let deferred = Int.random(in: 0...2, using: &rng)
                out[CounterKey(minute: minute, domain: d.name, provider: d.provider, outcome: .delivered, reason: nil)] = volume - bounced
                if bounced > 0 {
                    out[CounterKey(minute: minute, domain: d.name, provider: d.provider, outcome: .bounced, reason: .userUnknown)] = bounced
                }
                if deferred > 0 {
                    out[CounterKey(minute: minute, domain: d.name, provider: d.provider, outcome: .deferred, reason: .rateLimited)] = deferred
                }
            }
        }
        return out
    }

    static func pick<T>(_ items: [T], weight: KeyPath<T, Double>, _ rng: inout SplitMix64) -> T {
        let total = items.reduce(0) { $0 + $1[keyPath: weight] }
        var x = Double.random(in: 0..<total, using: &rng)
        for item in items {
            x -= item[keyPath: weight]
            if x < 0 { return item }
        }
        return items[items.count - 1]
    }
}
