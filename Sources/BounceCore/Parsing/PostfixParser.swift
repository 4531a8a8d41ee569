import Foundation

/// Parser for Postfix syslog lines (FIELD-NOTES §1.1, PRODUCT §2).
///
/// Delivery lines of any delivery agent (`smtp`, `lmtp`, `local`, `virtual`, `pipe`, `error`,
/// `retry`, `discard`) under any instance name (`postfix-out/smtp`, `postfix-10.20.30.40/smtp`,
/// `postfix/submission/smtp`), with classic (`Feb  5 17:24:35`, year inferred) or RFC 3339
/// stamps, and anything in front of the stamp (a docker-compose `postfix-mailcow-1  | ` prefix).
///
/// `qmgr` expiry lines (`from=<…>, status=expired, returned to sender`) name no recipient: the
/// parser remembers the recipients of recent `status=deferred` lines per queue id (a bounded
/// table) and emits one `expired` event for each recipient still pending; a recipient that got a
/// final `sent`/`bounced` line is no longer pending, so nothing is counted twice. An expiry with
/// no known recipient is ignored and counted in `unmatchedExpiries`.
///
/// Lines are read as bytes; only kept fields become Strings. Delivered lines keep no diagnostic.
public struct PostfixParser: LogParser {
    public let format = SourceFormat.postfix
    var stamps: SyslogTimestamp
    /// Deferred recipients per queue id, awaiting a final status (for qmgr expiries).
    private var pending: [String: [PendingRecipient]] = [:]
    private var pendingOrder: [String] = []
    private var pendingHead = 0
    /// Most queue ids remembered for expiry joins.
    public static let pendingLimit = 100_000
    /// qmgr expiries whose recipients were never seen deferred (e.g. the log starts mid-queue).
    public private(set) var unmatchedExpiries = 0

    struct PendingRecipient: Sendable {
        var recipient: String
        var relayHost: String?
        var relayIP: String?
        var status: EnhancedStatus?
        var replyCode: Int?
        var diagnostic: String
    }

    public init(options: ParserOptions = ParserOptions(referenceDate: Date().timeIntervalSince1970)) {
        stamps = SyslogTimestamp(referenceDate: options.referenceDate, assumedUTCOffset: options.assumedUTCOffset)
    }

    public mutating func parse(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void) -> LineDisposition {
        let all = line[...]
        // Fast reject: every line we care about carries `status=`.
        guard ByteScan.find(" status=", in: all) != nil || ByteScan.find(",status=", in: all) != nil else { return .ignored }
        guard let tag = Self.findTag(all) else {
            return ByteScan.find(" to=<", in: all) != nil ? .rejected("no postfix/<daemon>[pid]: tag") : .ignored
        }
        let daemon = ByteScan.string(tag.daemon)
        let isQmgr = daemon == "qmgr"
        guard isQmgr || Self.deliveryAgents.contains(daemon) else { return .ignored }
        guard let time = timestamp(before: tag.start, in: all) else { return .rejected("no valid timestamp before the postfix tag") }

        // `QUEUEID: ` after the tag.
        var i = tag.end
        let b = line
        let qStart = i
        while i < all.endIndex, Self.isAlnum(b[i]) { i += 1 }
        guard i > qStart, i - qStart <= 24, i + 1 < all.endIndex, b[i] == 58, b[i + 1] == 32 else {
            return ByteScan.hasPrefix("NOQUEUE", all[qStart...]) ? .ignored : .rejected("no queue id")
        }
        let queueID = ByteScan.string(all[qStart..<i])
        let fields = all[(i + 2)...]
        // The status is searched after the tag (a ` status=` in a prefix in front of the stamp is
        // not it) and after a complete recipient (a quoted local part may contain ` status=`).
        let hasTo = ByteScan.hasPrefix("to=<", fields)
        let addressed = hasTo ? Self.address(fields.base[(fields.startIndex + 4)..<fields.endIndex]) : nil
        guard let statusAt = Self.statusField(in: all[(addressed?.1 ?? fields.startIndex)...]) else {
            return isQmgr ? .ignored : .rejected("no status= after the recipient")
        }

        // status word
        let sw = (statusAt + 8)
        var we = sw
        while we < all.endIndex, b[we] >= 97, b[we] <= 122 { we += 1 }
        let word = ByteScan.string(all[sw..<we])
        let outcome: Outcome
        switch word {
        case "sent": outcome = .delivered
        case "deferred": outcome = .deferred
        case "bounced": outcome = .bounced
        case "expired": outcome = .expired
        case "deliverable", "undeliverable": return .ignored  // address verification probes, not mail
        default: return .rejected("unknown status '\(word.prefix(20))'")
        }

        guard hasTo else {
            if isQmgr, outcome == .expired { return expire(queueID: queueID, time: time, line: lineNumber, emit: emit) }
            return isQmgr ? .ignored : .rejected("no to=<recipient>")
        }
        guard let (recipient, afterTo) = addressed else {
            return .rejected("unterminated to=<…>")
        }
        guard !recipient.isEmpty, recipient.contains("@") || daemon == "local" || daemon == "pipe" else {
            return .rejected("recipient without a domain")
        }
        let rest = all[afterTo..<statusAt]
        var relayHost: String?, relayIP: String?
        if let r = ByteScan.find("relay=", in: rest) {
            var e = r + 6
            while e < rest.endIndex, b[e] != 44 { e += 1 }  // up to ','
            let value = all[(r + 6)..<e]
            if !ByteScan.hasPrefix("none", value) {
                let (h, ip) = DSNText.relay(Self.withoutPort(value))
                relayHost = h
                relayIP = ip
            }
        }
        var status: EnhancedStatus?
        if let d = ByteScan.find("dsn=", in: rest) {
            status = EnhancedStatus.parse(all[(d + 4)..<rest.endIndex])?.status
        }
        // The parenthesised text after the status word, to the last ')' (a truncated line keeps
        // what is there).
        var diagnostic = ""
        var replyCode: Int?
        var stage: SMTPStage?
        if outcome != .delivered {
            var ts = we
            while ts < all.endIndex, b[ts] == 32 || b[ts] == 44 { ts += 1 }
            if ts < all.endIndex, b[ts] == 40 {
                var te = all.endIndex
                while te > ts + 1, b[te - 1] == 32 { te -= 1 }
                if b[te - 1] == 41 { te -= 1 }
                (diagnostic, replyCode, stage) = Self.reply(ByteScan.string(all[(ts + 1)..<te]))
            }
            if replyCode == nil, let s = status, diagnostic.isEmpty { diagnostic = s.description }
        }
        let event = DeliveryEvent(
            time: Date(timeIntervalSince1970: time), format: .postfix, queueID: queueID, recipient: recipient,
            relayHost: relayHost, relayIP: relayIP, replyCode: replyCode, status: status, stage: stage,
            outcome: outcome, diagnostic: diagnostic, line: lineNumber)
        track(event)
        emit(event)
        return .parsed(1)
    }

