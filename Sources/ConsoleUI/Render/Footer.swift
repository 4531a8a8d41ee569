import BounceCore
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
        var keysWidth = rect.width
        if state.mode == .normal, !state.query.filter.isEmpty {
            // The active filter always shows: keys give way to it.
            let text = " filter: \(TextSanitizer.clean(state.query.filter, maxLength: 40)) "
            let w = grid.widths.width(of: text)
            grid.put(text, row: y, col: max(0, rect.width - w), role: .footerKey)
            keysWidth = rect.width - w - 1
        }
        drawKeys(keyMap.footer(for: ctx), into: &grid, y: y, x: 1, width: keysWidth)
    }

    /// Draws `key label` pairs; when they do not fit, entries before the last (help) are dropped
    /// from the end so `? help` always stays visible.
    @discardableResult
    static func drawKeys(_ bindings: [KeyBinding], into grid: inout ScreenGrid, y: Int, x: Int, width: Int) -> Int {
        func need(_ b: KeyBinding) -> Int {
            grid.widths.width(of: b.keys.first?.displayName ?? "") + 1 + grid.widths.width(of: b.label) + 2
        }
        var shown = bindings
        while shown.count > 1, x + shown.reduce(0, { $0 + need($1) }) > width { shown.remove(at: shown.count - 2) }
        var x = x
        for b in shown where x + need(b) <= width {
            x = grid.put(b.keys.first?.displayName ?? "", row: y, col: x, role: .footerKey)
            x = grid.put(" " + b.label + "  ", row: y, col: x, role: .footerLabel)
        }
        return x
    }
}
