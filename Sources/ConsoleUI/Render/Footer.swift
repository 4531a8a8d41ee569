import Foundation

/// Bottom line: the filter editor while open, else a status message, else the keys that apply
/// to the focused pane or open mode (generated from the key table).
enum Footer {
    static func draw(into grid: inout ScreenGrid, rect: Rect, state: ConsoleState, keyMap: KeyMap) {
        let y = rect.row
        grid.fill(row: y, col: 0, width: rect.width, role: .footerLabel)
        if case .filter(let editor) = state.mode {
            var x = grid.put(" / ", row: y, col: 0, role: .footerKey)
            x = grid.put(TextSanitizer.clean(editor.text) + (grid.unicode ? "█" : "_"), row: y, col: x, role: .input,
                         maxWidth: max(10, rect.width / 2))
            drawKeys(keyMap.footer(for: .mode(.filter)), into: &grid, y: y, x: x + 2, width: rect.width)
            return
        }
        if let s = state.status {
            grid.put(" " + TextSanitizer.clean(s.text), row: y, col: 0, role: s.isError ? .statusError : .statusMessage,
                     maxWidth: rect.width)
            return
        }
        let ctx: KeyContext = state.mode.kind.map { .mode($0) } ?? .pane(state.focus)
        let end = drawKeys(keyMap.footer(for: ctx), into: &grid, y: y, x: 1, width: rect.width)
        if state.mode == .normal, !state.query.filter.isEmpty {
            let text = "filter: \(TextSanitizer.clean(state.query.filter))"
            let w = grid.widths.width(of: text)
            if end + 2 + w < rect.width { grid.put(text, row: y, col: rect.width - w - 1, role: .footerKey) }
        }
    }

    @discardableResult
    static func drawKeys(_ bindings: [KeyBinding], into grid: inout ScreenGrid, y: Int, x: Int, width: Int) -> Int {
        var x = x
        for b in bindings {
            let keys = b.keys.first.map(\.displayName) ?? ""
            let need = grid.widths.width(of: keys) + 1 + grid.widths.width(of: b.label) + 2
            guard x + need <= width else { break }
            x = grid.put(keys, row: y, col: x, role: .footerKey)
            x = grid.put(" " + b.label + "  ", row: y, col: x, role: .footerLabel)
        }
        return x
    }
}
