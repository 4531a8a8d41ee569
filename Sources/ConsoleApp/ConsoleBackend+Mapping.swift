import BounceCore
import BounceStore
import ConsoleUI
import Foundation

/// Store records → console model values, and the console's queue query → the store's slice.
/// Text stays raw here: the panes sanitise every string at draw time (`TextSanitizer`), and the
/// escalation draft and dialogs do the same.
extension ConsoleBackend {
    static func date(_ t: Int) -> Date { Date(timeIntervalSince1970: Double(t)) }

    /// UI query (state filter, `!`-invertible text, sort, page) → store slice.
    static func slice(for q: ConsoleUI.QueueQuery) -> StoreTransaction.QueueSlice {
        let inverted = q.filter.hasPrefix("!")
        let text = inverted ? String(q.filter.dropFirst()) : q.filter
        let order: StoreTransaction.QueueSlice.Order = switch q.sort {
        case .lastBounceDesc: .lastBounceDesc
        case .firstBounceAsc: .firstBounceAsc
        case .bouncesDesc: .bouncesDesc
        case .address: .address
        case .domain: .domain
        }
        let state: RetryState? = q.state == .all ? nil : RetryState(rawValue: q.state.rawValue)
        return StoreTransaction.QueueSlice(state: state, text: text, inverted: inverted && !text.isEmpty,
                                           order: order, offset: q.offset, limit: q.limit)
    }

    static func row(_ i: RetryItem) -> QueueRow {
        QueueRow(address: i.address, domain: i.domain, provider: i.provider,
                 state: QueueState(rawValue: i.state.rawValue) ?? .held, reason: i.reason.rawValue,
                 status: i.status?.description, lastReply: i.lastReply, firstBounceAt: date(i.firstBounceAt),
                 lastBounceAt: date(i.lastBounceAt), bounces: i.bounces, lastDeliveredAt: i.lastDeliveredAt.map(date),
                 incidentID: i.incidentID, updatedBy: i.updatedBy, updatedAt: date(i.updatedAt))
    }

    static func summary(_ r: IncidentRecord, held: Int, samples: [SampleError]) -> IncidentSummary {
        IncidentSummary(id: r.id, provider: r.provider, kind: r.kind, reasons: r.reasons.map(\.rawValue),
                        startedAt: date(r.startedAt), detectedAt: date(r.detectedAt), closedAt: r.closedAt.map(date),
                        peakRate: r.peakRate, baselineRate: r.baselineRate, heldCount: held, sampleErrors: samples)
    }

    static func timelineRow(_ e: TimelineEntry) -> TimelineRow {
        let kind: ConsoleUI.TimelineKind = switch e.kind {
        case .detector: .detector
        case .bulk: .bulk
        default: .note(NoteKind(rawValue: e.kind.rawValue) ?? .note)
        }
        return TimelineRow(at: date(e.at), kind: kind, by: e.by, text: e.text, incidentID: e.incidentID)
    }

    /// The detail view's evidence. The store keeps first/last bounce and the count, not every
    /// bounce, so the history is the last reply, the audit trail (holds, releases, who and why)
    /// and the first bounce — newest first.
    static func detail(_ i: RetryItem, trail: [AuditEntry], incident: IncidentSummary?) -> QueueDetail {
        var history: [QueueDetail.Bounce] = [
            QueueDetail.Bounce(at: date(i.lastBounceAt), status: i.status?.description,
                               reply: i.lastReply + (i.bounces > 1 ? " (bounce \(i.bounces) of \(i.bounces))" : "")),
        ]
        for a in trail.reversed() {
            let from = a.from.map { "\($0.rawValue) → " } ?? ""
            let note = a.note.map { " — \($0)" } ?? ""
            history.append(QueueDetail.Bounce(at: date(a.at), status: nil,
                                              reply: "\(from)\(a.to.rawValue) by \(a.by) (\(a.evidence.rawValue))\(note)"))
        }
        if i.bounces > 1 {
            history.append(QueueDetail.Bounce(at: date(i.firstBounceAt), status: nil, reply: "first bounce"))
        }
        history.sort { $0.at > $1.at }
        return QueueDetail(row: row(i), bounces: history, lastGoodDelivery: i.lastDeliveredAt.map(date), incident: incident)
    }

    /// The config's escalation facts as the console's profile; drafts are saved to `directory`.
    public static func profile(_ e: BounceCore.EscalationProfile, directory: String) -> ConsoleUI.EscalationProfile {
        if e.company.isEmpty && e.sendingDomains.isEmpty {
            var p = ConsoleUI.EscalationProfile.unconfigured
            p.outputDirectory = directory
            return p
        }
        // `contact` is free text ("Mail on-call <oncall@example.com>"): split a trailing <address>.
        var name = e.contact, email = ""
        if let lt = e.contact.lastIndex(of: "<"), e.contact.hasSuffix(">") {
            name = e.contact[..<lt].trimmingCharacters(in: .whitespaces)
            email = String(e.contact[e.contact.index(after: lt)..<e.contact.index(before: e.contact.endIndex)])
        }
        return ConsoleUI.EscalationProfile(company: e.company.isEmpty ? "<company>" : e.company, contactName: name,
                                           contactEmail: email, sendingDomains: e.sendingDomains, sendingIPs: e.sendingIPs,
                                           postmasterAddress: e.recipient, outputDirectory: directory)
    }
}
