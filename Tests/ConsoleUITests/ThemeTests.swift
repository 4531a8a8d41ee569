import Foundation
import Testing
@testable import ConsoleUI

@Suite struct ThemeTests {
    static let names = ["default", "light", "high-contrast", "mono"]
    var themesDir: String { Fixtures.repoRoot.appendingPathComponent("themes").path }

    @Test(arguments: names)
    func themeFileDefinesEveryRole(name: String) throws {
        let text = try String(contentsOfFile: "\(themesDir)/\(name).theme", encoding: .utf8)
        let theme = try Theme.parse(name: name, text: text)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }

    @Test func monoUsesAttributesOnly() throws {
        let mono = try Theme.load(named: "mono", searchPaths: [themesDir])
        #expect(!mono.usesColor)
        #expect(mono[.selected].attrs.contains(.reverse))
    }

    @Test func builtinCopiesMatchTheFiles() throws {
        #expect(Theme.builtinDefaultText + "\n" == (try String(contentsOfFile: "\(themesDir)/default.theme", encoding: .utf8)))
        #expect(Theme.builtinMonoText + "\n" == (try String(contentsOfFile: "\(themesDir)/mono.theme", encoding: .utf8)))
    }

    @Test func missingRoleAndBadColourAreReported() {
        #expect(throws: Theme.ParseError.self) { try Theme.parse(name: "x", text: "normal = default default") }
        let bad = Theme.builtinDefaultText.replacingOccurrences(of: "alert          = red", with: "alert          = rouge")
        #expect(throws: Theme.ParseError.self) { try Theme.parse(name: "x", text: bad) }
    }

    @Test func selection() {
        let dirs = [themesDir]
        #expect(Theme.select(requested: nil, environment: [:], colors: 256, searchPaths: dirs).theme.name == "default")
        #expect(Theme.select(requested: nil, environment: ["NO_COLOR": "1"], colors: 256, searchPaths: dirs).theme.name == "mono")
        #expect(Theme.select(requested: nil, environment: ["NO_COLOR": ""], colors: 256, searchPaths: dirs).theme.name == "default")
        #expect(Theme.select(requested: "light", environment: [:], colors: 0, searchPaths: dirs).theme.name == "mono")
        #expect(Theme.select(requested: "light", environment: ["NO_COLOR": "1"], colors: 256, searchPaths: dirs).theme.name == "light")
        let missing = Theme.select(requested: "nope", environment: [:], colors: 256, searchPaths: dirs)
        #expect(missing.theme.name == "default" && missing.note != nil)
        let eight = Theme.select(requested: "light", environment: [:], colors: 8, searchPaths: dirs).theme
        #expect(eight.styles.values.allSatisfy { s in [s.fg, s.bg].allSatisfy { if case .index(let i) = $0 { i < 8 } else { true } } })
    }
}
