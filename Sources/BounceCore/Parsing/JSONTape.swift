/// A validated JSON text as a flat tape of value spans: one pass over the bytes checks the
/// grammar (the same as `JSONReader`'s: RFC 8259, nesting at most `JSONReader.maxDepth`, strings
/// by `JSONString`) and records where each value starts and ends. Nothing is decoded; a reader
/// looks members up by comparing key bytes and decodes only the values it keeps
/// (docs/DECISIONS.md, "Event streams at byte speed").
///
/// The tape is reused from line to line, so a line costs no allocation once it has grown.
struct JSONTape {
    enum Kind: UInt8 { case object, array, string, number, literal }

    /// One value. For a string `start..<end` is its content between the quotes; for anything else
    /// the value's bytes. `next` is the tape index just past this value and everything inside it.
    struct Entry {
        var kind: Kind
        var escaped: Bool
        var start: Int
        var end: Int
        var next: Int
    }

    private(set) var entries: [Entry] = []

    /// Records exactly one JSON value surrounded by optional whitespace; false when malformed.
    mutating func build(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Bool {
        entries.removeAll(keepingCapacity: true)
        var i = Self.skipSpace(b, from, end)
        guard value(b, &i, end, depth: 0) else { return false }
        return Self.skipSpace(b, i, end) == end
    }

    @inline(__always)
    static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end {
            let c = b[i]
            guard c == 32 || c == 9 || c == 10 || c == 13 else { break }
            i += 1
        }
        return i
    }

    private mutating func value(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, depth: Int) -> Bool {
        guard i < end else { return false }
        switch b[i] {
        case 34:   // "
            guard let (close, escaped) = JSONString.scan(b, open: i, end: end) else { return false }
            entries.append(Entry(kind: .string, escaped: escaped, start: i + 1, end: close, next: entries.count + 1))
            i = close + 1
            return true
        case 123, 91:   // { [
            let isObject = b[i] == 123
            guard depth + 1 <= JSONReader.maxDepth else { return false }
            let slot = entries.count
            entries.append(Entry(kind: isObject ? .object : .array, escaped: false, start: i, end: i, next: 0))
            i += 1
            let close: UInt8 = isObject ? 125 : 93
            i = Self.skipSpace(b, i, end)
            if i < end, b[i] == close {
                i += 1
            } else {
                while true {
                    i = Self.skipSpace(b, i, end)
                    if isObject {
                        guard i < end, b[i] == 34, value(b, &i, end, depth: depth + 1) else { return false }
                        i = Self.skipSpace(b, i, end)
                        guard i < end, b[i] == 58 else { return false }
                        i = Self.skipSpace(b, i + 1, end)
                    }
                    guard value(b, &i, end, depth: depth + 1) else { return false }
                    i = Self.skipSpace(b, i, end)
                    guard i < end else { return false }
                    if b[i] == 44 { i += 1; continue }
                    if b[i] == close { i += 1; break }
                    return false
                }
            }
            entries[slot].end = i
            entries[slot].next = entries.count
            return true
        case 116: return literal("true", b, &i, end)
        case 102: return literal("false", b, &i, end)
        case 110: return literal("null", b, &i, end)
        default: return number(b, &i, end)
        }
    }

