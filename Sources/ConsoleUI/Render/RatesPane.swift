import BounceCore
import Foundation

/// Bounce/deferral rates per provider and per Apple domain with a 60-minute chart.
///
/// All charts share one scale, so an Apple-only spike towers over the other rows at a glance.
enum RatesPane {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiBlocks: [Character] = ["_", ".", "-", "=", "+", "*", "#", "@"]

    static func draw(into grid: inout ScreenGrid, rect: Rect, state: ConsoleState) {
        let focused = state.focus == .rates && state.mode == .normal
        let windows = RateSpan.allCases.map { $0 == state.window ? "[\($0.rawValue)]" : $0.rawValue }
        PaneFrame.draw(into: &grid, rect: rect, title: "Rates \(windows.joined(separator: " "))", focused: focused, pane: .rates)
        let inner = rect.inner
        guard inner.height >= 2, inner.width >= 20 else { return }
        let rows = state.snapshot.rates
        // name | attempts | bounce | defer | base | trend | chart
        let nameW = min(20, max(17, inner.width / 5))
        let fixed = [8, 7, 7, 7, 7]
        let chartCol = inner.col + nameW + fixed.reduce(0) { $0 + $1 + 1 } + 1
        let chartW = min(60, inner.right - chartCol)
        var head = Fmt.left("series", nameW) + " " + Fmt.right("attempts", 8) + " " + Fmt.right("bounce", 7) + " "
            + Fmt.right("defer", 7) + " " + Fmt.right("base", 7) + " " + Fmt.left("trend", 6)
        if chartW >= 8 { head += "  last \(chartW) min" }
        grid.put(head, row: inner.row, col: inner.col, role: .columnHeader, maxWidth: inner.width)
        if rows.isEmpty {
            grid.put("no traffic yet", row: inner.row + 1, col: inner.col + 1, role: .dim, maxWidth: inner.width - 1)
            return
        }
        let scale = max(0.05, rows.flatMap { $0.history.compactMap { $0 } }.max() ?? 0)
        let visible = inner.height - 1
        for i in 0..<visible {
            let index = state.rates.scroll + i
            guard index < rows.count else { break }
            let y = inner.row + 1 + i
            drawRow(rows[index], into: &grid, y: y, col: inner.col, nameW: nameW, window: state.window,
                    chartCol: chartCol, chartW: chartW, scale: scale)
            if focused && index == state.rates.cursor {
                grid.restyle(row: y, col: inner.col, width: inner.width, role: .selected)
            }
        }
        if rows.count > visible {
            PaneFrame.footnote(into: &grid, rect: rect, text: "\(state.rates.cursor + 1)/\(rows.count)", focused: focused)
        }
    }

    static func drawRow(_ r: RateRow, into grid: inout ScreenGrid, y: Int, col: Int, nameW: Int, window: RateSpan,
                        chartCol: Int, chartW: Int, scale: Double) {
        let indent = r.kind == .appleGroup ? "  " : ""
        let mark = r.elevated ? "!" : " "
        grid.put(mark + indent + TextSanitizer.clean(r.name), row: y, col: col, role: r.elevated ? .alert : .normal,
                 maxWidth: nameW)
        var x = col + nameW + 1
        let w = r.windows[window]
        let cells: [(String, StyleRole)] = [
            (w.map { Fmt.count($0.attempts) } ?? "–", .normal),
            (w.map { Fmt.percent($0.bounceRate) } ?? "–", r.elevated ? .alert : .normal),
            (w.map { Fmt.percent($0.deferralRate) } ?? "–", .normal),
            (Fmt.percent(r.baselineRate), .dim),
        ]
        let widths = [8, 7, 7, 7]
        for (i, c) in cells.enumerated() {
            grid.put(Fmt.right(c.0, widths[i]), row: y, col: x, role: c.1)
            x += widths[i] + 1
        }
        let high = w.map { Self.farAboveBaseline(rate: $0.bounceRate, baseline: r.baselineRate, attempts: $0.attempts) } ?? false
        let (arrow, word, role) = trendText(w?.trend, elevated: r.elevated, high: high, unicode: grid.unicode)
        grid.put(" \(arrow) \(word)", row: y, col: x, role: role, maxWidth: 7)
        if chartW >= 8 {
            grid.put(chart(r.history, width: chartW, scale: scale, unicode: grid.unicode), row: y, col: chartCol,
                     role: r.elevated ? .alert : .chartBar, maxWidth: chartW)
        }
    }

    /// Arrow plus word, so the direction never depends on colour or glyph support.
    /// A steady rate far above the series' own baseline is no "flat" news: the trend column says
    /// "high" (28 % against 2 % stays high for as long as it lasts, even when it stopped rising).
    static func farAboveBaseline(rate: Double, baseline: Double, attempts: Int) -> Bool {
        attempts >= 10 && rate >= max(3 * baseline, baseline + 0.05)
    }

    static func trendText(_ t: Trend?, elevated: Bool, high: Bool = false, unicode: Bool) -> (String, String, StyleRole) {
        if high, (t ?? .flat) == .flat { return (unicode ? "▲" : "^", "high", elevated ? .alert : .warning) }
        return switch t ?? .flat {
        case .up: (unicode ? "▲" : "^", "up", elevated ? .alert : .warning)
        case .down: (unicode ? "▼" : "v", "down", .ok)
        case .flat: (unicode ? "▶" : ">", "flat", .dim)
        }
    }

    /// The last `width` minutes as bars; a minute without traffic is blank.
    static func chart(_ history: [Double?], width: Int, scale: Double, unicode: Bool) -> String {
        let glyphs = unicode ? blocks : asciiBlocks
        let points = history.suffix(width)
        var s = String(repeating: " ", count: max(0, width - points.count))
        for p in points {
            guard let v = p else { s.append(" "); continue }
            let level = Int((min(1, max(0, v / scale)) * Double(glyphs.count - 1)).rounded())
            s.append(glyphs[level])
        }
        return s
    }
}
