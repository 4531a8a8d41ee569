import Foundation

/// What an incident hook receives when an incident opens or closes: one JSON object on stdin
/// (`json`), with a ready one-line `text` that a Slack-style incoming webhook accepts as is.
///
/// ```json
/// {"event":"incident.opened","incident_id":3,"provider":"apple","kind":"provider",
///  "failure_class":"address","reasons":["user-unknown","mailbox-full"],
///  "started_at":"2019-08-08T16:00:00Z","detected_at":"2019-08-08T16:04:00Z","closed_at":null,
///  "peak_rate":0.281,"baseline_rate":0.021,"held":340,"host":"mta1",
///  "text":"bouncewatch on mta1: apple incident #3 opened — user-unknown, mailbox-full; …"}
/// ```
public struct IncidentNotice: Sendable, Equatable {
    public enum Event: String, Sendable, Equatable {
        case opened = "incident.opened"
        case closed = "incident.closed"
    }

    public var event: Event
    public var incident: Incident
    /// Addresses held for this incident when the batch that opened or closed it committed.
    public var held: Int
    /// The host that committed the event (the one place it fires from in a fleet).
    public var host: String

    public init(event: Event, incident: Incident, held: Int, host: String) {
        self.event = event; self.incident = incident; self.held = held; self.host = host
    }

    /// Provider for display: `sender-wide` for a sender-wide incident.
    var who: String { incident.kind == .senderWide ? "sender-wide" : incident.provider }

    /// The one line a chat channel shows.
    public var text: String {
        let i = incident
        let reasons = i.reasons.map(\.rawValue).joined(separator: ", ")
        let rates = String(format: "peak %.1f%% vs baseline %.1f%%", i.peakRate * 100, i.baselineRate * 100)
        switch event {
        case .opened:
            let holds = i.kind == .senderWide ? "our reputation, list or MTA — nothing held"
                : "\(held) address(es) held"
            return "bouncewatch on \(host): \(who) incident #\(i.id) opened — \(reasons); \(rates); \(holds); "
                + "started \(ExportWriter.iso(i.startedAt))"
        case .closed:
            let minutes = ((i.closedAt ?? i.detectedAt) - i.startedAt) / 60
            let holds = i.kind == .senderWide ? "" : "; \(held) address(es) still held — release them once the provider confirms it was on their side"
            return "bouncewatch on \(host): \(who) incident #\(i.id) closed after \(minutes) min — \(rates)\(holds)"
        }
    }

    /// The hook's stdin: one JSON object and a newline.
    public var json: String {
        let i = incident
        func str(_ s: String) -> String { TextSanitizer.jsonString(s) }
        func num(_ d: Double) -> String { String(format: "%.6g", d) }
        let fields: [(String, String)] = [
            ("event", str(event.rawValue)),
            ("incident_id", String(i.id)),
            ("provider", str(i.provider)),
            ("kind", str(i.kind.rawValue)),
            ("failure_class", i.failureClass.map { str($0.rawValue) } ?? "null"),
            ("reasons", "[" + i.reasons.map { str($0.rawValue) }.joined(separator: ",") + "]"),
            ("started_at", str(ExportWriter.iso(i.startedAt))),
            ("detected_at", str(ExportWriter.iso(i.detectedAt))),
            ("closed_at", i.closedAt.map { str(ExportWriter.iso($0)) } ?? "null"),
            ("peak_rate", num(i.peakRate)),
            ("baseline_rate", num(i.baselineRate)),
            ("held", String(held)),
            ("host", str(host)),
            ("text", str(text)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}\n"
    }

    /// The hook's environment additions.
    public var environment: [String: String] {
        ["BOUNCEWATCH_EVENT": event.rawValue, "BOUNCEWATCH_INCIDENT_ID": String(incident.id),
         "BOUNCEWATCH_PROVIDER": incident.provider, "BOUNCEWATCH_KIND": incident.kind.rawValue]
    }
}
