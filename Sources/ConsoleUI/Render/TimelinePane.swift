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
        for i in 0..<inner.height {
            let index = state.timeline.scroll + i
            guard index < rows.count else { break }
            let r = rows[index]
            let y = inner.row + i
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
            grid.put(TextSanitizer.clean(r.text, maxLength: 500), row: y, col: x, role: .normal, maxWidth: inner.right - x)
            if focused && index == state.timeline.cursor {
                grid.restyle(row: y, col: inner.col, width: inner.width, role: .selected)
            }
        }
        if rows.count > inner.height {
            PaneFrame.footnote(into: &grid, rect: rect, text: "\(state.timeline.cursor + 1)/\(rows.count)", focused: focused)
        }
    }

    static func role(_ k: TimelineKind) -> StyleRole {
        switch k {
        case .detector: .warning
        case .bulk: .title
        case .note(.resolved): .ok
        case .note(.postmasterContact), .note(.providerResponse), .note(.ticket): .tagged
        case .note: .normal
        }
    }
}
