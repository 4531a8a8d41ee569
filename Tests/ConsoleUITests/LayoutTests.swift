import Testing
@testable import ConsoleUI

@Suite struct LayoutTests {
    @Test func console80x24ShowsEveryPane() {
        let (s, _) = Fixtures.state(rows: 24, cols: 80)
        let lines = Fixtures.render(s).lines
        #expect(lines.count == 24 && lines.allSatisfy { $0.count == 80 })
        let text = lines.joined(separator: "\n")
        #expect(lines[0].contains("bouncewatch") && lines[0].contains("backlog 0"))
        #expect(lines[1].hasPrefix(" INCIDENT OPEN apple 15:45 (23m) user-unknown"))
        #expect(text.contains("1 Rates [5m] 15m 1h"))
        #expect(text.contains("2 Retry queue · held 3,000"))
        #expect(text.contains("3 Incident timeline"))
        #expect(lines.contains { $0.contains("!apple") && $0.contains("18.2%") && $0.contains("0.9%") && $0.contains("▲ up") })
        #expect(lines.contains { $0.contains("│*") == false && $0.contains(" H user") && $0.contains("user-unknown") })
        #expect(lines.contains { $0.contains("TICKET") && $0.contains("INC-4411") })
        #expect(lines[23].contains("Space tag") && lines[23].contains("? help"))
        // The selected queue row is highlighted in the focused pane.
        let queueFirstRow = s.layout.queue.inner.row + 1
        #expect(Fixtures.render(s).roles(row: queueFirstRow)[2] == .selected)
    }

    @Test func senderWideBannerSaysNoHoldsAndOffersNoRelease() {
        var (s, _) = Fixtures.state(rows: 40, cols: 120)
        for k in s.snapshot.incidents.indices {
            s.snapshot.incidents[k].closedAt = nil
            s.snapshot.incidents[k].provider = "*"
            s.snapshot.incidents[k].kind = .senderWide
        }
        let banner = Fixtures.render(s).lines[1]
        #expect(banner.hasPrefix(" SENDER-WIDE INCIDENT, no holds "), "\(banner)")
        #expect(banner.contains("all providers: our reputation, list or MTA"))
        #expect(!banner.contains("R release all") && !banner.contains("E escalate") && !banner.contains(" held"))
    }

    @Test func console200x60UsesTheSpace() {
        let (s, _) = Fixtures.state(rows: 60, cols: 200)
        let g = Fixtures.render(s)
        let lines = g.lines
        #expect(lines.count == 60 && lines.allSatisfy { $0.count == 200 })
        // Wide layout: rates and timeline side by side on one row.
        #expect(lines.contains { $0.contains("1 Rates") && $0.contains("3 Incident timeline") })
        #expect(lines.contains { $0.contains("last reply") && $0.contains("first bounce") && $0.contains("updated by") })
        #expect(lines.contains { $0.contains("  icloud.com") && $0.contains("19.0%") && $0.contains("█") })
        #expect(lines.contains { $0.contains(" H user") && $0.contains("550 5.1.1") })
        #expect(lines[1].contains("3,000 held") && lines[1].contains("R release all"))
        #expect(g.roles(row: 1).allSatisfy { $0 == .banner })
        #expect(s.queueVisibleRows > 30)
    }

    @Test func focusedPaneGetsTheSpareRowsOnShortTerminals() {
        var (s, _) = Fixtures.state(rows: 24, cols: 80)
        #expect(s.layout.listHeight(of: .queue) == 7 && s.layout.listHeight(of: .rates) == 3)
        Fixtures.press([.char("1")], &s)
        #expect(s.layout.listHeight(of: .rates) == 7 && s.layout.listHeight(of: .queue) == 3)
        let text = Fixtures.render(s).lines.joined(separator: "\n")
        #expect(text.contains("mac.com") && text.contains("private relay"))
        let tall = Layout(rows: 60, cols: 100, focus: .rates)
        #expect(tall.queue == Layout(rows: 60, cols: 100, focus: .timeline).queue)   // static when there is room
    }

    @Test func queueColumnsHideAsWidthShrinks() {
        let wide = QueuePane.fit(width: 198)
        let narrow = QueuePane.fit(width: 78)
        #expect(wide.columns.count == QueuePane.optional.count && wide.reply > 0)
        #expect(narrow.columns.count < wide.columns.count && narrow.reply == 0)
        #expect(narrow.address >= QueuePane.addressMin)
        #expect(narrow.columns.first?.title == "reason")
    }

