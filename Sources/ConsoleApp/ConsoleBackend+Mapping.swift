import BounceCore
import ConsoleUI
import Foundation

/// Store records → console model values, and the console's queue query → the store's slice.
/// Text stays raw here: the panes sanitise every string at draw time (`TextSanitizer`), and the
/// escalation draft and dialogs do the same.
extension ConsoleBackend {
    static func date(_ t: Int) -> Date { Date(timeIntervalSince1970: Double(t)) }

    /// UI query (state filter, `!`-invertible text, sort, page) → store slice.
    static func slice(for q: ConsoleUI.QueueQuery) -> BounceCore.QueueSlice {
        let inverted = q.filter.hasPrefix("!")
        let text = inverted ? String(q.filter.dropFirst()) : q.filter
        let order: BounceCore.QueueSlice.Order = switch q.sort {
        case .lastBounceDesc: .lastBounceDesc
        case .firstBounceAsc: .firstBounceAsc
        case .bouncesDesc: .bouncesDesc
        case .address: .address
        case .domain: .domain
        }
        let state = q.state.state
        return BounceCore.QueueSlice(state: state, text: text, inverted: inverted && !text.isEmpty,
                                           order: order, offset: q.offset, limit: q.limit)
    }

    static func row(_ i: RetryItem) -> QueueRow {
        QueueRow(address: i.address, domain: i.domain, provider: i.provider,
                 state: i.state, reason: i.reason.rawValue,
                 status: i.status?.description, lastReply: i.lastReply, firstBounceAt: date(i.firstBounceAt),
                 lastBounceAt: date(i.lastBounceAt), bounces: i.bounces, lastDeliveredAt: i.lastDeliveredAt.map(date),
                 incidentID: i.incidentID, updatedBy: i.updatedBy, updatedAt: date(i.updatedAt))
    }

    static func summary(_ r: IncidentRecord, counts: [RetryState: Int], samples: [SampleError]) -> IncidentSummary {
        IncidentSummary(id: r.id, provider: r.provider, kind: r.kind, reasons: r.reasons.map(\.rawValue),
                        startedAt: date(r.startedAt), detectedAt: date(r.detectedAt), closedAt: r.closedAt.map(date),
                        peakRate: r.peakRate, baselineRate: r.baselineRate, heldCount: counts[.held] ?? 0, releasedCount: counts[.released] ?? 0,
                        affectedCount: counts.values.reduce(0, +), sampleErrors: samples)
    }

    /// The rates pane's line for one series: the core's numbers, the screen's name and the queue
    /// filter Enter applies.
    static func rateRow(_ s: SeriesRates) -> RateRow {
        RateRow(name: s.isAppleGroup ? displayName(s.series) : s.series, kind: s.isAppleGroup ? .appleGroup : .provider,
                windows: s.windows, baselineRate: s.baselineRate, history: s.history, elevated: s.elevated,
                queueFilter: s.isAppleGroup ? queueFilter(s.series) : nil)
    }

    static func displayName(_ group: String) -> String {
        switch group {
        case RateBoard.hostedGroup: "iCloud-hosted"
        case "privaterelay.appleid.com": "private relay"
        default: group
        }
    }

    /// What Enter on a group row filters the queue by. Hosted custom domains have no common
    /// substring, so that row narrows to Apple as a whole.
    static func queueFilter(_ group: String) -> String {
        switch group {
        case RateBoard.hostedGroup: Provider.appleName
        case "privaterelay.appleid.com": "privaterelay"
        default: "@" + group
        }
    }

    static func timelineRow(_ e: TimelineEntry) -> TimelineRow {
        TimelineRow(at: date(e.at), kind: e.kind, by: e.by, text: e.text, incidentID: e.incidentID)
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
}
