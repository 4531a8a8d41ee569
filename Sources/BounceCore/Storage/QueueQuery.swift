/// Which slice of the retry queue to read.
public struct QueueQuery: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable { case lastBounce = "last-bounce", address, domain, bounces, reason }
    /// nil = all states.
    public var state: RetryState?
    public var provider: String?
    public var domain: String?
    public var incidentID: Int?
    /// Substring filter over address, reply text and reason.
    public var text: String?
    public var sort: Sort
    public var offset: Int
    public var limit: Int

    public init(state: RetryState? = .held, provider: String? = nil, domain: String? = nil, incidentID: Int? = nil,
                text: String? = nil, sort: Sort = .lastBounce, offset: Int = 0, limit: Int = Int(Int32.max)) {
        self.state = state
        self.provider = provider
        self.domain = domain
        self.incidentID = incidentID
        self.text = text
        self.sort = sort
        self.offset = offset
        self.limit = limit
    }
}
