/// Lines in, analysed events out: classification and provider attribution (docs/ARCHITECTURE.md,
/// "A log line's path to the screen"). Pure: no I/O, no clock reads; all state is Codable so it can be saved in the
/// same transaction as the data it summarises.
public struct AnalysisEngine: Sendable {
    public let classifier: BounceClassifier
    public let catalog: ProviderCatalog
    public var state: State
    /// Per-minute rates per provider and Apple group (rebuilt from stored counters on start, so
    /// it is not part of `state`).
    public var board = RateBoard()
    /// Detector events produced while analysing, in order; the pipeline drains them.
    private var pendingDetectorEvents: [DetectorEvent] = []
    /// Provider per relay host/IP seen (a log has few distinct relays; matching suffixes and
    /// CIDRs for every line would dominate). Bounded.
    private var relayCache: [String: String] = [:]
    private static let noProvider = ""

    /// Engine state that must survive restarts for replays to be exact.
    public struct State: Sendable, Codable, Equatable {
        /// Custom domains seen delivered through a provider's MX (an iCloud+ domain is Apple even
        /// when a later line has `relay=none`).
        public var learnedDomains: [String: String] = [:]
        /// The incident detector, whole (open incidents, CUSUM state, next id).
        public var detector = IncidentDetector()
        /// The newest event minute seen.
        public var watermark: Int?
        public init() {}
    }

    /// A minute is evaluated once events two minutes later arrive: log lines from parallel
    /// delivery processes interleave a little, so the last minute is never judged half-full.
    public static let completionLagMinutes = 2

    /// Cap on learned domains, so memory stays bounded on huge logs.
    public static let maxLearnedDomains = 200_000

    public init(classifier: BounceClassifier = BounceClassifier(), catalog: ProviderCatalog = ProviderCatalog(),
                state: State = State()) {
        self.classifier = classifier
        self.catalog = catalog
        self.state = state
    }

    /// Apple's own domains, shown as their own rows; anything else Apple serves is `icloud-hosted`.
    public static let appleOwnDomains: Set<String> = ["icloud.com", "me.com", "mac.com", "privaterelay.appleid.com"]
    public static let icloudHostedGroup = "icloud-hosted"

    /// Classifies and attributes one event.
    public mutating func analyze(_ e: DeliveryEvent) -> AnalyzedEvent {
        let domain = e.recipientDomain
        let provider: String
        if let byRelay = relayProvider(host: e.relayHost, ip: e.relayIP) {
            provider = byRelay
            if catalog.provider(forDomain: domain) == nil, !domain.isEmpty, state.learnedDomains[domain] == nil,
               state.learnedDomains.count < Self.maxLearnedDomains {
                state.learnedDomains[domain] = byRelay
            }
        } else {
            provider = catalog.provider(forDomain: domain) ?? state.learnedDomains[domain] ?? Provider.otherName
        }
        let group: String? = provider == Provider.appleName
            ? (Self.appleOwnDomains.contains(domain) ? domain : Self.icloudHostedGroup) : nil
        var verdict: Verdict?
        if e.outcome.isFailure {
            var v = classifier.classify(diagnostic: e.diagnostic, status: e.status, replyCode: e.replyCode)
            if e.outcome == .expired {
                // Reports count expired as bounced with reason `expired`, whatever the last deferral said.
                v.reason = .expired
                v.scope = .message
            }
            verdict = v
        }
        let time = Int(e.time.timeIntervalSince1970.rounded(.down))
        let minute = time >= 0 ? time / 60 : (time - 59) / 60
        advanceWatermark(to: minute)
        board.record(minute: minute, series: provider, outcome: e.outcome, reason: verdict?.reason)
        if let group { board.record(minute: minute, series: group, outcome: e.outcome, reason: verdict?.reason) }
        return AnalyzedEvent(
            event: e, provider: provider, appleGroup: group, verdict: verdict,
            time: time,
            counterKey: CounterKey(minute: minute, domain: domain, provider: provider, outcome: e.outcome,
                                   reason: verdict?.reason))
    }

    /// The provider a relay belongs to, cached per host (or IP when there is no host).
    mutating func relayProvider(host: String?, ip: String?) -> String? {
        guard let key = host ?? ip else { return nil }
        if let hit = relayCache[key] { return hit == Self.noProvider ? nil : hit }
        let found = catalog.provider(forRelayHost: host, ip: ip)
        if relayCache.count > 50_000 { relayCache.removeAll(keepingCapacity: true) }
        relayCache[key] = found ?? Self.noProvider
        return found
    }

    /// Moves event time forward and runs the detector over minutes that are now complete.
    mutating func advanceWatermark(to minute: Int) {
        guard minute > (state.watermark ?? Int.min) else { return }
        state.watermark = minute
        let complete = minute - Self.completionLagMinutes
        guard complete > (state.detector.lastEvaluatedMinute ?? Int.min) else { return }
        pendingDetectorEvents += state.detector.evaluate(minute: complete, board: board)
    }

    /// Detector events since the last call, in order (they precede the event just analysed).
    public mutating func takeDetectorEvents() -> [DetectorEvent] {
        defer { pendingDetectorEvents.removeAll(keepingCapacity: true) }
        return pendingDetectorEvents
    }

    /// Replays stored per-minute counts into the board (after a restart).
    public mutating func restoreBoard(_ rows: [(minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?, count: Int)]) {
        for r in rows {
            board.record(minute: r.minute, series: r.provider, outcome: r.outcome, reason: r.reason, count: r.count)
            if let g = RateBoard.appleGroup(domain: r.domain, provider: r.provider) {
                board.record(minute: r.minute, series: g, outcome: r.outcome, reason: r.reason, count: r.count)
            }
        }
    }
}
