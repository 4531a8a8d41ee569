/// The one place that decides which characters of outside text are unsafe, and what each output
/// does with them: the terminal (`clean`), CSV cells (`csvCell`), Markdown table cells
/// (`markdownCell`) and JSON string literals (`jsonString`) — README.md, "Operator guide".
///
/// Everything that came from outside is hostile: escape sequences (`ESC [ 2 J` clears the screen,
/// `ESC ] 0 ; title BEL` retitles the window), C0/C1 controls, DEL and bidi overrides (which can
/// make `moc.duolci@x` read as an innocent address). This strips escape sequences and bidi
/// controls, turns tabs and line breaks into spaces and any other control into `?`.
///
/// ```swift
/// TextSanitizer.clean("x\u{1B}[2J@icloud.com")   // "x@icloud.com"
/// ```
/// It lives in the core so that the console, the CLI and the export writer share one policy.
public enum TextSanitizer {
    /// Bidi embeddings, overrides, isolates and marks: they reorder what the reader sees
    /// (`moc.duolci@x`) without being visible themselves.
    @inline(__always)
    public static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// C0 controls, DEL and C1 controls: a terminal acts on them.
    @inline(__always)
    public static func isControl(_ v: UInt32) -> Bool { v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) }

    /// Line and paragraph breaks, which would split a one-line field.
    @inline(__always)
    public static func isLineBreak(_ v: UInt32) -> Bool { v == 0x0A || v == 0x0D || v == 0x2028 || v == 0x2029 }

    /// Returns a single-line, control-free version of `s`, at most `maxLength` characters
    /// (a trailing `…` marks a cut).
    public static func clean(_ s: String, maxLength: Int = 4096) -> String {
        // Concrete fast path: the generic one below is not specialised across modules, and CLI
        // listings and console frames call this for every field of every row.
        if s.utf8.count <= maxLength, s.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) { return s }
        return clean(s[...], maxLength: maxLength)
    }

    /// `clean` for any string slice.
    public static func clean(_ s: some StringProtocol, maxLength: Int = 4096) -> String {
        if isPlainASCII(s), s.utf8.count <= maxLength { return String(s) }
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        var count = 0
        while let c = it.next() {
            if count >= maxLength { out.append("…"); break }
            switch c.value {
            case 0x1B:
                skipEscape(&it)
            case 0x9B:                                   // C1 CSI
                skipCSI(&it)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:           // C1 DCS, SOS, OSC, PM, APC: string until ST
                skipString(&it)
            case 0x09, 0x0B, 0x0C:
                out.append(" "); count += 1
            case let v where isLineBreak(v):
                out.append(" "); count += 1
            case let v where isControl(v):
                out.append("?"); count += 1
            case let v where isBidiControl(v):
                break
            default:
                out.append(c); count += 1
            }
        }
        return String(out)
    }

    /// Cleans each line of a multi-line text separately (escalation drafts, help text).
    public static func cleanLines(_ s: String, maxLength: Int = 4096) -> [String] {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { clean($0, maxLength: maxLength) }
    }

    private static func isPlainASCII(_ s: some StringProtocol) -> Bool {
        for b in s.utf8 where b < 0x20 || b > 0x7E { return false }
        return true
    }

    /// After ESC: CSI (`[`), string sequences (`]`, `P`, `X`, `^`, `_`) or a two-byte escape.
    private static func skipEscape<I: IteratorProtocol>(_ it: inout I) where I.Element == Unicode.Scalar {
        guard let next = it.next() else { return }
        switch next {
        case "[": skipCSI(&it)
        case "]", "P", "X", "^", "_": skipString(&it)
        case " "..."/":                                  // nF escapes: intermediates then a final byte
            while let c = it.next(), (0x20...0x2F).contains(c.value) {}
        default: break                                   // ESC c, ESC 7, ESC = …: one char
        }
    }

    /// CSI: parameter and intermediate bytes up to a final byte 0x40–0x7E.
    private static func skipCSI<I: IteratorProtocol>(_ it: inout I) where I.Element == Unicode.Scalar {
        while let c = it.next() {
            if (0x40...0x7E).contains(c.value) { return }
            if !(0x20...0x3F).contains(c.value) { return }   // malformed: stop eating text
        }
    }

    /// OSC/DCS/…: everything up to BEL, ESC \ or C1 ST. Unterminated strings eat the rest,
    /// which is the safe side: the terminal would have too.
    private static func skipString<I: IteratorProtocol>(_ it: inout I) where I.Element == Unicode.Scalar {
        while let c = it.next() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if c.value == 0x1B { _ = it.next(); return }
        }
    }
}
