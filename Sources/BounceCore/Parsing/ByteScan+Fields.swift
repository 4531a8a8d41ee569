#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte helpers for the field shapes the Postfix and Exim parsers share: character classes,
/// literal comparisons, `<address>` values with quoted local parts, and `host[ip]` relays.
extension ByteScan {
    @inlinable
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    @inlinable
    static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    @inlinable
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }

    @inlinable
    static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 }

    /// Index of the first occurrence of `needle` in `hay`, or nil. Jumps between candidates with
    /// libc `memchr` on the needle's last byte when that is punctuation (`status=`, `to=<`), which
    /// is rare in log text, else on its first byte.
    public static func search(_ needle: StaticString, in hay: Bytes) -> Int? {
        let m = needle.utf8CodeUnitCount
        guard m > 0, hay.count >= m, let base = hay.base.baseAddress else { return nil }
        let n = needle.utf8Start
        let k = isAlnum(n[m - 1]) || n[m - 1] == 32 ? 0 : m - 1  // anchor offset inside the needle
        let anchor = Int32(n[k])
        var i = hay.startIndex + k
        let last = hay.endIndex - m + k
        while i <= last {
            guard let hit = memchr(base + i, anchor, last - i + 1) else { return nil }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if memcmp(base + at - k, n, m) == 0 { return at - k }
            i = at + 1
        }
        return nil
    }

    /// Lower-cased ASCII copy as a String, written straight into the string's storage (non-ASCII
    /// bytes kept; invalid UTF-8 repaired).
    static func lowercased(_ s: Bytes) -> String {
        String(unsafeUninitializedCapacity: s.count) { out in
            var i = 0
            for c in s {
                out[i] = c >= 65 && c <= 90 ? c + 32 : c
                i += 1
            }
            return i
        }
    }

    /// True if `hay` ends with `suffix`.
    @inlinable
    public static func hasSuffix(_ suffix: StaticString, _ hay: Bytes) -> Bool {
        suffix.withUTF8Buffer { p in
            guard hay.count >= p.count else { return false }
            let start = hay.endIndex - p.count
            var i = 0
            while i < p.count {
                if hay.base[start + i] != p[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// True if `s` is exactly `literal` (byte for byte).
    @inlinable
    static func equals(_ s: Bytes, _ literal: StaticString) -> Bool {
        s.count == literal.utf8CodeUnitCount && hasPrefix(literal, s)
    }

    /// True if `s` equals `literal` ignoring ASCII case.
    static func equalsIgnoringCase(_ s: Bytes, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { p in
            guard s.count == p.count else { return false }
            var i = 0
            while i < p.count {
                if s.base[s.startIndex + i] | 0x20 != p[i] | 0x20 { return false }
                i += 1
            }
            return true
        }
    }

    /// Index just past the `>` that closes an address starting at `open` (which holds `<`).
    ///
    /// A `>` inside a quoted local part does not close it (`<"a>b c"@icloud.com>`); a backslash
    /// escapes the next byte inside quotes. Returns nil when the address is unterminated.
    static func angleAddressEnd(_ b: UnsafeBufferPointer<UInt8>, open: Int, end: Int) -> Int? {
        // A `>` only closes the address when a field separator (or the end) follows: hostile
        // local parts may contain `>` or an unbalanced `"`, and they are data, not syntax.
        func closes(_ i: Int) -> Bool { i + 1 >= end || b[i + 1] == 44 || b[i + 1] == 32 }
        var i = open + 1
        var quoted = false
        while i < end {
            let c = b[i]
            if quoted {
                if c == 92 { i += 2; continue }  // backslash escape
                if c == 34 { quoted = false }
            } else if c == 34 {
                quoted = true
            } else if c == 62, closes(i) {
                return i + 1
            }
            i += 1
        }
        // Unbalanced quote: fall back to the first `>` followed by a separator.
        i = open + 1
        while i < end {
            if b[i] == 62, closes(i) { return i + 1 }
            i += 1
        }
        return nil
    }

    /// Recipient and lower-cased domain from raw address bytes: the local part is kept exactly,
    /// the domain (after the last `@`) is lower-cased in both results.
    static func recipient(_ s: Bytes) -> (address: String, domain: String) {
        var at: Int?
        var i = s.endIndex
        while i > s.startIndex {
            i -= 1
            if s.base[i] == 64 { at = i; break }
        }
        guard let at else { return (string(s), "") }
        let domain = lowercased(s.base[(at + 1)..<s.endIndex])
        return (string(s.base[s.startIndex...at]) + domain, domain)
    }
}

/// A remote MTA as logged: `mx2.comcast.net[2001:558:fe2d:70::22]:25` (Postfix),
/// `mx0.gmx.com [74.208.5.90]` (Exim), `none`, `private/dovecot-lmtp`.
struct RelayEndpoint {
    var host: String?
    var ip: String?

    init(host: String? = nil, ip: String? = nil) {
        self.host = host
        self.ip = ip
    }

    /// Splits `name[ip]` or `name [ip]` with an optional `:port`; `none`/empty give no host.
    init(_ s: Bytes) {
        let b = s.base
        var open: Int?
        var i = s.startIndex
        while i < s.endIndex {
            if b[i] == 91 { open = i; break }  // [
            i += 1
        }
        var nameEnd = open ?? s.endIndex
        while nameEnd > s.startIndex, ByteScan.isSpace(b[nameEnd - 1]) || b[nameEnd - 1] == 58 { nameEnd -= 1 }
        let name = b[s.startIndex..<nameEnd]
        if !name.isEmpty, !ByteScan.equalsIgnoringCase(name, "none") {
            host = ByteScan.lowercased(name)
        }
        if let open, let close = ByteScan.index(of: 93, in: b[(open + 1)..<s.endIndex]) {
            ip = RelayEndpoint.ipString(b[(open + 1)..<close])
        }
    }

    /// The bytes as an IP string when they look like IPv4/IPv6 (an `IPv6:` prefix is dropped);
    /// nil for socket paths such as `private/dovecot-lmtp`.
    static func ipString(_ s: Bytes) -> String? {
        var v = s
        if v.count > 5, ByteScan.equalsIgnoringCase(v.base[v.startIndex..<(v.startIndex + 5)], "ipv6:") {
            v = v.base[(v.startIndex + 5)..<v.endIndex]
        }
        guard !v.isEmpty else { return nil }
        var separators = 0
        for c in v {
            if c == 46 || c == 58 { separators += 1; continue }
            guard ByteScan.isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102) else { return nil }
        }
        return separators > 0 ? ByteScan.lowercased(v) : nil
    }
}
