import BounceCore
import Foundation

extension TimelineKind {
    /// Fixed-width label used in the timeline pane.
    public var label: String {
        switch self {
        case .detector: "DETECT"
        case .bulk: "BULK"
        case .postmasterContact: "POSTMSTR"
        case .ticket: "TICKET"
        case .providerResponse: "RESPONSE"
        case .mitigation: "MITIGATE"
        case .resolved: "RESOLVED"
        case .note: "NOTE"
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
