/// The file formats' policies over the same character classes as the terminal's `clean`.
extension TextSanitizer {
    /// The CLI's terminal policy: `clean` without the 4 KiB cut (one listed field may be long).
    public static func plain(_ s: String) -> String { clean(s, maxLength: 100_000) }

    /// A CSV cell: quoted, quotes doubled, line breaks flattened, other control characters (C0
    /// but tab, DEL, C1) and bidi controls replaced by `?` (CSV has no escapes, and a file that is
    /// `cat`ed must not drive the terminal), formulas neutralised with a leading `'` (a spreadsheet
    /// evaluates a cell starting with `=`, `+`, `-`, `@`, tab or CR, full-width forms included).
    public static func csvCell(_ raw: String) -> String {
        var flat = String.UnicodeScalarView()
        var previousCR = false
        for u in raw.unicodeScalars {
            let v = u.value
            if v == 0x0A, previousCR { previousCR = false; continue }  // CRLF → one space
            previousCR = v == 0x0D
            if isLineBreak(v) {
                flat.append(" ")
            } else if (isControl(v) && v != 0x09) || isBidiControl(v) {
                flat.append("?")
            } else {
                flat.append(u)
            }
        }
        var s = String(flat)
        if let f = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"].contains(f) {
            s = "'" + s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Safe inside a Markdown table cell: the terminal policy (a post-mortem is often `cat`ed),
    /// then no pipes (they would end the cell) and no backticks (they would open code spans).
    public static func markdownCell(_ s: String) -> String {
        clean(s, maxLength: 100_000).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
    }

    /// A JSON string literal with every control, C1 and bidi-control character escaped, so that
    /// `jq` output on a terminal cannot be driven by it either.
    public static func jsonString(_ s: String) -> String {
        // Fast path (nearly every address and reply): printable ASCII needing no escape is copied
        // whole; `queue list --json` spent a third of its time here going scalar by scalar.
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
        if plain { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = u.value
                if isControl(v) || isBidiControl(v) || v == 0x2028 || v == 0x2029 {
                    let hex = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
