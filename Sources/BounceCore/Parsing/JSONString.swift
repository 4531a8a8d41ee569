/// JSON string literals on bytes: one validating scan and one decoder, shared by `JSONReader`
/// (which builds values) and `JSONTape` (which decodes only the strings a reader asks for), so
/// both accept and decode exactly the same strings.
///
/// Rules (RFC 8259): raw control characters are rejected, escapes are `\" \\ \/ \b \f \n \r \t`
/// and `\uXXXX`; a `\uXXXX` surrogate pair decodes to one scalar and a lone surrogate to U+FFFD;
/// invalid UTF-8 is replaced with U+FFFD rather than failing (a bad byte in a reply text should
/// not lose the event).
enum JSONString {
    /// Scans the literal whose opening quote is at `open`: the index of its closing quote and
    /// whether it holds escapes, or nil when it is unterminated or invalid.
    @inline(__always)
    static func scan(_ b: UnsafeBufferPointer<UInt8>, open: Int, end: Int) -> (close: Int, escaped: Bool)? {
        var i = open + 1
        var escaped = false
        while i < end {
            let c = b[i]
            if c == 34 { return (i, escaped) }
            if c < 32 { return nil }
            if c == 92 {
                escaped = true
                guard i + 1 < end else { return nil }
                switch b[i + 1] {
                case 34, 92, 47, 98, 102, 110, 114, 116: i += 2
                case 117:
                    guard end - (i + 2) >= 4, hex4(b, at: i + 2) != nil else { return nil }
                    i += 6
                default: return nil
                }
                continue
            }
            i += 1
        }
        return nil
    }

    /// The text of a literal `scan` accepted: the bytes strictly between its quotes.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to close: Int, escaped: Bool) -> String {
        if !escaped { return String(decoding: UnsafeBufferPointer(rebasing: b[start..<close]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(close - start)
        var i = start
        while i < close {
            let c = b[i]
            if c != 92 { out.append(c); i += 1; continue }
            let e = b[i + 1]
            i += 2
            switch e {
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                let unit = hex4(b, at: i) ?? 0xFFFD
                i += 4
                var scalar: UInt32 = 0xFFFD
                if unit >= 0xD800, unit <= 0xDBFF {
                    // A high surrogate must be followed by `\u` + low surrogate.
                    if close - i >= 6, b[i] == 92, b[i + 1] == 117, let low = hex4(b, at: i + 2), low >= 0xDC00, low <= 0xDFFF {
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                } else if unit < 0xDC00 || unit > 0xDFFF {
                    scalar = unit
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e)   // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func hex4(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            let c = b[k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    static func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
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
}