    @Test(arguments: [(60, 20), (79, 24), (80, 23)])
    func tooSmallFallback(cols: Int, rows: Int) {
        let (s, _) = Fixtures.state(rows: rows, cols: cols)
        let text = Fixtures.render(s).lines.joined(separator: "\n")
        #expect(text.contains("terminal too small: \(cols)x\(rows)"))
        #expect(!text.contains("Retry queue"))
    }

    @Test func resizeRelaysOut() {
        var (s, _) = Fixtures.state(rows: 60, cols: 200)
        _ = Fixtures.reducer.reduce(&s, .resize(rows: 24, cols: 80))
        let lines = Fixtures.render(s).lines
        #expect(lines.count == 24 && lines[0].count == 80)
        #expect(!lines.contains { $0.contains("1 Rates") && $0.contains("3 Incident timeline") })
    }

    @Test func asciiFallbackHasNoBoxOrBlockCharacters() {
        let (s, _) = Fixtures.state(rows: 30, cols: 120)
        let text = Fixtures.render(s, unicode: false).lines.joined()
        #expect(text.contains("+-") && text.contains("^ up"))
        #expect(!text.contains { "─│┌┐└┘▁▂▃▄▅▆▇█▲▼▶".contains($0) })
    }

    @Test func helpOverlayListsEveryBinding() {
        var (s, _) = Fixtures.state(rows: 60, cols: 200)
        Fixtures.press([.char("?")], &s)
        let text = Fixtures.render(s).lines.joined(separator: "\n")
        for b in KeyMap.standard.bindings {
            #expect(text.contains(HelpOverlay.entry(b)), "missing \(b.keyText) \(b.label)")
        }
        let all = HelpOverlay.lines(for: .standard).map(\.text).joined(separator: "\n")
        for b in KeyMap.standard.bindings { #expect(all.contains(b.help)) }
        Fixtures.press([.escape], &s)
        #expect(s.mode == .normal)
    }

    @Test func footerShowsFiveToSevenKeysPerPane() {
        for pane in Pane.allCases {
            let keys = KeyMap.standard.footer(for: .pane(pane))
            #expect((5...7).contains(keys.count), "\(pane): \(keys.map(\.label))")
            #expect(keys.last?.command == .help)
        }
    }

    @Test func dialogsRender() {
        var (s, _) = Fixtures.state()
        Fixtures.press([.char("R")], &s)
        var text = Fixtures.render(s).lines.joined(separator: "\n")
        #expect(text.contains("Confirm bulk release") && text.contains("Type 3000 to confirm"))
        Fixtures.press([.escape, .char("n")], &s)
        text = Fixtures.render(s).lines.joined(separator: "\n")
        #expect(text.contains("Add note · incident #7") && text.contains("[note]"))
        Fixtures.press([.escape, .char("2"), .enter], &s)
        text = Fixtures.render(s).lines.joined(separator: "\n")
        #expect(text.contains("Detail ·") && text.contains("last reply"))
        Fixtures.press([.escape, .char("E")], &s)
        text = Fixtures.render(s).lines.joined(separator: "\n")
        #expect(text.contains("Escalation draft") && text.contains("To: icloudadmin@apple.com"))
    }
}

@Suite struct TrendWordTests {
    @Test func aSteadyRateFarAboveBaselineIsHighNotFlat() {
        #expect(RatesPane.farAboveBaseline(rate: 0.28, baseline: 0.02, attempts: 300))
        #expect(RatesPane.trendText(.flat, elevated: true, high: true, unicode: true).1 == "high")
        #expect(!RatesPane.farAboveBaseline(rate: 0.03, baseline: 0.02, attempts: 300), "near baseline stays flat")
        #expect(!RatesPane.farAboveBaseline(rate: 0.5, baseline: 0.02, attempts: 4), "too little traffic to say")
        #expect(RatesPane.trendText(.flat, elevated: false, high: false, unicode: true).1 == "flat")
        #expect(RatesPane.trendText(.down, elevated: false, high: true, unicode: true).1 == "down", "a falling rate says so")
    }
}
