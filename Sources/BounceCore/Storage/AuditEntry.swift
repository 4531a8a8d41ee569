/// One row of the audit trail.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var at: Int
    public var address: String
    public var from: RetryState?
    public var to: RetryState
    public var by: String
    public var evidence: HoldEvidence
    public var incidentID: Int?
    public var note: String?

    public init(at: Int, address: String, from: RetryState?, to: RetryState, by: String, evidence: HoldEvidence,
                incidentID: Int?, note: String?) {
        self.at = at
        self.address = address
        self.from = from
        self.to = to
        self.by = by
        self.evidence = evidence
        self.incidentID = incidentID
        self.note = note
    }
}
