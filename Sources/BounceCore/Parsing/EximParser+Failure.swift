/// What the text of an Exim `==`/`**` line says (real Exim logs):
///
/// - `SMTP error from remote mail server after RCPT TO:<x>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 …`
///   (older Exim names the host in the text; newer puts it in `H=`, before the text) → stage from
///   the command (`RCPT TO` → rcptTo, `MAIL FROM` → mailFrom, `end of data` → endOfData,
///   `initial connection` → connect, `DATA` → data, `EHLO`/`HELO`/`STARTTLS`/`AUTH` → helo,
///   `pipelined` allowed before any), code and status from the reply, diagnostic = the reply
///   folded by `SMTPReplyText.fold` (Exim's `550-5.1.1 …\n550-5.1.1 …` continuations).
/// - `retry timeout exceeded` / `retry time not reached for any host after a long failure period`
///   → `retryTimeout` (the parser makes a `**` line `expired`).
/// - `Unrouteable address`, `defer (-53): retry time not reached for any host`, `Connection timed
///   out` … → the text folded (`defer (n):` prefix left out), stage `connect` for connection
///   failures, or the command after `in response to` / `SMTP timeout after`.
struct EximFailure {
    var relay: RelayEndpoint?
    var replyCode: Int?
    var status: EnhancedStatus?
    var stage: SMTPStage?
    var diagnostic: String
    var retryTimeout: Bool

    init(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) {
        let text = b[r]
        let hi = r.upperBound
        retryTimeout = ByteScan.search("retry timeout exceeded", in: text) != nil
            || ByteScan.search("after a long failure period", in: text) != nil
        var replyStart: Int?
        if let k = ByteScan.search("SMTP error from remote mail server after ", in: text) {
            let command = EximFailure.skipPipelined(b, k + 41, hi)
            stage = EximFailure.stage(command: b[command..<hi])
            // The reply follows the first ": " outside <…>.
            var i = command
            var angle = false
            while i + 1 < hi {
                let c = b[i]
                if c == 60 { angle = true } else if c == 62 { angle = false } else if !angle, c == 58, b[i + 1] == 32 { break }
                i += 1
            }
            if i + 1 < hi {
                var s = i + 2
                if ByteScan.hasPrefix("host ", b[s..<hi]), let close = ByteScan.index(of: 93, in: b[s..<hi]),
                   close + 1 < hi, b[close + 1] == 58 {
                    relay = RelayEndpoint(b[(s + 5)...close])
                    s = close + 2
                }
                while s < hi, b[s] == 32 { s += 1 }
                replyStart = s
            }
        } else {
            stage = EximFailure.stage(phrase: text)
        }
        let reply = b[(replyStart ?? r.lowerBound)..<hi]
        replyCode = SMTPReplyText.leadingCode(reply)
        status = SMTPReplyText.statusAfterCode(reply)
        diagnostic = SMTPReplyText.fold(reply)
    }

    static func skipPipelined(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, _ hi: Int) -> Int {
        ByteScan.hasPrefix("pipelined ", b[p..<hi]) ? p + 10 : p
    }

    /// The stage an Exim command phrase names (`RCPT TO:<x>`, `end of data`, `initial connection`).
    static func stage(command s: Bytes) -> SMTPStage? {
        if ByteScan.hasPrefix("RCPT TO", s) { return .rcptTo }
        if ByteScan.hasPrefix("MAIL FROM", s) { return .mailFrom }
        if ByteScan.hasPrefix("end of data", s) { return .endOfData }
        if ByteScan.hasPrefix("initial connection", s) { return .connect }
        if ByteScan.hasPrefix("DATA", s) || ByteScan.hasPrefix("sending data block", s) { return .data }
        if ByteScan.hasPrefix("EHLO", s) || ByteScan.hasPrefix("HELO", s) || ByteScan.hasPrefix("LHLO", s)
            || ByteScan.hasPrefix("STARTTLS", s) || ByteScan.hasPrefix("AUTH", s) {
            return .helo
        }
        return nil
    }

    /// The stage of a non-reply failure text.
    static func stage(phrase s: Bytes) -> SMTPStage? {
        for marker: StaticString in [" in response to ", "SMTP timeout after "] {
            if let k = ByteScan.search(marker, in: s) {
                let p = k + marker.utf8CodeUnitCount
                return stage(command: s.base[skipPipelined(s.base, p, s.endIndex)..<s.endIndex])
            }
        }
        for failure: StaticString in ["Connection refused", "Connection timed out", "Network is unreachable",
                                      "No route to host"] where ByteScan.search(failure, in: s) != nil {
            return .connect
        }
        return nil
    }
}
