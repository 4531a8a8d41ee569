import BounceCore
import Foundation

/// The incident timeline, newest entry first: detector markers, bulk actions and operator notes.
enum TimelinePane {
    static func draw(into grid: inout ScreenGrid, rect: Rect, state: ConsoleState) {
        let focused = state.focus == .timeline && state.mode == .normal
        PaneFrame.draw(into: &grid, rect: rect, title: "Incident timeline", focused: focused, pane: .timeline)
        let inner = rect.inner
        guard inner.height >= 1, inner.width >= 20 else { return }
        let rows = state.timelineNewestFirst
        if rows.isEmpty {
            grid.put("no entries yet · n adds a note", row: inner.row, col: inner.col + 1, role: .dim, maxWidth: inner.width - 1)
            return
        }
        let off = state.snapshot.header.utcOffsetSeconds
        let wide = inner.width >= 70
        // The selected entry (pane focused) is wrapped over as many lines as it needs, so a long
        // note or detector line can be read whole; the others stay one line each.
        let textCol = (wide ? 12 + 9 + 5 + 11 : 6 + 9)
        let textWidth = max(10, inner.width - textCol)
        func block(_ index: Int) -> [String] {
            let text = TextSanitizer.clean(rows[index].text, maxLength: 2000)
            guard focused, index == state.timeline.cursor else { return [text] }
            return Array(Wrap.lines(text, width: textWidth, widths: grid.widths).prefix(inner.height))
        }
        // Start so the expanded cursor entry fits whole.
        var start = state.timeline.scroll
        if focused, state.timeline.cursor >= start {
            let need = block(state.timeline.cursor).count
            start = max(start, state.timeline.cursor - (inner.height - need))
        }
        var y = inner.row
        var index = start
        while y < inner.row + inner.height, index < rows.count {
            let r = rows[index]
            var x = inner.col
            let time = wide ? TimeText.mdhm(r.at, offset: off) : TimeText.hm(r.at, offset: off)
            x = grid.put(time + " ", row: y, col: x, role: .dim, maxWidth: inner.right - x)
            x = grid.put(Fmt.left(r.kind.label, 8) + " ", row: y, col: x, role: role(r.kind), maxWidth: inner.right - x)
            if wide {
                x = grid.put(Fmt.left(r.incidentID.map { "#\($0)" } ?? "", 4) + " ", row: y, col: x, role: .dim,
                             maxWidth: inner.right - x)
                x = grid.put(Fmt.left(TextSanitizer.clean(r.by, maxLength: 10), 10) + " ", row: y, col: x, role: .dim,
                             maxWidth: inner.right - x)
            }
            let lines = block(index)
            let selected = focused && index == state.timeline.cursor
            for (k, line) in lines.enumerated() where y + k < inner.row + inner.height {
                grid.put(line, row: y + k, col: k == 0 ? x : inner.col + textCol, role: .normal,
                         maxWidth: inner.right - (k == 0 ? x : inner.col + textCol))
                if selected { grid.restyle(row: y + k, col: inner.col, width: inner.width, role: .selected) }
            }
            y += lines.count
            index += 1
        }
        if rows.count > inner.height {
            PaneFrame.footnote(into: &grid, rect: rect, text: "\(state.timeline.cursor + 1)/\(rows.count)", focused: focused)
        }
    }

    static func role(_ k: TimelineKind) -> StyleRole {
        switch k {
        case .detector: .warning
        case .bulk: .title
        case .resolved: .ok
        case .postmasterContact, .providerResponse, .ticket: .tagged
        case .mitigation, .note: .normal
        }
    }
}
