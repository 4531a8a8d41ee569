/// The byte-level anatomy of a Postfix log line (real Postfix logs):
///
///     <prefix?> <stamp> <host> <syslog_name>/<daemon>[<pid>]: <QUEUEID>: to=<rcpt>, [orig_to=<a>,] relay=…, delay=…, dsn=X.Y.Z, status=<word> (<text>)
enum PostfixLine {
    enum Daemon: Equatable {
        /// smtp, lmtp, local, virtual, pipe, error, retry, discard.
        case delivery
        case qmgr
        case other
    }

    struct Header {
        var stamp: LogTimestamp
        var daemon: Daemon
        /// Index of the first byte after `tag: `.
        var body: Int
    }

    enum HeaderScan {
        case found(Header)
        case noTimestamp
        case noTag
    }

    /// How far into a line a stamp may start (docker-compose and priority prefixes are short).
    static let stampSearchLimit = 256

    /// Finds the stamp (at the start, or after a short prefix at a non-alphanumeric boundary),
    /// then an optional host and the `…/daemon[pid]:` tag.
    static func header(_ b: UnsafeBufferPointer<UInt8>, end: Int) -> HeaderScan {
        var stamp: LogTimestamp?
        var p = 0
        let limit = min(end, stampSearchLimit)
        while p < limit {
            if p == 0 || !ByteScan.isAlnum(b[p - 1]) {
                let c = b[p]
                if ByteScan.isDigit(c) {
                    stamp = LogTimestampScanner.iso(b, at: p, end: end, spaceSeparator: true)
                } else if ByteScan.isAlpha(c) {
                    stamp = LogTimestampScanner.syslog(b, at: p, end: end)
                }
                if let s = stamp, s.end < end, b[s.end] == 32 { break }
                stamp = nil
            }
            p += 1
        }
        guard let stamp else { return .noTimestamp }
        // Host, then tag; a tag straight after the stamp (no host) is accepted too.
        var q = stamp.end
        for _ in 0..<2 {
            while q < end, b[q] == 32 { q += 1 }
            let tokenStart = q
            while q < end, b[q] != 32 { q += 1 }
            if let daemon = tag(b, tokenStart..<q), q < end {
                return .found(Header(stamp: stamp, daemon: daemon, body: q + 1))
            }
        }
        return .noTag
    }

    /// The daemon of a `postfix-out/smtp[123]:` style token, or nil when the token is no tag.
    static func tag(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Daemon? {
        guard r.count >= 4, b[r.upperBound - 1] == 58 else { return nil }  // ends with ':'
        var nameEnd = r.upperBound - 1
        if b[nameEnd - 1] == 93 {  // "[pid]"
            guard let open = ByteScan.index(of: 91, in: b[r.lowerBound..<nameEnd]) else { return nil }
            nameEnd = open
        }
        var slash: Int?
        var i = nameEnd
        while i > r.lowerBound {
            i -= 1
            if b[i] == 47 { slash = i; break }
        }
        guard let slash, slash > r.lowerBound else { return nil }
        let name = b[(slash + 1)..<nameEnd]
        if ByteScan.equals(name, "qmgr") { return .qmgr }
        for agent in deliveryAgents where ByteScan.equals(name, agent) { return .delivery }
        return .other
    }

    static let deliveryAgents: [StaticString] = ["smtp", "lmtp", "local", "virtual", "pipe", "error", "retry", "discard"]

    /// The queue id at `p` (1–32 alphanumerics followed by `: `): short hex ids, long ids, and
    /// whatever else a patched or test MTA writes there (lenient: the line shape decides).
    static func queueID(_ b: UnsafeBufferPointer<UInt8>, at p: Int, end: Int) -> Range<Int>? {
        var q = p
        while q < end, ByteScan.isAlnum(b[q]) { q += 1 }
        guard q - p >= 1, q - p <= 32, q + 1 < end, b[q] == 58, b[q + 1] == 32 else { return nil }
        return p..<q
    }

    struct Fields {
        /// Inside `to=<…>` (may be empty: `to=<>`).
        var to: Range<Int>?
        var relay: Range<Int>?
        var dsn: Range<Int>?
        var status: Range<Int>
        /// Inside the parentheses after the status word, when present.
        var text: Range<Int>?
    }

    enum FieldScan {
        case found(Fields)
        case malformed(String)
    }

    /// Reads `key=value, ` fields up to `status=<word>` and its parenthesised text.
    static func fields(_ b: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> FieldScan {
        var p = start
        var to: Range<Int>?, relay: Range<Int>?, dsn: Range<Int>?
        while true {
            while p < end, b[p] == 32 || b[p] == 44 { p += 1 }
            let keyStart = p
            while p < end, b[p] != 61, b[p] != 32, b[p] != 44 { p += 1 }
            guard p < end, b[p] == 61 else { return .malformed("no status= field") }
            let key = b[keyStart..<p]
            p += 1
            if ByteScan.equals(key, "status") {
                let wordStart = p
                while p < end, b[p] != 32, b[p] != 44, b[p] != 40 { p += 1 }
                return .found(Fields(to: to, relay: relay, dsn: dsn, status: wordStart..<p,
                                     text: parenthesised(b, from: p, end: end)))
            }
            let isTo = ByteScan.equals(key, "to")
            if p < end, b[p] == 60 {
                guard let close = ByteScan.angleAddressEnd(b, open: p, end: end) else {
                    return .malformed(isTo ? "unterminated to=<" : "unterminated address")
                }
                if isTo { to = (p + 1)..<(close - 1) }
                p = close
            } else {
                if isTo { return .malformed("to= without <address>") }
                let valueStart = p
                while p < end, !(b[p] == 44 && (p + 1 == end || b[p + 1] == 32)) { p += 1 }
                if ByteScan.equals(key, "relay") { relay = valueStart..<p } else if ByteScan.equals(key, "dsn") {
                    dsn = valueStart..<p
                }
            }
        }
    }

    /// The text inside the first `(` after `p`, up to the `)` that ends the line. A line cut
    /// inside the text (no final `)`) gives the text up to the cut.
    static func parenthesised(_ b: UnsafeBufferPointer<UInt8>, from p: Int, end: Int) -> Range<Int>? {
        guard let open = ByteScan.index(of: 40, in: b[p..<end]) else { return nil }
        let closed = end - 1 > open && b[end - 1] == 41
        return (open + 1)..<(closed ? end - 1 : end)
    }

    /// The outcome of a status word; nil for verification results and unknown words.
    static func outcome(_ w: Bytes) -> Outcome? {
        if ByteScan.equals(w, "sent") { return .delivered }
        if ByteScan.equals(w, "deferred") || ByteScan.equals(w, "SOFTBOUNCE") { return .deferred }
        if ByteScan.equals(w, "bounced") { return .bounced }
        if ByteScan.equals(w, "expired") { return .expired }
        return nil
    }
}
