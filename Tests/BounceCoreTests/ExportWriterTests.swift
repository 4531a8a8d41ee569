import Foundation
import Testing
@testable import BounceCore

/// Exported stamps and JSON strings are read by scripts: exact shapes, escapes on every path.
@Suite struct ExportWriterTests {
    @Test(arguments: [
        (0, "1970-01-01T00:00:00Z"), (1_565_280_000, "2019-08-08T16:00:00Z"), (951_825_599, "2000-02-29T11:59:59Z"),
        (1_767_225_599, "2025-12-31T23:59:59Z"), (-1, "1969-12-31T23:59:59Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"), (253_402_300_800, "10000-01-01T00:00:00Z"),
    ])
    func isoStamps(epoch: Int, expected: String) {
        #expect(ExportWriter.iso(epoch) == expected)
        // Agrees with Foundation's formatter in the modern era (before 1582 Foundation switches
        // to the Julian calendar; exports use the proleptic Gregorian one, like RFC 3339).
        if (0..<253_402_300_800).contains(epoch) {
            let f = ISO8601DateFormatter()
            f.timeZone = TimeZone(identifier: "UTC")
            #expect(f.string(from: Date(timeIntervalSince1970: Double(epoch))) == expected)
        }
    }

    @Test func jsonStringsEscapeOnlyWhatMustBeEscaped() throws {
        #expect(TextSanitizer.jsonString("user@icloud.com") == #""user@icloud.com""#)
        #expect(TextSanitizer.jsonString(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(TextSanitizer.jsonString("a\u{1B}[2Jb\u{7F}") == #""a\u001b[2Jb\u007f""#)
        #expect(TextSanitizer.jsonString("x\u{202E}y\u{85}z") == #""x\u202ey\u0085z""#)
        #expect(TextSanitizer.jsonString("Grüße 配信") == "\"Grüße 配信\"")
        // Whatever goes in comes back out of a JSON parser unchanged (bar the escapes).
        for s in ["plain", "quote\"", "tab\t", "ünï", "\u{0}", ""] {
            let data = Data(("[" + TextSanitizer.jsonString(s) + "]").utf8)
            #expect(try JSONSerialization.jsonObject(with: data) as? [String] == [s])
        }
    }
}
