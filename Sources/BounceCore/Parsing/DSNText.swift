/// Byte helpers for DSN-style text fields shared by the PowerMTA and JSONL parsers:
/// `smtp; 550 5.1.1 <x>: user does not exist` (SES `diagnosticCode`, PowerMTA `dsnDiag`),
/// `5.1.1 (bad destination mailbox address)` (PowerMTA `dsnStatus`) and
/// `mx01.mail.icloud.com (17.57.154.6)` (PowerMTA `dsnMta`).
public enum DSNText {
    /// `s` without an RFC 3464 type prefix (`smtp;`, `SMTP; `, `dns;`, `X-Postfix;`) and trimmed.
    public static func strippingTypePrefix(_ s: Bytes) -> Bytes {
        let t = ByteScan.trimmed(s)
        var i = t.startIndex
        while i < t.endIndex, i - t.startIndex < 24 {
            let c = t.base[i]
            let isWordByte = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45
            if !isWordByte { break }
            i += 1
        }
        guard i > t.startIndex, i < t.endIndex, t.base[i] == 59 else { return t }  // ';'
        return ByteScan.trimmed(t.base[(i + 1)..<t.endIndex])
    }

    /// The reply code and enhanced status at the start of a diagnostic (after any type prefix):
    /// `550 5.1.1 ...`, `550-5.1.1 ...`, `421 Try again later`, `5.1.1 (bad destination ...)`.
    public static func codes(_ s: Bytes) -> (replyCode: Int?, status: EnhancedStatus?) {
        let t = strippingTypePrefix(s)
        let b = t.base
        var i = t.startIndex
        var code: Int?
        if t.count >= 3, b[i] >= 50, b[i] <= 53, isDigit(b[i + 1]), isDigit(b[i + 2]),
           t.count == 3 || b[i + 3] == 32 || b[i + 3] == 45 || b[i + 3] == 9 {
            code = Int(b[i] - 48) * 100 + Int(b[i + 1] - 48) * 10 + Int(b[i + 2] - 48)
            i += 3
            while i < t.endIndex, b[i] == 32 || b[i] == 45 || b[i] == 9 { i += 1 }
        }
        return (code, status(atStartOf: b[i..<t.endIndex]))
    }

    /// An enhanced status code at the very start of `s`, when it is followed by a delimiter
    /// (so `5.1.1.2` or `5.1.1abc` are not codes).
    public static func status(atStartOf s: Bytes) -> EnhancedStatus? {
        guard let (status, length) = EnhancedStatus.parse(s) else { return nil }
        let next = s.startIndex + length
        if next < s.endIndex {
            let c = s.base[next]
            let ok = c == 32 || c == 9 || c == 40 || c == 41 || c == 44 || c == 59 || c == 58 || c == 45
                || c == 93 || c == 91
            guard ok else { return nil }
        }
        return status
    }

    /// One-line text for `diagnostic`: type prefix removed, CR/LF/TAB folded to spaces, trimmed.
    public static func diagnostic(_ s: Bytes) -> String {
        oneLine(strippingTypePrefix(s))
    }

    /// `s` as a String with CR, LF and TAB folded to single spaces and trimmed.
    public static func oneLine(_ s: Bytes) -> String {
        let t = ByteScan.trimmed(s)
        var needsFold = false
        for c in t where c == 10 || c == 13 || c == 9 { needsFold = true; break }
        guard needsFold else { return ByteScan.string(t) }
        var out = [UInt8]()
        out.reserveCapacity(t.count)
        for c in t {
            let folded: UInt8 = (c == 10 || c == 13 || c == 9) ? 32 : c
            if folded == 32, out.last == 32 { continue }
            out.append(folded)
        }
        while out.last == 32 { out.removeLast() }
        while out.first == 32 { out.removeFirst() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits a remote-MTA field into host and IP: `mx01.mail.icloud.com (17.57.154.6)`,
    /// `mx6.mail.icloud.com[17.178.97.79]`, `dns; mx01.mail.icloud.com`, `17.57.154.6`,
    /// `[IPv6:2001:db8::1]`. The host is lower-cased without a trailing dot.
    public static func relay(_ s: Bytes) -> (host: String?, ip: String?) {
        let t = strippingTypePrefix(s)
        guard !t.isEmpty else { return (nil, nil) }
        let b = t.base
        var hostEnd = t.endIndex
        var ip: String?
        // Find an opening bracket/paren introducing the address.
        var i = t.startIndex
        while i < t.endIndex, b[i] != 40, b[i] != 91 { i += 1 }
        if i < t.endIndex {
            hostEnd = i
            let close: UInt8 = b[i] == 40 ? 41 : 93
            var j = i + 1
            while j < t.endIndex, b[j] != close { j += 1 }
            var inner = ByteScan.trimmed(b[(i + 1)..<j])
            if ByteScan.hasPrefix("IPv6:", inner) || ByteScan.hasPrefix("ipv6:", inner) {
                inner = inner.base[(inner.startIndex + 5)..<inner.endIndex]
            }
            if looksLikeIP(inner) { ip = ByteScan.lowercasedString(inner) }
        }
        var host = ByteScan.trimmed(b[t.startIndex..<hostEnd])
        while let last = host.last, last == 46 { host = host.base[host.startIndex..<(host.endIndex - 1)] }
        if host.isEmpty { return (nil, ip) }
        if looksLikeIP(host) { return (nil, ip ?? ByteScan.lowercasedString(host)) }
        // A host name has no spaces; anything else is not a host we can use.
        for c in host where c == 32 || c == 9 || c < 32 { return (nil, ip) }
        return (ByteScan.lowercasedString(host), ip)
    }

    /// True for dotted-quad IPv4 or colon-hex IPv6 text (loose: shape only).
    public static func looksLikeIP(_ s: Bytes) -> Bool {
        guard s.count >= 2, s.count <= 45 else { return false }
        var dots = 0, colons = 0
        for c in s {
            if c == 46 { dots += 1 } else if c == 58 { colons += 1 } else if isDigit(c) { continue }
            else if (c >= 97 && c <= 102) || (c >= 65 && c <= 70) { if colons == 0 && dots > 0 { return false } }
            else { return false }
        }
        if colons >= 2 { return true }
        guard dots == 3, colons == 0 else { return false }
        for c in s where !(isDigit(c) || c == 46) { return false }
        return true
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
