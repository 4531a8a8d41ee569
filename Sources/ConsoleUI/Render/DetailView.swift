import BounceCore
import Foundation

/// Evidence for one address: state, reason, last reply, bounce history, last good delivery and
/// the incident. Uses the page row until the app's `QueueDetail` arrives.
enum DetailView {
    static func draw(into grid: inout ScreenGrid, layout: Layout, state: ConsoleState, address: String) {
        let rect = layout.overlay(height: layout.rows - 4, width: 110)
        Dialog.frame(into: &grid, rect: rect, title: "Detail · \(TextSanitizer.clean(address, maxLength: 80))",
                     hint: "r release · s suppress · Esc back")
        let inner = rect.inner
        let detail = state.snapshot.detail.flatMap { $0.row.address == address ? $0 : nil }
        let row = detail?.row ?? (0..<state.snapshot.queue.rows.count).lazy
            .map { state.snapshot.queue.rows[$0] }.first { $0.address == address }
        let off = state.snapshot.header.utcOffsetSeconds
        var lines: [(String, StyleRole)] = []
        guard let row else {
            grid.put("loading…", row: inner.row + 1, col: inner.col + 2, role: .dim)
            return
        }
        func field(_ name: String, _ value: String) { lines.append((Fmt.left(name, 16) + TextSanitizer.clean(value), .dialog)) }
        field("address", TextSanitizer.clean(row.address))
        field("state", "\(row.state.letter) \(row.state.rawValue)")
        field("domain", "\(TextSanitizer.clean(row.domain)) (\(row.provider))")
        field("reason", "\(row.reason)  status \(row.status ?? "–")")
        field("bounces", "\(Fmt.count(row.bounces))  first \(TimeText.mdhm(row.firstBounceAt, offset: off))  last \(TimeText.mdhm(row.lastBounceAt, offset: off))")
        let good = detail?.lastGoodDelivery ?? row.lastDeliveredAt
        field("last delivered", good.map { TimeText.mdhm($0, offset: off) } ?? "never")
        if let i = detail?.incident ?? state.snapshot.incidents.first(where: { $0.id == row.incidentID }) {
            field("incident", "#\(i.id) \(i.provider) \(i.reasons.joined(separator: ",")) since \(TimeText.mdhm(i.startedAt, offset: off))"
                  + (i.closedAt == nil ? " (open)" : " (closed)"))
        } else {
            field("incident", "–")
        }
        field("changed", "\(row.updatedBy ?? "–") \(row.updatedAt.map { TimeText.mdhm($0, offset: off) } ?? "")")
        lines.append(("", .dialog))
        lines.append(("last reply", .columnHeader))
        for l in Wrap.lines(TextSanitizer.clean(row.lastReply), width: inner.width - 4, widths: grid.widths) {
            lines.append(("  " + l, .normal))
        }
        lines.append(("", .dialog))
        if let detail {
            lines.append(("bounce history (newest first)", .columnHeader))
            for b in detail.bounces {
                let relay = b.relay.map { " \(TextSanitizer.clean($0))" } ?? ""
                lines.append(("  \(TimeText.mdhm(b.at, offset: off)) \(b.status ?? "–")\(relay)  \(TextSanitizer.clean(b.reply))", .normal))
            }
        } else {
            lines.append(("bounce history: loading…", .dim))
        }
        for (i, l) in lines.prefix(inner.height - 1).enumerated() {
            grid.put(l.0, row: inner.row + 1 + i, col: inner.col + 2, role: l.1, maxWidth: inner.width - 4)
        }
    }
}
