/// Finds the SMTP reply code and the RFC 3463 enhanced code in free diagnostic text.
///
/// Accepts the shapes real logs use: `550 5.1.1 ...`, `550-5.1.1 ...`, `smtp; 550 5.1.1`,
/// `said: 550 ...`, `#5.1.1`, `5.1.1` alone, `Status: 5.1.1`, `dsn=4.7.0`. A code must stand at a
/// token boundary: IPs (`17.57.154.6`, `- 4.16.55.1`), IPv6 (`2001:558:fe2d::22`), versions
/// (`3.5.0`), ports, dates and `key=123` fields are not codes.
///
/// Precedence among several enhanced codes: a labelled one (`dsn=`, `status:`) — it is what the
/// MTA acted on — then the one right after the reply code (or after a continuation line of the
/// same reply), then the first standalone one. The reply code is the first plausible one, and an
/// enhanced code right after a *different, later* reply code is ignored: in a multi-exchange
/// diagnostic (`550 ... blacklisted ... 503-5.5.1 need RCPT`) the trailing protocol error must
/// not lend its code to the refusal.
enum ReplyCodeScanner {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 }

    /// Characters after which a reply code may start.
    @inline(__always) static func replyMayFollow(_ b: UInt8) -> Bool {
        b == 32 || b == 40 || b == 59 || b == 34 || b == 39 || b == 35 // space ( ; " ' #
    }

    /// Characters after which an enhanced code may start.
    @inline(__always) static func statusMayFollow(_ b: UInt8) -> Bool {
        replyMayFollow(b) || b == 58 || b == 61 || b == 60 || b == 91 || b == 45 || b == 44 // : = < [ - ,
    }

    /// Parses an enhanced code at `i` that ends at a token boundary; returns it and its length.
    static func status(at i: Int, in t: UnsafeBufferPointer<UInt8>) -> (EnhancedStatus, Int)? {
        guard let (s, len) = EnhancedStatus.parse(t[i...]), s.subject <= 7 else { return nil }
        let e = i + len
        if e < t.count {
            let a = t[e]
            if isAlnum(a) { return nil }
            // `5.1.1.3` is an IP, not a code.
            if a == 46, e + 1 < t.count, isDigit(t[e + 1]) { return nil }
        }
        return (s, len)
    }

    /// True when the bytes before `i` end with `label` (already lower-case).
    static func preceded(by label: StaticString, at i: Int, in t: UnsafeBufferPointer<UInt8>) -> Bool {
        label.withUTF8Buffer { l in
            guard i >= l.count else { return false }
            for k in 0..<l.count where t[i - l.count + k] != l[k] { return false }
            return true
        }
    }

    /// Scans normalised (lower-case) text.
    static func scan(_ t: UnsafeBufferPointer<UInt8>) -> (reply: Int?, status: EnhancedStatus?) {
        var reply: Int?
        var best: EnhancedStatus?
        var bestRank = 0 // 3 labelled, 2 after the reply, 1 standalone
        let n = t.count
        var i = 0
        while i < n {
            let b = t[i]
            guard isDigit(b) else { i += 1; continue }
            let prev: UInt8 = i > 0 ? t[i - 1] : 32
            // Length of this run of digits and dots.
            var runEnd = i
            while runEnd < n, isDigit(t[runEnd]) || t[runEnd] == 46 { runEnd += 1 }
            defer { i = max(runEnd, i + 1) }

            if i > 0 && (isAlnum(prev) || prev == 46) { continue }

            // Enhanced code: [245].d.d
            if (b == 50 || b == 52 || b == 53), i + 1 < n, t[i + 1] == 46, statusMayFollow(prev),
               let (s, _) = status(at: i, in: t) {
                let labelled = preceded(by: "dsn=", at: i, in: t) || preceded(by: "status: ", at: i, in: t)
                    || preceded(by: "status:", at: i, in: t) || preceded(by: "status=", at: i, in: t)
                let rank = labelled ? 3 : 1
                // A 2.x.x code alone is too likely a version number.
                if rank > bestRank, s.klass != 2 || labelled { best = s; bestRank = rank }
                continue
            }

            // Reply code: exactly three digits, [245][0-5]d.
            guard i + 3 <= n, replyMayFollow(prev),
                  b == 50 || b == 52 || b == 53,
                  t[i + 1] >= 48, t[i + 1] <= 53, isDigit(t[i + 2]) else { continue }
            let e = i + 3
            if e < n {
                let a = t[e]
                let dashDigit = a == 45 && e + 1 < n && isDigit(t[e + 1])
                guard a == 32 || a == 59 || a == 44 || a == 41 || dashDigit else { continue }
            }
            let code = Int(b - 48) * 100 + Int(t[i + 1] - 48) * 10 + Int(t[i + 2] - 48)
            let sameReply = reply == nil || reply == code
            if reply == nil { reply = code }
            // An enhanced code right after it (`550 5.1.1`, `550-5.1.1`, `550 #5.1.1`).
            var j = e + 1
            if j < n, t[j] == 35 { j += 1 }
            if e < n, t[e] == 32 || t[e] == 45, j < n, let (s, len) = status(at: j, in: t) {
                if sameReply, bestRank < 2 { best = s; bestRank = 2 }
                runEnd = j + len
            } else {
                runEnd = e
            }
        }
        return (reply, best)
    }
}
