/// A small, strict RFC 8259 JSON reader working on bytes.
///
/// Recursive descent with a nesting limit (`maxDepth`, 64), so hostile input such as ten
/// thousand `[` is rejected without exhausting the stack. Strings decode all escapes including
/// `\uXXXX` surrogate pairs (a lone surrogate becomes U+FFFD); invalid UTF-8 inside a string is
/// replaced with U+FFFD rather than failing, since log lines are hostile and a bad byte in a reply
/// text should not lose the event. Raw control characters inside strings are rejected.
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
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < end {
            let c = b[i]
            if c == 34 {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == 92 { break }
            if c < 32 { return nil }
            i += 1
        }
        guard i < end else { return nil }
        var out = [UInt8](UnsafeBufferPointer(rebasing: b[start..<i]))
        while i < end {
            let c = b[i]
            if c == 34 {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 32 { return nil }
            if c != 92 { out.append(c); i += 1; continue }
            i += 1
            guard i < end else { return nil }
            let e = b[i]
            i += 1
            switch e {
            case 34, 92, 47: out.append(e)
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                guard let unit = hex4() else { return nil }
                var scalar: UInt32 = 0xFFFD
                if unit >= 0xD800, unit <= 0xDBFF {
                    // A high surrogate must be followed by `\u` + low surrogate.
                    if end - i >= 6, b[i] == 92, b[i + 1] == 117 {
                        let save = i
                        i += 2
                        if let low = hex4(), low >= 0xDC00, low <= 0xDFFF {
                            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save  // re-read that escape on its own
                        }
                    }
                } else if unit < 0xDC00 || unit > 0xDFFF {
                    scalar = unit
                }
                appendUTF8(scalar, to: &out)
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard end - i >= 4 else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
        switch s {
        case 0..<0x80:
            out.append(UInt8(s))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (s >> 6)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (s >> 12)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (s >> 18)))
            out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        }
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
