/// Hold-not-suppress rules (PRODUCT §6). Pure: all facts are passed in.
public struct RetryPolicy: Sendable, Codable, Equatable {
    /// An incident that closed this long before a bounce still covers it (default 2 h).
    public var gracePeriod: Int = 2 * 3600
    /// A delivery this recent makes an address "known-good" (default 30 days).
    public var knownGoodWindow: Int = 30 * 86400
    /// Held items older than this expire (default 14 days).
    public var holdLimit: Int = 14 * 86400

    public init() {}

    /// An incident as far as holding is concerned.
    public struct IncidentSpan: Sendable, Equatable {
        public var id: Int
        public var provider: String
        public var startedAt: Int
        public var closedAt: Int?
        public init(id: Int, provider: String, startedAt: Int, closedAt: Int?) {
            self.id = id
            self.provider = provider
            self.startedAt = startedAt
            self.closedAt = closedAt
        }
    }

    /// The decision for an address-scope failure at `time`.
    ///
    /// - Parameters:
    ///   - incidents: provider incidents (never sender-wide ones: those must not cause holds).
    ///   - lastDelivered: the address's last successful delivery before this bounce, if any.
    public func decide(provider: String, reason: BounceReason, time: Int, lastDelivered: Int?,
                       incidents: [IncidentSpan]) -> (state: RetryState, evidence: HoldEvidence, incidentID: Int?) {
        if let hit = covering(provider: provider, time: time, incidents: incidents) {
            return (.held, hit.closedAt == nil || time <= hit.closedAt! ? .openIncident : .gracePeriod, hit.id)
        }
        if let lastDelivered, lastDelivered <= time, time - lastDelivered <= knownGoodWindow {
            return (.held, .knownGood, nil)
        }
        if reason == .mailboxFull { return (.held, .mailboxFull, nil) }
        return (.suppressed, .noEvidence, nil)
    }

    /// The incident of `provider` covering `time` (open, or closed within the grace period).
    public func covering(provider: String, time: Int, incidents: [IncidentSpan]) -> IncidentSpan? {
        incidents.last { i in
            i.provider == provider && time >= i.startedAt && time <= (i.closedAt.map { $0 + gracePeriod } ?? Int.max)
        }
    }
}
