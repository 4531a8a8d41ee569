/// What the parenthesised text of a Postfix delivery line says (real Postfix logs):
///
/// - `host X[ip] said: 550 5.1.1 … (in reply to RCPT TO command)` → relay X/ip, code 550,
///   status 5.1.1, stage from the `(in reply to …)` suffix, diagnostic = the reply from its code
///   on, folded (`SMTPReplyText.fold`), without the suffix.
/// - `host X[ip] refused to talk to me: 550 …` → the same with stage `connect`.
/// - `delivery temporarily suspended: host X[ip] said: …` → as the inner text.
/// - `connect to X[ip]:25: Connection timed out` → relay X/ip, stage `connect`, no code.
/// - `lost connection with X[ip] while sending RCPT TO`, `conversation with X[ip] timed out
///   while receiving the initial server greeting` → relay and the stage the phrase names.
/// - anything else (a local reason, `250 2.0.0 Ok: queued as …` on sent lines) → the whole text,
///   folded, with a reply code when it starts with one.
struct PostfixReply {
    var relay: RelayEndpoint?
    var replyCode: Int?
    var status: EnhancedStatus?
    var stage: SMTPStage?
    var diagnostic: String

    init(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) {
        let lo = r.lowerBound
        var hi = r.upperBound
        var stage: SMTPStage?
        if let k = ByteScan.search(" (in reply to ", in: b[lo..<hi]) {
            stage = PostfixReply.stage(inReplyTo: b[(k + 14)..<hi])
            hi = k
        }
        var inner = lo
        if ByteScan.hasPrefix("delivery temporarily suspended: ", b[lo..<hi]) { inner += 32 }
        var reply: Int?
        var relay: RelayEndpoint?
        let text = b[inner..<hi]
        if ByteScan.hasPrefix("host ", text) {
            let (endpoint, after) = PostfixReply.endpoint(b, from: inner + 5, end: hi)
            relay = endpoint
            let rest = b[after..<hi]
            if ByteScan.hasPrefix(" said: ", rest) {
                reply = after + 7
            } else if ByteScan.hasPrefix(" refused to talk to me: ", rest) {
                reply = after + 24
                stage = .connect
            }
        } else if ByteScan.hasPrefix("connect to ", text) {
            relay = PostfixReply.endpoint(b, from: inner + 11, end: hi).endpoint
            stage = .connect
        } else if ByteScan.hasPrefix("lost connection with ", text) {
            relay = PostfixReply.endpoint(b, from: inner + 21, end: hi).endpoint
            stage = PostfixReply.stage(whilePhrase: text) ?? stage
        } else if ByteScan.hasPrefix("conversation with ", text) {
            relay = PostfixReply.endpoint(b, from: inner + 18, end: hi).endpoint
            stage = PostfixReply.stage(whilePhrase: text) ?? stage
        }
        let replyText = reply.map { b[$0..<hi] } ?? b[lo..<hi]
        self.relay = relay
        self.stage = stage
        replyCode = SMTPReplyText.leadingCode(replyText)
        status = SMTPReplyText.statusAfterCode(replyText)
        diagnostic = SMTPReplyText.fold(replyText)
    }

    /// `name[ip]` (up to the next space) at `p`; nil unless it has a bracketed part.
    static func endpoint(_ b: UnsafeBufferPointer<UInt8>, from p: Int, end: Int) -> (endpoint: RelayEndpoint?, after: Int) {
        var q = p
        while q < end, b[q] != 32 { q += 1 }
        guard ByteScan.index(of: 91, in: b[p..<q]) != nil else { return (nil, q) }
        return (RelayEndpoint(b[p..<q]), q)
    }

    /// The command named after `(in reply to ` (`RCPT TO command)`), also when cut short.
    static func stage(inReplyTo s: Bytes) -> SMTPStage? {
        if ByteScan.hasPrefix("RCPT TO", s) { return .rcptTo }
        if ByteScan.hasPrefix("MAIL FROM", s) { return .mailFrom }
        if ByteScan.hasPrefix("end of DATA", s) { return .endOfData }
        if ByteScan.hasPrefix("DATA", s) { return .data }
        if ByteScan.hasPrefix("HELO", s) || ByteScan.hasPrefix("EHLO", s) || ByteScan.hasPrefix("LHLO", s)
            || ByteScan.hasPrefix("STARTTLS", s) || ByteScan.hasPrefix("AUTH", s)
            || ByteScan.hasPrefix("XFORWARD", s) || ByteScan.hasPrefix("XCLIENT", s) {
            return .helo
        }
        return nil
    }

    /// The stage a `… while <phrase>` names (`lost connection with X while sending RCPT TO`).
    static func stage(whilePhrase s: Bytes) -> SMTPStage? {
        guard let w = ByteScan.search(" while ", in: s) else { return nil }
        let p = s.base[(w + 7)..<s.endIndex]
        if ByteScan.hasPrefix("receiving the initial server greeting", p) { return .connect }
        if ByteScan.hasPrefix("performing the", p) { return .helo }  // EHLO/HELO/LHLO handshake
        if ByteScan.hasPrefix("sending MAIL FROM", p) { return .mailFrom }
        if ByteScan.hasPrefix("sending RCPT TO", p) { return .rcptTo }
        if ByteScan.hasPrefix("sending end of data", p) { return .endOfData }
        if ByteScan.hasPrefix("sending DATA", p) || ByteScan.hasPrefix("sending message content", p) { return .data }
        return nil
    }
}
