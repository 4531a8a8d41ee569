/// Whether an incident concerns one provider or everything we send.
public enum IncidentKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// One provider's address-scope failures rose while the others stayed normal (Apple's case):
    /// its bounces may be provider-caused, so the engine holds them.
    case provider
    /// Most providers rose together: our reputation, our list or our MTA. Never a reason to hold.
    case senderWide = "sender-wide"
}

/// A period in which a provider (or every provider) failed addresses far above its own baseline.
///
/// Times are epoch seconds. `startedAt` is the estimated change point (the first minute of the
/// elevated run), not the moment the detector noticed; `detectedAt`, `peakAt` and `closedAt` are
/// the end of the minute whose evaluation produced them, i.e. the earliest log time at which the
/// detector could know.
public struct Incident: Codable, Sendable, Equatable, Identifiable {
    /// The provider name used by sender-wide incidents.
    public static let senderWideProvider = "*"

    /// Detector-local sequence number, from 1.
    public var id: Int
    /// Provider name, or `"*"` for a sender-wide incident.
    public var provider: String
    public var kind: IncidentKind
    /// Dominant failure reasons during the incident, most frequent first (1–3).
    public var reasons: [BounceReason]
    /// Estimated start (change point), epoch seconds at a minute boundary.
    public var startedAt: Int
    /// When the detector opened it.
    public var detectedAt: Int
    /// When the detector closed it (nil while open).
    public var closedAt: Int?
    /// Highest short-window failure rate (of `failureClass`) seen while open.
    public var peakRate: Double
    /// When `peakRate` was seen.
    public var peakAt: Int
    /// The provider's (or, sender-wide, the traffic-weighted) baseline rate when it opened.
    public var baselineRate: Double
    /// Estimated return to baseline: the start of the first calm short window (set on close).
    public var recoveredAt: Int?
    /// The failure class whose rate `peakRate` and `baselineRate` measure (address-scope for
    /// provider incidents; nil in incidents saved before classes existed: address).
    public var failureClass: FailureClass?

    public init(id: Int, provider: String, kind: IncidentKind, reasons: [BounceReason], startedAt: Int,
                detectedAt: Int, closedAt: Int? = nil, peakRate: Double, peakAt: Int, baselineRate: Double,
                recoveredAt: Int? = nil, failureClass: FailureClass? = nil) {
        self.id = id
        self.provider = provider
        self.kind = kind
        self.reasons = reasons
        self.startedAt = startedAt
        self.detectedAt = detectedAt
        self.closedAt = closedAt
        self.peakRate = peakRate
        self.peakAt = peakAt
        self.baselineRate = baselineRate
        self.recoveredAt = recoveredAt
        self.failureClass = failureClass
    }

    public var isOpen: Bool { closedAt == nil }

    /// True when `time` (epoch seconds) lies in `[startedAt, closedAt)`; open incidents have no end.
    public func covers(_ time: Int) -> Bool {
        time >= startedAt && closedAt.map { time < $0 } ?? true
    }
}

/// What the detector reports for the incident timeline.
public enum DetectorEvent: Codable, Sendable, Equatable {
    /// A new incident, with its estimated start and the rate that triggered it.
    case opened(Incident)
    /// The peak rose materially (by `DetectorConfig.peakGrowth`) since it was last reported.
    case peak(Incident)
    /// The rate stayed near baseline for `DetectorConfig.closeMinutes`.
    case closed(Incident)

    /// The incident as of this event.
    public var incident: Incident {
        switch self {
        case .opened(let i), .peak(let i), .closed(let i): return i
        }
    }

    /// `opened`, `peak` or `closed` (timeline entry kind).
    public var name: String {
        switch self {
        case .opened: return "opened"
        case .peak: return "peak"
        case .closed: return "closed"
        }
    }
}