    /// Index of the first ` status=` / `,status=` in `s`.
    static func statusField(in s: Bytes) -> Int? {
        let a = ByteScan.find(" status=", in: s), b = ByteScan.find(",status=", in: s)
        switch (a, b) {
        case let (x?, y?): return min(x, y)
        case let (x?, nil): return x
        default: return b
        }
    }

    static let deliveryAgents: Set<String> = ["smtp", "lmtp", "local", "virtual", "pipe", "error", "retry", "discard"]

    // MARK: reply text

    /// Splits the parenthesised text into the remote reply (from its code on, without the
    /// `(in reply to … command)` tail), the reply code and the stage.
    static func reply(_ text: String) -> (String, Int?, SMTPStage?) {
        var body = Substring(text)
        var stage: SMTPStage?
        if let r = body.range(of: " said: ") {
            body = body[r.upperBound...]
            (body, stage) = ReplyText.stripInReplyTo(body)
        } else if let r = body.range(of: " refused to talk to me: ") {
            body = body[r.upperBound...]
            stage = .connect
        } else if body.hasPrefix("connect to ") {
            stage = .connect
        } else {
            (body, stage) = ReplyText.stripInReplyTo(body)
        }
        let folded = ReplyText.fold(String(body))
        let codes = folded.utf8.withContiguousStorageIfAvailable { DSNText.codes($0[...]) }
            ?? Array(folded.utf8).withUnsafeBufferPointer { DSNText.codes($0[...]) }
        return (folded, codes.replyCode, stage)
    }

    // MARK: expiry joins

    private mutating func track(_ e: DeliveryEvent) {
        guard let q = e.queueID else { return }
        if e.outcome == .deferred {
            let p = PendingRecipient(recipient: e.recipient, relayHost: e.relayHost, relayIP: e.relayIP, status: e.status,
                                     replyCode: e.replyCode, diagnostic: e.diagnostic)
            if var list = pending[q] {
                if let k = list.firstIndex(where: { $0.recipient == e.recipient }) { list[k] = p } else { list.append(p) }
                pending[q] = list
            } else {
                pending[q] = [p]
                pendingOrder.append(q)
                if pending.count > Self.pendingLimit { evictOldest() }
            }
        } else if var list = pending[q] {
            list.removeAll { $0.recipient == e.recipient }
            pending[q] = list.isEmpty ? nil : list
        }
    }

    private mutating func evictOldest() {
        while pending.count > Self.pendingLimit, pendingHead < pendingOrder.count {
            pending[pendingOrder[pendingHead]] = nil
            pendingHead += 1
        }
        if pendingHead > 4096, pendingHead * 2 > pendingOrder.count {
            pendingOrder.removeFirst(pendingHead)
            pendingHead = 0
        }
    }

    private mutating func expire(queueID: String, time: Double, line: Int, emit: (DeliveryEvent) -> Void) -> LineDisposition {
        guard let list = pending.removeValue(forKey: queueID), !list.isEmpty else {
            unmatchedExpiries += 1
            return .ignored
        }
        for p in list {
            emit(DeliveryEvent(time: Date(timeIntervalSince1970: time), format: .postfix, queueID: queueID,
                               recipient: p.recipient, relayHost: p.relayHost, relayIP: p.relayIP, replyCode: p.replyCode,
                               status: p.status, outcome: .expired, diagnostic: p.diagnostic, line: line))
        }
        return .parsed(list.count)
    }
}
