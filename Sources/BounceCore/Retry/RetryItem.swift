/// One address in the retry queue with its evidence (the `queue list --json` shape).
public struct RetryItem: Sendable, Hashable, Codable {
    public var address: String
    public var domain: String
    public var provider: String
    public var state: RetryState
    public var reason: BounceReason
    public var status: EnhancedStatus?
    public var replyCode: Int?
    /// Last reply text as logged (hostile: sanitise before display).
    public var lastReply: String
    /// Epoch seconds.
    public var firstBounceAt: Int
    public var lastBounceAt: Int
    public var bounces: Int
    public var lastDeliveredAt: Int?
    public var incidentID: Int?
    public var evidence: HoldEvidence
    /// When the item entered its current state (event time for engine decisions, wall time for
    /// operator actions); the hold limit counts from here.
    public var stateSince: Int
    public var updatedBy: String
    public var updatedAt: Int

    public init(address: String, domain: String, provider: String, state: RetryState, reason: BounceReason,
                status: EnhancedStatus?, replyCode: Int?, lastReply: String, firstBounceAt: Int, lastBounceAt: Int,
                bounces: Int, lastDeliveredAt: Int?, incidentID: Int?, evidence: HoldEvidence, stateSince: Int,
                updatedBy: String, updatedAt: Int) {
        self.address = address
        self.domain = domain
        self.provider = provider
        self.state = state
        self.reason = reason
        self.status = status
        self.replyCode = replyCode
        self.lastReply = lastReply
        self.firstBounceAt = firstBounceAt
        self.lastBounceAt = lastBounceAt
        self.bounces = bounces
        self.lastDeliveredAt = lastDeliveredAt
        self.incidentID = incidentID
        self.evidence = evidence
        self.stateSince = stateSince
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
