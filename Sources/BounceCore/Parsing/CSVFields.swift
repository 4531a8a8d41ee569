/// RFC 4180 field splitting for one CSV line, on bytes, without copying field contents.
///
/// Reused across lines (its storage keeps its capacity). Quoted fields may contain commas and
/// doubled quotes (`"a ""b"", c"`); a field's bytes are only unescaped when a parser keeps it.
///
/// ```swift
/// var csv = CSVFields()
/// guard csv.split(line[...]) else { return .rejected("unterminated quote") }
/// let rcpt = csv.string(4, in: line)
/// ```
public struct CSVFields: Sendable {
    /// Content range of one field (quotes excluded) and whether it holds doubled quotes.
    public struct Field: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var hasEscapes: Bool
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public var count: Int { fields.count }

    /// Splits `line`; false when a quoted field is not terminated or a closing quote is followed
    /// by something other than a comma (the line is malformed). A bare quote inside an unquoted
    /// field is kept as data, as most CSV writers' readers do.
    public mutating func split(_ line: Bytes) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let b = line.base
        var i = line.startIndex
        let end = line.endIndex
        while true {
            if i < end, b[i] == 34 {  // quoted field
                let start = i + 1
                var j = start
                var escapes = false
                var closed = false
                while j < end {
                    if b[j] == 34 {
                        if j + 1 < end, b[j + 1] == 34 { escapes = true; j += 2; continue }
                        closed = true
                        break
                    }
                    j += 1
                }
                guard closed else { return false }
                fields.append(Field(start: start, end: j, hasEscapes: escapes))
                i = j + 1
                if i == end { return true }
                guard b[i] == 44 else { return false }
                i += 1
            } else {
                var j = i
                while j < end, b[j] != 44 { j += 1 }
                fields.append(Field(start: i, end: j, hasEscapes: false))
                if j == end { return true }
                i = j + 1
            }
        }
    }

    /// The raw (still escaped) bytes of field `index`, or an empty slice when it is absent.
    public func bytes(_ index: Int?, in line: UnsafeBufferPointer<UInt8>) -> Bytes {
        guard let index, index >= 0, index < fields.count else { return line[0..<0] }
        let f = fields[index]
        return line[f.start..<f.end]
    }

    /// Field `index` as a String with doubled quotes unescaped; nil when absent or empty.
    public func string(_ index: Int?, in line: UnsafeBufferPointer<UInt8>) -> String? {
        guard let index, index >= 0, index < fields.count else { return nil }
        let f = fields[index]
        guard f.end > f.start else { return nil }
        if !f.hasEscapes { return ByteScan.string(line[f.start..<f.end]) }
        var out = [UInt8]()
        out.reserveCapacity(f.end - f.start)
        var i = f.start
        while i < f.end {
            out.append(line[i])
            i += line[i] == 34 ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with field `index`'s unescaped bytes (a slice of `line` when the field has no
    /// doubled quotes, a temporary copy otherwise); nil when the field is absent or empty.
    public func withField<R>(
        _ index: Int?, in line: UnsafeBufferPointer<UInt8>, _ body: (Bytes) -> R
    ) -> R? {
        guard let index, index >= 0, index < fields.count else { return nil }
        let f = fields[index]
        guard f.end > f.start else { return nil }
        if !f.hasEscapes { return body(line[f.start..<f.end]) }
        return unescaped(index, in: line)!.withUnsafeBufferPointer { body($0[...]) }
    }

    /// Field `index` unescaped into bytes (for fields that are parsed further), or nil when absent.
    public func unescaped(_ index: Int?, in line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let index, index >= 0, index < fields.count else { return nil }
        let f = fields[index]
        var out = [UInt8]()
        out.reserveCapacity(f.end - f.start)
        var i = f.start
        while i < f.end {
            out.append(line[i])
            i += (f.hasEscapes && line[i] == 34) ? 2 : 1
        }
        return out
    }
}
