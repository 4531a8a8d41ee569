import BounceCore
import Foundation

/// The retry queue: one page of rows, columns that hide as the terminal narrows, a tag marker
/// and a state letter (H/S/R/X) on every row so nothing depends on colour.
enum QueuePane {
    /// A column that can be dropped when space is short; lower `priority` survives longer.
    struct Column: Sendable {
        let title: String
        let width: Int
        let rightAligned: Bool
        let value: @Sendable (QueueRow, Int) -> String          // (row, utc offset)
    }

    static let optional: [Column] = [
        Column(title: "reason", width: 16, rightAligned: false) { r, _ in r.reason },
        Column(title: "last bounce", width: 11, rightAligned: false) { r, o in TimeText.mdhm(r.lastBounceAt, offset: o) },
        Column(title: "n", width: 4, rightAligned: true) { r, _ in Fmt.count(r.bounces) },
        Column(title: "status", width: 7, rightAligned: false) { r, _ in r.status ?? "–" },
        Column(title: "domain", width: 18, rightAligned: false) { r, _ in r.domain },
        Column(title: "provider", width: 9, rightAligned: false) { r, _ in r.provider },
        Column(title: "inc", width: 5, rightAligned: false) { r, _ in r.incidentID.map { "#\($0)" } ?? "–" },
        Column(title: "first bounce", width: 12, rightAligned: false) { r, o in TimeText.mdhm(r.firstBounceAt, offset: o) },
        Column(title: "last good", width: 11, rightAligned: false) { r, o in r.lastDeliveredAt.map { TimeText.mdhm($0, offset: o) } ?? "never" },
        Column(title: "updated by", width: 12, rightAligned: false) { r, _ in r.updatedBy ?? "–" },
    ]
    static let addressMin = 24
    static let replyMin = 30

    /// Columns that fit in `width` (after the 3-cell marker), the address width and the reply width (0 = hidden).
    static func fit(width: Int) -> (columns: [Column], address: Int, reply: Int) {
        var used = 3
        var cols: [Column] = []
        for c in optional where used + addressMin + c.width + 1 <= width {
            cols.append(c); used += c.width + 1
        }
        let rest = width - used
        if cols.count == optional.count && rest >= addressMin + 1 + replyMin {
            let address = min(40, rest - replyMin - 1)
            return (cols, address, rest - address - 1)
        }
        return (cols, max(0, rest), 0)
    }

    static func draw(into grid: inout ScreenGrid, rect: Rect, state: ConsoleState) {
        let focused = state.focus == .queue && (state.mode == .normal || state.mode.kind == .filter)
        let page = state.snapshot.queue
        var title = "Retry queue · \(state.query.state.rawValue) \(Fmt.count(page.totalCount)) · sort \(state.query.sort.rawValue)"
        if !state.query.filter.isEmpty { title += " · filter \"\(TextSanitizer.clean(state.query.filter))\"" }
        if !state.tagged.isEmpty { title += " · \(Fmt.count(state.tagged.count)) tagged" }
        PaneFrame.draw(into: &grid, rect: rect, title: grid.unicode ? title : title.replacingOccurrences(of: "·", with: "-"),
                       focused: focused, pane: .queue)
        let inner = rect.inner
        guard inner.height >= 2, inner.width >= 30 else { return }
        let (columns, addressW, replyW) = fit(width: inner.width)
        var header = "   " + Fmt.left("address", addressW)
        for c in columns { header += " " + (c.rightAligned ? Fmt.right(c.title, c.width) : Fmt.left(c.title, c.width)) }
        if replyW > 0 { header += " " + "last reply" }
        grid.put(header, row: inner.row, col: inner.col, role: .columnHeader, maxWidth: inner.width)

        let visible = inner.height - 1
        if page.totalCount == 0 {
            let empty = state.query.filter.isEmpty ? "no \(state.query.state.rawValue) addresses" : "no rows match the filter (Esc clears)"
            grid.put(empty, row: inner.row + 1, col: inner.col + 3, role: .dim, maxWidth: inner.width - 3)
            return
        }
        let offset = state.snapshot.header.utcOffsetSeconds
        for i in 0..<visible {
            let index = state.queue.scroll + i
            guard index < page.totalCount else { break }
            let y = inner.row + 1 + i
            guard let row = page.row(at: index) else {
                grid.put("   …loading", row: y, col: inner.col, role: .dim, maxWidth: inner.width)
                continue
            }
            let isTagged = state.tagged.contains(row.address)
            grid.put(isTagged ? "*" : " ", row: y, col: inner.col, role: .tagged)
            grid.put(String(row.state.letter), row: y, col: inner.col + 1, role: stateRole(row.state))
            var x = inner.col + 3
            grid.put(TextSanitizer.clean(row.address, maxLength: 320), row: y, col: x, role: isTagged ? .tagged : .normal,
                     maxWidth: addressW)
            x += addressW + 1
            for c in columns {
                let v = TextSanitizer.clean(c.value(row, offset), maxLength: 200)
                grid.put(c.rightAligned ? Fmt.right(v, c.width) : v, row: y, col: x, role: .normal, maxWidth: c.width)
                x += c.width + 1
            }
            if replyW > 0 {
                grid.put(TextSanitizer.clean(row.lastReply, maxLength: 400), row: y, col: x, role: .dim, maxWidth: replyW)
            }
            if focused && index == state.queue.cursor {
                grid.restyle(row: y, col: inner.col, width: inner.width, role: .selected)
            }
        }
        let last = min(page.totalCount, state.queue.scroll + visible)
        let dash = grid.unicode ? "–" : "-"
        PaneFrame.footnote(into: &grid, rect: rect,
                           text: "\(Fmt.count(state.queue.scroll + 1))\(dash)\(Fmt.count(last)) of \(Fmt.count(page.totalCount))",
                           focused: focused)
    }

    static func stateRole(_ s: RetryState) -> StyleRole {
        switch s {
        case .held: .warning
        case .suppressed: .alert
        case .released: .ok
        case .expired: .dim
        }
    }
}
