import BounceCore
import BounceService
import BounceStore
import Foundation
import Prometheus
import Synchronization

/// The `/metrics` content (README.md, "Prometheus metrics"): counters of what this process read,
/// and gauges read from the store at each scrape. The names are a contract for dashboards and
/// alert rules; no label ever carries an address or a reply text, only providers (bounded by
/// the configuration), outcomes, reasons (`BounceReason`), windows, kinds and queue states.
public final class MetricsExporter: Sendable {
    let registry = PrometheusCollectorRegistry()
    let store: any BounceStorage
    let providers: [String]
    private let state: Mutex<State>

    struct State {
        var rates = RateCache()
        var lastEvent: Int?
    }

    /// `providers`: every configured provider name (`other` included), so each rate and incident
    /// series exists from the first scrape instead of appearing when it first changes.
    public init(store: any BounceStorage, providers: [String]) {
        self.store = store
        self.providers = providers
        state = Mutex(State())
        for p in providers { for o in ["delivered", "deferred", "bounced"] { _ = attempts(p, o) } }
        _ = lines; _ = rejected
    }

    // MARK: Counters (what this process read; a restart is a reset, as Prometheus expects)

    private func attempts(_ provider: String, _ outcome: String) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "bouncewatch", metricName: "attempts", unitName: "total",
                                                              helpText: "Delivery attempts read by this process, by provider and outcome."),
                             labels: [("provider", provider), ("outcome", outcome)])
    }

    private func bounces(_ provider: String, _ reason: String) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "bouncewatch", metricName: "bounces", unitName: "total",
                                                              helpText: "Bounces read by this process, by provider and classified reason."),
                             labels: [("provider", provider), ("reason", reason)])
    }

    private var lines: Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "bouncewatch", metricName: "lines", unitName: "total",
                                                              helpText: "Log lines read by this process."), labels: [])
    }

    private var rejected: Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "bouncewatch", metricName: "rejected_lines", unitName: "total",
                                                              helpText: "Log lines this process could not read (malformed or cut)."), labels: [])
    }

    /// Adds a committed batch (`IngestPipeline.onCommit`).
    public func record(_ batch: CommittedBatch) {
        var byOutcome: [String: [String: Int]] = [:]
        var byReason: [String: [String: Int]] = [:]
        for (k, n) in batch.counters {
            let outcome: String = switch k.outcome.counted {
            case .delivered: "delivered"
            case .deferred: "deferred"
            default: "bounced"
            }
            byOutcome[k.provider, default: [:]][outcome, default: 0] += n
            if outcome == "bounced" { byReason[k.provider, default: [:]][k.reason?.rawValue ?? "unknown", default: 0] += n }
        }
        for (p, m) in byOutcome { for (o, n) in m { attempts(p, o).increment(by: Int64(n)) } }
        for (p, m) in byReason { for (r, n) in m { bounces(p, r).increment(by: Int64(n)) } }
        lines.increment(by: Int64(batch.lines))
        if batch.rejected > 0 { rejected.increment(by: Int64(batch.rejected)) }
        if let t = batch.newestEventTime { state.withLock { $0.lastEvent = max($0.lastEvent ?? t, t) } }
    }

    // MARK: Gauges (from the store, at scrape time)

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "bouncewatch", metricName: name, unitName: "", helpText: help),
                           labels: labels)
    }

    /// The exposition text: gauges refreshed from one read transaction, then everything emitted.
    public func render() throws -> [UInt8] {
        try state.withLock { s in
            try store.snapshot { tx in
                try s.rates.refresh(tx)
                let incidents = try tx.incidents()
                if let minute = s.rates.newest {
                    for r in s.rates.board.summaries(at: minute, extraProviders: providers, incidents: incidents) where !r.isAppleGroup {
                        for span in RateSpan.allCases {
                            gauge("bounce_rate", "Bounced / (delivered + bounced) over the window, 0-1, from the store.",
                                  [("provider", r.provider), ("window", span.rawValue)]).set(r.windows[span]?.bounceRate ?? 0)
                        }
                        gauge("bounce_rate_baseline", "The provider's own baseline bounce rate (trailing 6 h, its incidents left out), 0-1.",
                              [("provider", r.provider)]).set(r.baselineRate)
                    }
                }
                let open = incidents.filter { $0.closedAt == nil }
                for p in providers {
                    let isOpen = open.contains { $0.provider == p && $0.kind == .provider }
                    gauge("incident_open", "1 while an incident is open.", [("provider", p), ("kind", IncidentKind.provider.rawValue)])
                        .set(isOpen ? 1.0 : 0.0)
                }
                gauge("incident_open", "1 while an incident is open.",
                      [("provider", Incident.senderWideProvider), ("kind", IncidentKind.senderWide.rawValue)])
                    .set(open.contains { $0.kind == .senderWide } ? 1.0 : 0.0)
                let queue = try tx.queueCounts()
                for st in RetryState.allCases {
                    gauge("queue_addresses", "Addresses in the retry queue by state, from the store.", [("state", st.rawValue)])
                        .set(Double(queue[st] ?? 0))
                }
                // Before this process reads a line, the store's newest minute stands in, so an
                // "ingest stalled" alert survives a restart.
                if let t = s.lastEvent ?? s.rates.newest.map({ $0 * 60 + 59 }) {
                    gauge("last_event_timestamp_seconds", "Event time of the newest log line read (epoch seconds).", []).set(Double(t))
                }
            }
            return registry.emitToBuffer()
        }
    }
}
