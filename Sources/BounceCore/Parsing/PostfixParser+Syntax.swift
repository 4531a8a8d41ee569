/// Byte-level syntax of Postfix log lines.
extension PostfixParser {
    /// Where the `postfix[-instance]/daemon[/daemon][pid]: ` tag is, and the daemon's last name.
    struct Tag {
        var start: Int
        var end: Int
        var daemon: Bytes
    }

    /// Finds the syslog tag. A `postfix` that is not followed by `/daemon[pid]: ` (a container
    /// name in front of the stamp, a word in a reply) is skipped.
    static func findTag(_ all: Bytes) -> Tag? {
        var from = all.startIndex
        let b = all.base
        for _ in 0..<8 {
            guard let p = ByteScan.find("postfix", in: b[from..<all.endIndex]) else { return nil }
            from = p + 7
            if p > all.startIndex {
                let before = b[p - 1]
                guard before == 32 || before == 9 || before == 58 else { continue }
            }
            var i = p + 7
            if i < all.endIndex, b[i] == 45 {  // -instance
                i += 1
                while i < all.endIndex, isAlnum(b[i]) || b[i] == 45 || b[i] == 46 || b[i] == 95 { i += 1 }
            }
            guard i < all.endIndex, b[i] == 47 else { continue }  // '/'
            var nameStart = i + 1
            i += 1
            while i < all.endIndex, isAlnum(b[i]) || b[i] == 45 || b[i] == 95 || b[i] == 47 {
                if b[i] == 47 { nameStart = i + 1 }
                i += 1
            }
            let nameEnd = i
            guard nameEnd > nameStart else { continue }
            if i < all.endIndex, b[i] == 91 {  // [pid]
                i += 1
                let ds = i
                while i < all.endIndex, b[i] >= 48, b[i] <= 57 { i += 1 }
                guard i > ds, i < all.endIndex, b[i] == 93 else { continue }
                i += 1
            }
            guard i + 1 < all.endIndex, b[i] == 58, b[i + 1] == 32 else { continue }
            return Tag(start: p, end: i + 2, daemon: b[nameStart..<nameEnd])
        }
        return nil
    }

    /// The event time from the `<stamp> <host> ` part in front of the tag.
    mutating func timestamp(before tagStart: Int, in all: Bytes) -> Double? {
        var tokens: [Bytes] = []
        var e = tagStart
        let b = all.base
        // Collect up to 5 whitespace-separated tokens walking backwards from the tag.
        while tokens.count < 5 {
            // CR counts as a separator: `\n\r` line endings leave one in front of the stamp.
            while e > all.startIndex, b[e - 1] == 32 || b[e - 1] == 9 || b[e - 1] == 13 { e -= 1 }
            guard e > all.startIndex else { break }
            var s = e
            while s > all.startIndex, b[s - 1] != 32, b[s - 1] != 9, b[s - 1] != 13 { s -= 1 }
            tokens.append(b[s..<e])
            e = s
        }
        // tokens[0] is the host name; the stamp comes before it.
        guard tokens.count >= 2 else { return nil }
        if let t = SyslogTimestamp.rfc3339(tokens[1]) { return t }
        if tokens.count >= 4, let t = stamps.classic(month: tokens[3], day: tokens[2], time: tokens[1]) { return t }
        // `2026-03-03 10:45:29[.123] host` (zone-less ISO with a space).
        if tokens.count >= 3, tokens[2].count == 10 {
            var joined = Array(tokens[2])
            joined.append(84)
            joined.append(contentsOf: tokens[1].prefix(8))
            joined.append(90)
            if let t = joined.withUnsafeBufferPointer({ SyslogTimestamp.rfc3339($0[...]) }) {
                return Double(stamps.zoneAdjusted(wall: Int(t)))
            }
        }
        return nil
    }

    /// Reads an address up to its closing `>`, honouring a quoted local part (`"a b>c"@x`).
    /// Returns the address and the index after `>`.
    static func address(_ s: Bytes) -> (String, Int)? {
        let b = s.base
        var i = s.startIndex
        if i < s.endIndex, b[i] == 34 {
            i += 1
            while i < s.endIndex, b[i] != 34 {
                if b[i] == 92 { i += 1 }  // backslash escape
                i += 1
            }
            guard i < s.endIndex else { return nil }
            i += 1
        }
        while i < s.endIndex, b[i] != 62 { i += 1 }
        guard i < s.endIndex else { return nil }
        return (ByteScan.string(b[s.startIndex..<i]), i + 1)
    }

    /// `host[ip]:port` → `host[ip]` (IPv6 inside brackets keeps its colons).
    static func withoutPort(_ v: Bytes) -> Bytes {
        var e = v.endIndex
        let b = v.base
        var k = e
        while k > v.startIndex, b[k - 1] >= 48, b[k - 1] <= 57 { k -= 1 }
        if k < e, k > v.startIndex, b[k - 1] == 58, k - 1 > v.startIndex, b[k - 2] == 93 { e = k - 1 }
        return b[v.startIndex..<e]
    }

    @inline(__always)
    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}

extension SyslogTimestamp {
    /// Converts a zone-less wall-clock time (epoch seconds as if UTC) to UTC.
    mutating func zoneAdjusted(wall: Int) -> Int {
        zoneUTC(wall)
    }
}
