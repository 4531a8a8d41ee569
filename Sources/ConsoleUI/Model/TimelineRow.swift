import Foundation

/// Kind of an operator note (wire form = raw value, as in `bouncewatch note --kind`).
public enum NoteKind: String, Sendable, Hashable, CaseIterable {
    case postmasterContact = "postmaster-contact"
    case ticket
    case providerResponse = "provider-response"
    case mitigation
    case resolved
    case note
}

/// Kind of a timeline entry: detector markers, bulk actions, or an operator note.
public enum TimelineKind: Sendable, Hashable {
    /// Opened, peak, closed (automatic).
    case detector
    /// Bulk releases/suppressions (automatic, with the operator's name).
    case bulk
    case note(NoteKind)

    /// Fixed-width label used in the timeline pane.
    public var label: String {
        switch self {
        case .detector: "DETECT"
        case .bulk: "BULK"
        case .note(.postmasterContact): "POSTMSTR"
        case .note(.ticket): "TICKET"
        case .note(.providerResponse): "RESPONSE"
        case .note(.mitigation): "MITIGATE"
        case .note(.resolved): "RESOLVED"
        case .note(.note): "NOTE"
        }
    }
}

/// One entry of the incident timeline.
public struct TimelineRow: Sendable, Equatable {
    public var at: Date
    public var kind: TimelineKind
    /// Operator name, or `detector`.
    public var by: String
    public var text: String
    public var incidentID: Int?

    public init(at: Date, kind: TimelineKind, by: String, text: String, incidentID: Int? = nil) {
        self.at = at; self.kind = kind; self.by = by; self.text = text; self.incidentID = incidentID
    }
}
