import ConsoleUI
import Foundation
import Testing

/// What operators see, as committed text (tig-style golden screens): every pane and dialog of
/// the real console stack (`ConsoleHarness`: simulator traffic through the ingest pipeline, an
/// open Apple incident) at 80×24 and 120×40, compared with `Screens/<name>-<cols>x<rows>.txt`.
/// A change to the screen then shows in review as a diff of the screen itself.
///
/// After an intended change, rewrite the files and review the diff:
///
///     BOUNCEWATCH_UPDATE_SCREENS=1 swift test --filter GoldenScreenTests
///
/// The wall-clock "updated HH:MM:SS" of the header is the only part masked (`updated --:--:--`):
/// everything else comes from fixed seeds and the harness's manual clock.
@Suite(.serialized) struct GoldenScreenTests {
    struct Screen: CustomStringConvertible, Sendable {
        var name: String
        var readOnly = false
        var keys: [KeyEvent]
        var description: String { name }
    }

    static let screens: [Screen] = [
        Screen(name: "main-incident-banner", keys: []),
        Screen(name: "rates", keys: [.char("1")]),
        Screen(name: "queue", keys: [.char("2")]),
        Screen(name: "timeline", keys: [.char("3")]),
        Screen(name: "detail", keys: [.char("2"), .enter]),
        Screen(name: "help", keys: [.char("?")]),
        Screen(name: "release-confirmation", keys: [.char("2"), .char(" "), .char("j"), .char(" "), .char("r")]),
        Screen(name: "note-editor", keys: [.char("n")]),
        Screen(name: "escalation-draft", keys: [.char("E")]),
        Screen(name: "read-only-error-line", readOnly: true, keys: [.char("2"), .char("r")]),
    ]
    static let sizes = [(cols: 80, rows: 24), (cols: 120, rows: 40)]
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Screens")
    static var updating: Bool { ProcessInfo.processInfo.environment["BOUNCEWATCH_UPDATE_SCREENS"] == "1" }

    static func masked(_ screen: String) -> String {
        screen.replacingOccurrences(of: #"updated \d\d:\d\d:\d\d"#, with: "updated --:--:--", options: .regularExpression)
    }

    @Test(arguments: screens)
    func screenMatchesItsGoldenFile(_ s: Screen) throws {
        for size in Self.sizes {
            let h = try ConsoleHarness(rows: size.rows, cols: size.cols, incident: true, readOnly: s.readOnly)
            for key in s.keys { h.press(key) }
            let got = Self.masked(h.screen) + "\n"
            let file = Self.directory.appendingPathComponent("\(s.name)-\(size.cols)x\(size.rows).txt")
            if Self.updating {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try got.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let want = try String(contentsOf: file, encoding: .utf8)
            #expect(got == want, """
                \(file.lastPathComponent) differs (BOUNCEWATCH_UPDATE_SCREENS=1 rewrites it); got:
                \(got)
                """)
        }
    }

    @Test func everyGoldenFileHasAScreen() throws {
        let names = Set(Self.screens.flatMap { s in Self.sizes.map { "\(s.name)-\($0.cols)x\($0.rows).txt" } })
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.directory.path))
        #expect(files == names, "stale or missing golden files: \(files.symmetricDifference(names).sorted())")
    }
}
