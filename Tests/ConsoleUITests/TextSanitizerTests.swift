import BounceCore
import Testing
@testable import ConsoleUI

@Suite struct TextSanitizerTests {
    @Test(arguments: [
        ("user\u{1B}[2J@icloud.com", "user@icloud.com"),                       // CSI clear screen
        ("a\u{1B}]0;pwned\u{07}b", "ab"),                                      // OSC title, BEL-terminated
        ("a\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\b", "alinkb"),  // OSC 8 hyperlink, ST-terminated
        ("a\u{1B}P1$r\u{1B}\\b", "ab"),                                        // DCS
        ("x\u{9B}31mred", "xred"),                                             // C1 CSI
        ("\u{202E}moc.duolci@resu", "moc.duolci@resu"),                        // bidi override removed
        ("a\u{2066}b\u{2069}c", "abc"),                                        // isolates
        ("nul\u{0}here", "nul?here"),
        ("del\u{7F}x", "del?x"),
        ("tab\there\nline\r", "tab here line "),
        ("a\u{85}b", "a?b"),                                                   // other C1
        ("plain 550 5.1.1 text", "plain 550 5.1.1 text"),
        ("ジョン.doe@icloud.com", "ジョン.doe@icloud.com"),
        ("👩\u{200D}💻 ok", "👩\u{200D}💻 ok"),                                 // ZWJ kept
    ])
    func cleans(_ input: String, _ expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test func noEscapeOrControlSurvives() {
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{9B}6n\u{0}\u{1B}c\u{202E}x\u{1B}[?1049h"
        let out = TextSanitizer.clean(hostile)
        #expect(!out.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) })
        #expect(!out.contains("pwned"))
        #expect(out == "?x")
    }

    @Test func capsLength() {
        #expect(TextSanitizer.clean(String(repeating: "é", count: 50), maxLength: 10) == String(repeating: "é", count: 10) + "…")
    }

    @Test func hostileReplyNeverReachesTheGrid() {
        var (state, backend) = Fixtures.state(rows: 60, cols: 200)
        let effects = Fixtures.press([.char("/")] + Fixtures.type("user3@") + [.enter], &state)
        guard case .loadQueue(let q)? = effects.last else { Issue.record("no load"); return }
        _ = Fixtures.reducer.reduce(&state, .snapshot(backend.build(SnapshotRequest(queue: q))))
        let grid = Fixtures.render(state)
        #expect(grid.lines.contains { $0.contains("550 5.1.1 user does not exist moc.duol") })
        for y in 0..<grid.rows {
            for x in 0..<grid.cols {
                let v = grid[y, x].ch.unicodeScalars.first!.value
                #expect(!(v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v)))
            }
        }
    }
}
