/// Delivery-attempt counts for one provider or domain over a time range (`report`).
public struct TrafficCounts: Sendable, Equatable, Codable {
    public var delivered: Int = 0
    public var deferred: Int = 0
    public var bounced: Int = 0
    /// Bounced attempts by reason (expired counts as bounced with reason `expired`).
    public var reasons: [BounceReason: Int] = [:]
    /// Deferred attempts by reason.
    public var deferralReasons: [BounceReason: Int] = [:]

    public init() {}

    public var attempts: Int { delivered + deferred + bounced }
    /// bounced ÷ (delivered + bounced); 0 when there were none.
    public var bounceRate: Double {
        delivered + bounced == 0 ? 0 : Double(bounced) / Double(delivered + bounced)
    }
    /// deferred ÷ attempts; 0 when there were none.
    public var deferralRate: Double { attempts == 0 ? 0 : Double(deferred) / Double(attempts) }

    /// Adds `count` attempts of a counted outcome (`expired` must already be folded to `bounced`).
    public mutating func add(outcome: Outcome, reason: BounceReason?, count: Int) {
        switch outcome.counted {
        case .delivered: delivered += count
        case .deferred:
            deferred += count
            if let reason { deferralReasons[reason, default: 0] += count }
        case .bounced, .expired:
            bounced += count
            if let reason { reasons[reason, default: 0] += count }
        }
    }
}

/// The whole `report` answer: totals, per provider, per domain, incidents and queue counts.
public struct TrafficReport: Sendable, Equatable {
    /// Epoch seconds of the first and last minute covered (nil when there is no data).
    public var from: Int?
    public var to: Int?
    public var totals = TrafficCounts()
    public var rejectedLines = 0
    public var ignoredLines = 0
    public var providers: [(provider: String, counts: TrafficCounts)] = []
    public var domains: [(domain: String, provider: String, counts: TrafficCounts)] = []
    public var incidents: [IncidentRecord] = []
    public var queue: [RetryState: Int] = [:]

    public init() {}

    public static func == (a: TrafficReport, b: TrafficReport) -> Bool {
        a.from == b.from && a.to == b.to && a.totals == b.totals && a.rejectedLines == b.rejectedLines
            && a.ignoredLines == b.ignoredLines
            && a.providers.map(\.provider) == b.providers.map(\.provider)
            && a.providers.map(\.counts) == b.providers.map(\.counts)
            && a.domains.map(\.domain) == b.domains.map(\.domain)
            && a.domains.map(\.counts) == b.domains.map(\.counts)
            && a.incidents == b.incidents && a.queue == b.queue
    }
}

/// An incident as stored and reported (the incident object of `report --json` and `incidents --json`).
public struct IncidentRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var provider: String
    public var kind: IncidentKind
    public var reasons: [BounceReason]
    public var startedAt: Int
    public var detectedAt: Int
    public var closedAt: Int?
    public var peakRate: Double
    public var baselineRate: Double

    public init(id: Int, provider: String, kind: IncidentKind, reasons: [BounceReason], startedAt: Int,
                detectedAt: Int, closedAt: Int?, peakRate: Double, baselineRate: Double) {
        self.id = id
        self.provider = provider
        self.kind = kind
        self.reasons = reasons
        self.startedAt = startedAt
        self.detectedAt = detectedAt
        self.closedAt = closedAt
        self.peakRate = peakRate
        self.baselineRate = baselineRate
    }
}
