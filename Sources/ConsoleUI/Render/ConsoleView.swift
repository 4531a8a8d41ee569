import Foundation

/// Renders the whole console for a state into a fresh `ScreenGrid`. Pure: the same state gives
/// the same grid, so layouts are asserted on as text in tests.
public struct ConsoleView: Sendable {
    public var keyMap: KeyMap
    public var unicode: Bool
    public var widths: DisplayWidth

    public init(keyMap: KeyMap = .standard, unicode: Bool = true, widths: DisplayWidth = .fallback) {
        self.keyMap = keyMap; self.unicode = unicode; self.widths = widths
    }

    public func render(_ state: ConsoleState) -> ScreenGrid {
        var grid = ScreenGrid(rows: state.rows, cols: state.cols, unicode: unicode, widths: widths)
        let layout = state.layout
        if layout.tooSmall {
            TooSmall.draw(into: &grid, rows: state.rows, cols: state.cols)
            return grid
        }
        HeaderBar.draw(into: &grid, layout: layout, state: state)
        RatesPane.draw(into: &grid, rect: layout.rates, state: state)
        QueuePane.draw(into: &grid, rect: layout.queue, state: state)
        TimelinePane.draw(into: &grid, rect: layout.timeline, state: state)
        Footer.draw(into: &grid, rect: layout.footer, state: state, keyMap: keyMap)
        switch state.mode {
        case .normal, .filter: break
        case .confirm(let c): Dialog.drawConfirm(into: &grid, layout: layout, confirmation: c)
        case .note(let draft): Dialog.drawNote(into: &grid, layout: layout, draft: draft)
        case .detail(let address): DetailView.draw(into: &grid, layout: layout, state: state, address: address)
        case .help(let scroll): HelpOverlay.draw(into: &grid, layout: layout, keyMap: keyMap, scroll: scroll)
        case .escalation(let e): Dialog.drawEscalation(into: &grid, layout: layout, escalation: e)
        }
        return grid
    }
}

/// Shared drawing bits for the panes.
enum PaneFrame {
    /// Border + title; the focused pane gets the focused roles and a `▸` marker (not colour alone).
    static func draw(into grid: inout ScreenGrid, rect: Rect, title: String, focused: Bool, pane: Pane) {
        grid.fill(rect)
        let marker = focused ? (grid.unicode ? "▸" : ">") : " "
        let number = (Pane.allCases.firstIndex(of: pane) ?? 0) + 1
        grid.box(rect, role: focused ? .borderFocused : .border, title: "\(marker)\(number) \(title)",
                 titleRole: focused ? .titleFocused : .title)
    }

    /// Right-aligned text in the bottom border (`1–20 of 1,204`).
    static func footnote(into grid: inout ScreenGrid, rect: Rect, text: String, focused: Bool) {
        let w = grid.widths.width(of: text) + 2
        guard rect.width > w + 4 else { return }
        grid.put(" \(text) ", row: rect.bottom - 1, col: rect.right - w - 2, role: focused ? .borderFocused : .border)
    }
}

/// Word wrapping by display width (detail and escalation views).
enum Wrap {
    static func lines(_ text: String, width: Int, widths: DisplayWidth) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        var line = ""
        var lineW = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let w = widths.width(of: word)
            if lineW > 0 && lineW + 1 + w > width {
                out.append(line); line = ""; lineW = 0
            }
            if w > width {                          // hard-split a very long word (URLs, hashes)
                var chunk = ""
                var cw = 0
                for ch in word {
                    let c = max(1, widths.width(of: ch))
                    if cw + c > width { out.append(chunk); chunk = ""; cw = 0 }
                    chunk.append(ch); cw += c
                }
                line = chunk; lineW = cw
                continue
            }
            if lineW > 0 { line += " "; lineW += 1 }
            line += word; lineW += w
        }
        if !line.isEmpty || out.isEmpty { out.append(line) }
        return out
    }
}

/// Shown instead of the console below 80×24; keys still work, so `q` quits.
enum TooSmall {
    static func draw(into grid: inout ScreenGrid, rows: Int, cols: Int) {
        let lines = ["terminal too small: \(cols)x\(rows)",
                     "bouncewatch needs at least \(Layout.minCols)x\(Layout.minRows)",
                     "resize the window, or press q to quit"]
        let top = max(0, rows / 2 - 1)
        for (i, l) in lines.enumerated() {
            grid.put(l, row: top + i, col: max(0, (cols - l.count) / 2), role: i == 0 ? .alert : .normal)
        }
    }
}
