/// SMTP reply text as logged by MTAs: the reply code, the enhanced status after it, and folding
/// a multi-line reply into one clean line. Shared by the Postfix and Exim parsers.
///
/// Postfix folds a multi-line reply onto one line and Exim writes its line breaks as `\n`, so a
/// Gmail rejection arrives as (real Postfix logs):
///
///     550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp
///
/// and `fold` turns it into
///
///     550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp
public enum SMTPReplyText {
    /// The reply code (`2xx`–`5xx`) at the start of `s` when it is followed by a space, a `-`
    /// or the end of the text.
    public static func leadingCode(_ s: Bytes) -> Int? {
        guard s.count >= 3 else { return nil }
        let b = s.base, i = s.startIndex
        let c0 = b[i], c1 = b[i + 1], c2 = b[i + 2]
        guard c0 >= 50, c0 <= 53, ByteScan.isDigit(c1), ByteScan.isDigit(c2) else { return nil }
        if s.count > 3 {
            let c3 = b[i + 3]
            guard c3 == 32 || c3 == 45 || c3 == 9 else { return nil }
        }
        return Int(c0 - 48) * 100 + Int(c1 - 48) * 10 + Int(c2 - 48)
    }

    /// The enhanced status that follows a reply code (`550 5.1.1 …`, `550-5.1.1 …`), if any.
    public static func statusAfterCode(_ s: Bytes) -> EnhancedStatus? {
        guard leadingCode(s) != nil, s.count > 4 else { return nil }
        var i = s.startIndex + 4
        while i < s.endIndex, ByteScan.isSpace(s.base[i]) { i += 1 }
        guard let (status, length) = EnhancedStatus.parse(s.base[i..<s.endIndex]) else { return nil }
        let after = i + length
        // "5.1.1." or "5.1.1a" is not a code followed by text.
        if after < s.endIndex, s.base[after] == 46 || ByteScan.isAlnum(s.base[after]) { return nil }
        return status
    }

    /// One line of text: whitespace and control bytes collapsed to single spaces, Exim's `\n`
    /// before a continuation line treated as a space, and, when the reply is multi-line
    /// (`550-…`), the repeated `550-5.1.1` / `550 5.1.1` continuation prefixes dropped after the
    /// first, which is written `550 5.1.1`. Invalid UTF-8 becomes U+FFFD.
    public static func fold(_ s: Bytes) -> String {
        let head = ByteScan.trimmed(s)
        guard head.count >= 4, leadingCode(head) != nil, head.base[head.startIndex + 3] == 45 else {
            return collapsed(s)
        }
        return foldMultiline(s)
    }

    /// `s` with runs of whitespace and control bytes turned into single spaces, trimmed.
    static func collapsed(_ s: Bytes) -> String {
        String(unsafeUninitializedCapacity: s.count) { out in
            var n = 0
            var pendingSpace = false
            for c in s {
                if c <= 32 || c == 127 {
                    pendingSpace = n > 0
                } else {
                    if pendingSpace { out[n] = 32; n += 1; pendingSpace = false }
                    out[n] = c
                    n += 1
                }
            }
            return n
        }
    }

    static func foldMultiline(_ s: Bytes) -> String {
        let b = s.base
        var tokens: [Range<Int>] = []
        var i = s.startIndex
        var start = -1
        while i < s.endIndex {
            let c = b[i]
            var width = 0
            if c <= 32 || c == 127 {
                width = 1
            } else if c == 92, i + 2 < s.endIndex, b[i + 1] == 110 || b[i + 1] == 114, ByteScan.isDigit(b[i + 2]) {
                width = 2  // Exim's escaped line break before "550-…"
            }
            if width > 0 {
                if start >= 0 { tokens.append(start..<i); start = -1 }
                i += width
            } else {
                if start < 0 { start = i }
                i += 1
            }
        }
        if start >= 0 { tokens.append(start..<s.endIndex) }
        guard let first = tokens.first else { return "" }

        var out = [UInt8]()
        out.reserveCapacity(s.count)
        func append(_ r: Range<Int>) {
            if !out.isEmpty { out.append(32) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[r]))
        }
        func same(_ a: Range<Int>, _ c: Range<Int>) -> Bool {
            a.count == c.count && b[a].elementsEqual(b[c])
        }

        let head = b[first]
        guard head.count >= 4, leadingCode(head) != nil, b[first.lowerBound + 3] == 45 else {
            for t in tokens { append(t) }
            return String(decoding: out, as: UTF8.self)
        }
        // Multi-line reply: first token is "550-5.1.1" or "550-Word".
        let code = first.lowerBound..<(first.lowerBound + 3)
        let rest = (first.lowerBound + 4)..<first.upperBound
        var esc: Range<Int>?
        if let (_, length) = EnhancedStatus.parse(b[rest]), length == rest.count { esc = rest }
        append(code)
        if !rest.isEmpty { append(rest) }
        var awaitingFinal = true
        var k = 1
        while k < tokens.count {
            let t = tokens[k]
            if t.count >= 4, same(t.lowerBound..<(t.lowerBound + 3), code), b[t.lowerBound + 3] == 45 {
                // "550-5.1.1" continuation, or "550-word" when the reply has no enhanced code.
                let r = (t.lowerBound + 4)..<t.upperBound
                awaitingFinal = true
                if !r.isEmpty, esc.map({ !same(r, $0) }) ?? true { append(r) }
                k += 1
                continue
            }
            if awaitingFinal, same(t, code) {
                // The last line: "550 5.1.1 text" or "550 text".
                awaitingFinal = false
                if let esc, k + 1 < tokens.count, same(tokens[k + 1], esc) { k += 2 } else { k += 1 }
                continue
            }
            append(t)
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
