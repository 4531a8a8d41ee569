import Foundation

/// The `?` screen, generated from the key table: every binding, grouped by context, in one or
/// two columns; scrolls when it does not fit.
public enum HelpOverlay {
    /// Help lines with their roles: a heading per context, then `keys  label — help`.
    public static func lines(for keyMap: KeyMap) -> [(text: String, role: StyleRole)] {
        var order: [KeyContext] = []
        for b in keyMap.bindings where !order.contains(b.context) { order.append(b.context) }
        var out: [(String, StyleRole)] = []
        for ctx in order {
            if !out.isEmpty { out.append(("", .dialog)) }
            out.append((ctx.heading, .columnHeader))
            for b in keyMap.bindings where b.context == ctx {
                let ro = b.mutating ? " (not in read-only)" : ""
                out.append(("  " + entry(b) + " — " + b.help + ro, .dialog))
            }
        }
        return out
    }

    /// `j/↓          down`: the part of a help line a test can look for.
    public static func entry(_ b: KeyBinding) -> String { Fmt.left(b.keyText, 14) + b.label }

    static func draw(into grid: inout ScreenGrid, layout: Layout, keyMap: KeyMap, scroll: Int) {
        let rect = layout.overlay(height: layout.rows - 2, width: layout.cols - 4)
        Dialog.frame(into: &grid, rect: rect, title: "Help · keys", hint: "j/k scroll · Esc close")
        let inner = rect.inner
        let all = lines(for: keyMap)
        let columns = inner.width >= 150 ? 2 : 1
        let colW = (inner.width - 2) / columns
        let perColumn = inner.height - 1
        let start = columns == 2 && all.count <= perColumn * 2 ? 0 : min(scroll, max(0, all.count - perColumn))
        for (i, line) in all.dropFirst(start).prefix(perColumn * columns).enumerated() {
            let c = i / perColumn, r = i % perColumn
            grid.put(line.text, row: inner.row + 1 + r, col: inner.col + 1 + c * colW, role: line.role, maxWidth: colW - 1)
        }
    }
}