    private mutating func literal(_ word: StaticString, _ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Bool {
        guard ByteScan.hasPrefix(word, b[i..<end]) else { return false }
        entries.append(Entry(kind: .literal, escaped: false, start: i, end: i + word.utf8CodeUnitCount, next: entries.count + 1))
        i += word.utf8CodeUnitCount
        return true
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`
    private mutating func number(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Bool {
        let start = i
        func digits() -> Bool {
            guard i < end, b[i] >= 48, b[i] <= 57 else { return false }
            while i < end, b[i] >= 48, b[i] <= 57 { i += 1 }
            return true
        }
        if i < end, b[i] == 45 { i += 1 }
        guard i < end, b[i] >= 48, b[i] <= 57 else { return false }
        if b[i] == 48 { i += 1 } else { _ = digits() }
        if i < end, b[i] == 46 { i += 1; guard digits() else { return false } }
        if i < end, b[i] == 101 || b[i] == 69 {
            i += 1
            if i < end, b[i] == 43 || b[i] == 45 { i += 1 }
            guard digits() else { return false }
        }
        entries.append(Entry(kind: .number, escaped: false, start: start, end: i, next: entries.count + 1))
        return true
    }
}

/// One value on a `JSONTape`, read in place: the same questions `JSONValue` answers (member,
/// string, number, array, text, integer), with the same answers, but a member lookup compares key
/// bytes and only `string`/`text` build a `String`. Valid only while the line's bytes and the
/// tape are (inside `JSONLParser.parse`).
struct JSONNode {
    let bytes: UnsafeBufferPointer<UInt8>
    let tape: UnsafeBufferPointer<JSONTape.Entry>
    let index: Int

    var entry: JSONTape.Entry { tape[index] }
    var kind: JSONTape.Kind { tape[index].kind }
    var isObject: Bool { kind == .object }

    /// The member `key` of an object (nil for non-objects or a missing key); with duplicate keys
    /// the first one wins, as in `JSONValue`.
    subscript(key: StaticString) -> JSONNode? {
        let e = tape[index]
        guard e.kind == .object else { return nil }
        var k = index + 1
        while k < e.next {
            let v = tape[k].next
            if keyEquals(k, key) { return JSONNode(bytes: bytes, tape: tape, index: v) }
            k = tape[v].next
        }
        return nil
    }

    /// Follows a path of object keys: `node["bounce", "bouncedRecipients"]`.
    subscript(first: StaticString, rest: StaticString...) -> JSONNode? {
        var v = self[first]
        for key in rest { v = v?[key] }
        return v
    }

    private func keyEquals(_ k: Int, _ key: StaticString) -> Bool {
        let e = tape[k]
        if e.escaped {
            return JSONString.decode(bytes, from: e.start, to: e.end, escaped: true) == key.description
        }
        return key.withUTF8Buffer { n in
            guard n.count == e.end - e.start else { return false }
            var j = 0
            while j < n.count {
                if bytes[e.start + j] != n[j] { return false }
                j += 1
            }
            return true
        }
    }

    /// An object's members in order, keys decoded (nil for other kinds). For tests and tools:
    /// readers look members up by key instead.
    var members: [(key: String, value: JSONNode)]? {
        let e = tape[index]
        guard e.kind == .object else { return nil }
        var out: [(key: String, value: JSONNode)] = []
        var k = index + 1
        while k < e.next {
            let v = tape[k].next
            let key = JSONString.decode(bytes, from: tape[k].start, to: tape[k].end, escaped: tape[k].escaped)
            out.append((key, JSONNode(bytes: bytes, tape: tape, index: v)))
            k = tape[v].next
        }
        return out
    }

    /// The whole value as `JSONReader` would have built it (tests and the fuzz oracle compare the two).
    var materialized: JSONValue {
        switch kind {
        case .object: return .object((members ?? []).map { JSONValue.Member(key: $0.key, value: $0.value.materialized) })
        case .array: return .array((array ?? []).map(\.materialized))
        case .string: return .string(string ?? "")
        case .number: return .number(number ?? .nan)
        case .literal:
            let first = bytes[entry.start]
            return first == UInt8(ascii: "n") ? .null : .bool(first == UInt8(ascii: "t"))
        }
    }

    /// The decoded string (nil for other kinds).
    var string: String? {
        let e = tape[index]
        guard e.kind == .string else { return nil }
        return JSONString.decode(bytes, from: e.start, to: e.end, escaped: e.escaped)
    }

    /// The raw bytes of a string without escapes (nil otherwise): read without building a String.
    var plainStringBytes: Bytes? {
        let e = tape[index]
        guard e.kind == .string, !e.escaped else { return nil }
        return bytes[e.start..<e.end]
    }

    /// The number (nil for other kinds), converted as `JSONReader` does.
    var number: Double? {
        let e = tape[index]
        guard e.kind == .number else { return nil }
        let negative = bytes[e.start] == 45
        let digitStart = e.start + (negative ? 1 : 0)
        var simple = true
        for k in digitStart..<e.end where bytes[k] < 48 || bytes[k] > 57 { simple = false; break }
        if simple, e.end - digitStart <= 15 {
            let (v, _) = ByteScan.leadingInt(bytes[digitStart..<e.end])
            return negative ? -Double(v) : Double(v)
        }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[e.start..<e.end]), as: UTF8.self))
    }

    /// The elements of an array (nil for other kinds).
    var array: [JSONNode]? {
        let e = tape[index]
        guard e.kind == .array else { return nil }
        var out: [JSONNode] = []
        var k = index + 1
        while k < e.next {
            out.append(JSONNode(bytes: bytes, tape: tape, index: k))
            k = tape[k].next
        }
        return out
    }

    /// A non-empty string value (after trimming spaces), else nil — as `JSONValue.text`.
    var text: String? {
        guard let s = string, !s.isEmpty else { return nil }
        if let f = s.utf8.first, let l = s.utf8.last, f > 32, l > 32 { return s }
        let t = s.trimmingSpacesAndNewlines
        return t.isEmpty ? nil : String(t)
    }

    /// An integer from a number, or from a string of digits (`"550"`), else nil — as `JSONValue.integer`.
    var integer: Int? {
        switch kind {
        case .number:
            guard let n = number, n.isFinite, n == n.rounded(), abs(n) < 1e15 else { return nil }
            return Int(n)
        case .string:
            return string.flatMap { Int($0.trimmingSpacesAndNewlines) }
        default:
            return nil
        }
    }
}
