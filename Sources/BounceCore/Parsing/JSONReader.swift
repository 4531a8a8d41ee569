/// A small, strict RFC 8259 JSON reader working on bytes.
///
/// Recursive descent with a nesting limit (`maxDepth`, 64), so hostile input such as ten
/// thousand `[` is rejected without exhausting the stack. Strings decode all escapes including
/// `\uXXXX` surrogate pairs by the rules of `JSONString` (shared with `JSONTape`).
///
/// Chosen over `JSONSerialization` because it runs per line on the ingest hot path: it needs no
/// `Data`/`NSDictionary` bridging and only allocates the strings it returns.
///
/// ```swift
/// let value = JSONReader.parse(line[...])   // nil when malformed
/// ```
public struct JSONReader {
    public static let maxDepth = 64

    private let b: UnsafeBufferPointer<UInt8>
    private var i: Int
    private let end: Int

    private init(_ s: Bytes) {
        b = s.base
        i = s.startIndex
        end = s.endIndex
    }

    /// Parses exactly one JSON value surrounded by optional whitespace; nil when malformed.
    public static func parse(_ s: Bytes) -> JSONValue? {
        var r = JSONReader(s)
        r.skipSpace()
        guard let v = r.value(depth: 0) else { return nil }
        r.skipSpace()
        return r.i == r.end ? v : nil
    }

    /// Parses a JSON text held in a String (e.g. the SNS `Message` field).
    public static func parse(_ text: String) -> JSONValue? {
        var copy = text
        return copy.withUTF8 { parse($0[...]) }
    }

    private mutating func skipSpace() {
        while i < end {
            let c = b[i]
            guard c == 32 || c == 9 || c == 10 || c == 13 else { return }
            i += 1
        }
    }

    private mutating func value(depth: Int) -> JSONValue? {
        guard i < end else { return nil }
        switch b[i] {
        case 123: return object(depth: depth + 1)  // {
        case 91: return array(depth: depth + 1)  // [
        case 34: return string().map(JSONValue.string)  // "
        case 116: return literal("true", .bool(true))
        case 102: return literal("false", .bool(false))
        case 110: return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ v: JSONValue) -> JSONValue? {
        guard ByteScan.hasPrefix(word, b[i..<end]) else { return nil }
        i += word.utf8CodeUnitCount
        return v
    }

    private mutating func object(depth: Int) -> JSONValue? {
        guard depth <= Self.maxDepth else { return nil }
        i += 1
        var members: [JSONValue.Member] = []
        skipSpace()
        if i < end, b[i] == 125 { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < end, b[i] == 34, let key = string() else { return nil }
            skipSpace()
            guard i < end, b[i] == 58 else { return nil }
            i += 1
            skipSpace()
            guard let v = value(depth: depth) else { return nil }
            members.append(JSONValue.Member(key: key, value: v))
            skipSpace()
            guard i < end else { return nil }
            if b[i] == 44 { i += 1; continue }
            if b[i] == 125 { i += 1; return .object(members) }
            return nil
        }
    }

    private mutating func array(depth: Int) -> JSONValue? {
        guard depth <= Self.maxDepth else { return nil }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < end, b[i] == 93 { i += 1; return .array(items) }
        while true {
            skipSpace()
            guard let v = value(depth: depth) else { return nil }
            items.append(v)
            skipSpace()
            guard i < end else { return nil }
            if b[i] == 44 { i += 1; continue }
            if b[i] == 93 { i += 1; return .array(items) }
            return nil
        }
    }

    /// A string starting at the opening quote; leaves `i` after the closing quote.
    private mutating func string() -> String? {
        guard let (close, escaped) = JSONString.scan(b, open: i, end: end) else { return nil }
        let s = JSONString.decode(b, from: i + 1, to: close, escaped: escaped)
        i = close + 1
        return s
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`
    private mutating func number() -> JSONValue? {
        let start = i
        if i < end, b[i] == 45 { i += 1 }
        guard i < end, isDigit(b[i]) else { return nil }
        if b[i] == 48 {
            i += 1
        } else {
            while i < end, isDigit(b[i]) { i += 1 }
        }
        var simple = true
        if i < end, b[i] == 46 {
            simple = false
            i += 1
            guard i < end, isDigit(b[i]) else { return nil }
            while i < end, isDigit(b[i]) { i += 1 }
        }
        if i < end, b[i] == 101 || b[i] == 69 {
            simple = false
            i += 1
            if i < end, b[i] == 43 || b[i] == 45 { i += 1 }
            guard i < end, isDigit(b[i]) else { return nil }
            while i < end, isDigit(b[i]) { i += 1 }
        }
        let negative = b[start] == 45
        let digitCount = i - start - (negative ? 1 : 0)
        if simple, digitCount <= 15 {
            let (v, _) = ByteScan.leadingInt(b[(start + (negative ? 1 : 0))..<i])
            return .number(negative ? -Double(v) : Double(v))
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        guard let d = Double(text) else { return nil }
        return .number(d)
    }

    @inline(__always)
    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
