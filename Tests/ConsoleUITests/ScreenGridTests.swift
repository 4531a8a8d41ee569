import Testing
@testable import ConsoleUI

@Suite struct ScreenGridTests {
    @Test func clipsToMaxWidthAndEdge() {
        var g = ScreenGrid(rows: 2, cols: 10)
        let end = g.put("abcdefgh", row: 0, col: 2, maxWidth: 4)
        #expect(end == 6)
        #expect(g.text(row: 0) == "  abcd    ")
        g.put("0123456789abc", row: 1, col: 5)
        #expect(g.text(row: 1) == "     01234")
    }

    @Test func wideCharTakesTwoCells() {
        var g = ScreenGrid(rows: 1, cols: 6)
        g.put("漢字x", row: 0, col: 0)
        #expect(g[0, 0].width == 2 && g[0, 1].width == 0 && g[0, 2].width == 2 && g[0, 4].ch == "x")
        #expect(g.text(row: 0) == "漢字x ")
    }

    @Test func wideCharAtClipEdgeBecomesSpace() {
        var g = ScreenGrid(rows: 1, cols: 8)
        g.put("ab漢", row: 0, col: 0, role: .alert, maxWidth: 3)
        #expect(g.text(row: 0) == "ab      ")
        #expect(g[0, 2].ch == " " && g[0, 2].role == .alert)
        var edge = ScreenGrid(rows: 1, cols: 3)
        edge.put("ab漢", row: 0, col: 0)                   // grid edge, not just maxWidth
        #expect(edge.text(row: 0) == "ab ")
    }

    @Test func overwritingHalfAWideCharBlanksTheOtherHalf() {
        var g = ScreenGrid(rows: 1, cols: 6)
        g.put("漢字", row: 0, col: 0)
        g.put("x", row: 0, col: 1)                         // right half of 漢
        #expect(g.text(row: 0) == " x字  ")
        g.put("y", row: 0, col: 2)                         // left half of 字
        #expect(g.text(row: 0) == " xy   ")
        #expect((0..<6).allSatisfy { g[0, $0].width == 1 })
        var h = ScreenGrid(rows: 1, cols: 6)
        h.put("a漢b", row: 0, col: 0)
        h.put("字", row: 0, col: 2)                        // a wide char over the right half of 漢
        #expect(h.text(row: 0) == "a 字  ")
    }

    @Test func controlsBecomeQuestionMarksAndZeroWidthIsDropped() {
        var g = ScreenGrid(rows: 1, cols: 6)
        g.put("a\u{07}b\u{200B}c", row: 0, col: 0)
        #expect(g.text(row: 0) == "a?bc  ")
    }

    @Test func combiningMarksStayWithTheirBase() {
        var g = ScreenGrid(rows: 1, cols: 4)
        g.put("e\u{301}x", row: 0, col: 0)
        #expect(g[0, 0].ch == "e\u{301}")
        #expect(g.text(row: 0) == "e\u{301}x  ")
    }

    @Test func boxDrawsUnicodeAndASCII() {
        var g = ScreenGrid(rows: 3, cols: 10)
        g.box(Rect(row: 0, col: 0, height: 3, width: 10), title: "Hi")
        #expect(g.lines == ["┌─ Hi ───┐", "│        │", "└────────┘"])
        var a = ScreenGrid(rows: 3, cols: 6, unicode: false)
        a.box(Rect(row: 0, col: 0, height: 3, width: 6))
        #expect(a.lines == ["+----+", "|    |", "+----+"])
    }

    @Test func rolesAreRecordedPerCell() {
        var g = ScreenGrid(rows: 1, cols: 4)
        g.put("ab", row: 0, col: 1, role: .alert)
        #expect(g.roles(row: 0) == [.normal, .alert, .alert, .normal])
        g.restyle(row: 0, col: 0, width: 4, role: .selected)
        #expect(g.roles(row: 0) == [.selected, .selected, .selected, .selected])
    }
}
