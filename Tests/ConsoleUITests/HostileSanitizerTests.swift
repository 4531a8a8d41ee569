import BounceCore
import Testing
@testable import ConsoleUI

/// The console shows sanitised text (README.md, "Operator guide", issue 6 item 2): no escape sequence, C0/C1
/// control or bidi control from a log or a remote server survives `TextSanitizer`.
@Suite struct HostileSanitizerTests {
    static let hostile: [String] = [
        "\u{1B}[2J\u{1B}[H", "\u{1B}]0;pwned\u{07}", "\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", "\u{9B}31m",
        "\u{9D}0;title\u{9C}", "\u{1B}P+q\u{1B}\\", "\u{1B}c", "\u{07}\u{08}\u{7F}", "\u{202E}moc.duolci", "\u{2066}x\u{2069}",
        "\u{2067}\u{2068}y", "\u{200F}\u{061C}", "\u{0}nul", "line\nbreak", "a\r\nb", "\u{1B}", "\u{1B}[", "\u{9B}",
        "=HYPERLINK(\"x\")", "$(rm -rf /)", "😀👩‍👩‍👧",
    ]

    static func unsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C
    }

    @Test func nothingControlSurvives() {
        var state: UInt64 = 0x5EED  // seeded: the same junk on every run
        func next() -> UInt8 { state = state &* 6364136223846793005 &+ 1442695040888963407; return UInt8(truncatingIfNeeded: state >> 56) }
        var inputs = Self.hostile.flatMap { h in [h, h + "@icloud.com", "user" + h + "@me.com", "550 5.1.1 " + h + " user does not exist"] }
        for a in Self.hostile { for b in Self.hostile { inputs.append(a + b) } }
        for _ in 0..<200 {
            let bytes = (0..<40).map { _ in next() }
            inputs.append(String(decoding: bytes, as: UTF8.self))
        }
        for s in inputs {
            for maxLength in [4096, 10, 1] {
                let clean = TextSanitizer.clean(s, maxLength: maxLength)
                let bad = clean.unicodeScalars.contains(where: Self.unsafe)
                #expect(!bad, "\(s.debugDescription) → \(clean.debugDescription)")
                #expect(clean.count <= maxLength + 1)
            }
            for line in TextSanitizer.cleanLines(s) { #expect(!line.unicodeScalars.contains(where: Self.unsafe)) }
        }
        #expect(TextSanitizer.clean("x\u{1B}[2J@icloud.com") == "x@icloud.com")
        #expect(TextSanitizer.clean("\u{202E}moc.duolci@x") == "moc.duolci@x")
    }
}
