import Foundation
import Testing
@testable import BounceCore

/// The in-place JSON reader of the JSONL fast path (`JSONTape`/`JSONNode`) against the
/// value-building `JSONReader`: the same texts accepted, the same values read, on real webhook
/// lines, their truncations and byte flips, and hostile edge cases.
@Suite struct JSONTapeTests {
    /// The tape's reading of `bytes` as a `JSONValue`, or nil when the tape rejects it.
    static func viaTape(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { p -> JSONValue? in
            var tape = JSONTape()
            guard tape.build(p, from: 0, to: p.count) else { return nil }
            return tape.entries.withUnsafeBufferPointer { t in JSONNode(bytes: p, tape: t, index: 0).materialized }
        }
    }

    static func viaReader(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { JSONReader.parse($0[...]) }
    }

    static let edgeCases: [String] = [
        #"{}"#, #"[]"#, #" { "a" : [ 1 , -0.5e+3 , true , false , null ] } "#, #"{"a":1,"a":2}"#,
        #"{"k\u0065y":"v","key":"w"}"#, #"{"s":"\ud83d\ude00 \ud800 \udc00 \ud800\u0041 \u00e9 \/ \" \\ \b\f\n\r\t"}"#,
        #"{"s":"\ud800\uZZZZ"}"#, #"{"s":"\x"}"#, "{\"s\":\"tab\u{09}raw\"}", #"{"s":"unterminated}"#, #"{"a":01}"#,
        #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":-}"#, #"{"a":1e}"#, #"{"a":123456789012345678901234567890}"#,
        #"{"a":1,}"#, #"{,"a":1}"#, #"{"a" 1}"#, #"{"a":tru}"#, #"{"a":nul}"#, #"[1 2]"#, #"{"a":1}x"#, #""#, "   ",
        #""just a string""#, "42", String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
        String(repeating: "[", count: 65) + String(repeating: "]", count: 65), String(repeating: "[", count: 10_000),
        "{\"a\":\"caf\u{e9}\"}",
    ]

    @Test func acceptsAndReadsExactlyWhatTheReaderDoes() {
        var rng = SeededRNG(seed: 16)
        var corpus: [[UInt8]] = (HostileCorpus.jsonl + Self.edgeCases).map { Array($0.utf8) }
        corpus += [[0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xC3, 0x28, 0x22, 0x7D]]   // {"a":"<invalid UTF-8>"}
        for line in HostileCorpus.jsonl.map({ Array($0.utf8) }) {
            for cut in stride(from: 0, to: line.count, by: 7) { corpus.append(Array(line[..<cut])) }
            for _ in 0..<200 {
                var m = line
                let at = Int.random(in: 0..<m.count, using: &rng)
                m[at] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x00, 0xFF, 0x75, 0x30][Int.random(in: 0..<12, using: &rng)]
                corpus.append(m)
            }
        }
        var accepted = 0
        for bytes in corpus {
            let a = Self.viaReader(bytes), b = Self.viaTape(bytes)
            #expect(a == b, "\(String(decoding: bytes, as: UTF8.self).prefix(200))")
            if a != nil { accepted += 1 }
        }
        // Both readers must accept a good share and reject the rest (the corpus is not all junk).
        #expect(accepted > 50 && accepted < corpus.count - 50, "\(accepted) of \(corpus.count) accepted")
    }

    @Test func lookupsComparesKeyBytesAndTheFirstDuplicateWins() {
        let bytes = Array(#"{"event":"bounce","ev\u0065nt":"x","n":{"deep":{"v":"550"}},"event":"late","t":1565283731}"#.utf8)
        bytes.withUnsafeBufferPointer { p in
            var tape = JSONTape()
            let built = tape.build(p, from: 0, to: p.count)
            #expect(built)
            tape.entries.withUnsafeBufferPointer { t in
                let o = JSONNode(bytes: p, tape: t, index: 0)
                #expect(o["event"]?.string == "bounce")
                #expect(o["n", "deep", "v"]?.integer == 550)
                #expect(o["n", "missing", "v"] == nil && o["event", "x"] == nil)
                #expect(o["t"]?.number == 1_565_283_731 && o["t"]?.plainStringBytes == nil)
                #expect(o["evenT"] == nil)
            }
        }
    }
}
