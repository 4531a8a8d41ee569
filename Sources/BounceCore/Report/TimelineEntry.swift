/// Kinds of timeline entries: detector events, bulk actions and operator note kinds (`note --kind`).
public enum TimelineKind: String, Sendable, Hashable, Codable, CaseIterable {
    case detector
    case bulk
    case postmasterContact = "postmaster-contact"
    case ticket
    case providerResponse = "provider-response"
    case mitigation
    case resolved
    case note

    /// The kinds an operator may give a note.
    public static let noteKinds: [TimelineKind] = [.postmasterContact, .ticket, .providerResponse, .mitigation, .resolved, .note]
}

/// One line of the incident timeline.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public var id: Int
    /// Epoch seconds (event time for detector entries, wall time for operator entries).
    public var at: Int
    public var incidentID: Int?
    public var kind: TimelineKind
    public var by: String
    public var text: String

    public init(id: Int = 0, at: Int, incidentID: Int?, kind: TimelineKind, by: String, text: String) {
        self.id = id
        self.at = at
        self.incidentID = incidentID
        self.kind = kind
        self.by = by
        self.text = text
    }
}
