import Foundation

/// Parser for Postfix delivery lines (README.md, "Inputs", real Postfix logs).
///
/// Reads the `status=` lines of the delivery agents `smtp`, `lmtp`, `local`, `virtual`, `pipe`,
/// `error`, `retry` and `discard` under any syslog name (`postfix/smtp`, `postfix-out/smtp`,
/// `postfix-10.20.30.40/smtp`, `postfix/submission/smtp`), behind a classic syslog stamp
/// (`Feb  5 17:24:35 host`, year inferred by `SyslogYearClock`) or an RFC 3339 one
/// (`2026-03-03T10:45:29.294394+00:00`), with any short prefix before the stamp (docker-compose
/// `postfix-mailcow-1  | `, a `<22>` priority). Written against real Postfix logs, e.g.
///
///     Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<"user 1234 with space"@icloud.com>, relay=mx6.mail.icloud.com[17.178.97.79]:25, delay=428621, delays=428619/0.02/1.9/0, dsn=4.7.0, status=deferred (host mx6.mail.icloud.com[17.178.97.79] refused to talk to me: 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=142.93.169.220)
///
/// gives recipient `"user 1234 with space"@icloud.com`, relay `mx6.mail.icloud.com`/`17.178.97.79`,
/// status 4.7.0 (from `dsn=`, which wins over the reply text), reply code 550, stage `connect`,
/// outcome `deferred`, diagnostic `550 5.7.0 Blocked - see …`.
///
/// Dispositions:
/// - Lines without `status=` (smtpd, cleanup, pickup, qmgr `from=`/`removed`, `postfix/bounce`,
///   `NOQUEUE: reject:`, other daemons, blank) are `.ignored` after one substring scan.
///   `status=deliverable|undeliverable` (address verification, `sendmail -bv`) is ignored too.
/// - A `status=` line with a stamp but no `…/daemon[pid]:` tag is another program's: ignored.
/// - A `status=` line with `to=<` but no stamp, a bad queue id, an unterminated `to=<`, an
///   unknown status word, or an impossible date is `.rejected` when it looks like a delivery line.
/// - Truncated lines: a line cut inside the parenthesised text is parsed with what is left of the
///   diagnostic; a delivery agent's `QID: to=<…>` line cut before `status=` and a line cut
///   inside its status word are rejected (the outcome is lost: the operator must know). `status=SOFTBOUNCE` (soft_bounce=yes) counts as deferred.
///
/// **Expiry join.** `postfix/qmgr[…]: QID: from=<s>, status=expired, returned to sender` names no
/// recipient. The parser therefore remembers, for the last `pendingCapacity` queue ids (FIFO
/// eviction), each recipient of a `status=deferred` line with its relay and last deferral (reply
/// code, dsn, stage, diagnostic). A later `sent`, `bounced` or `expired` line for that recipient
/// removes it, and `QID: removed` forgets the queue id, so nothing is counted twice. On the qmgr
/// expiry line one `expired` event is emitted per recipient still pending, carrying the last
/// deferral's details. When nothing is remembered the line is `.ignored` and counted in
/// `unmatchedExpiries`. A `status=expired` line that names its recipient (`to=<…>`) is emitted
/// directly.
public struct PostfixParser: LogParser {
    public let format = SourceFormat.postfix
    /// Recipient-less qmgr expiry lines for which no deferred recipient was remembered.
    public private(set) var unmatchedExpiries = 0
    private var years: SyslogYearClock
    private var zone: WallClockZone
    private var pending: PendingDeliveries

    public init(options: ParserOptions = ParserOptions(referenceDate: 0), pendingCapacity: Int = 100_000) {
        years = SyslogYearClock(referenceDate: options.referenceDate)
        zone = WallClockZone(fixedUTCOffset: options.assumedUTCOffset)
        pending = PendingDeliveries(capacity: pendingCapacity)
    }

    /// A delivery agent's `QID: to=<…>` line without `status=`: a delivery record cut short (a
    /// crash, a full disk, a log shipper's line limit). Its outcome is lost, so it is counted as
    /// rejected rather than ignored. Narrow on purpose: the delivery-agent tag, a queue id and the
    /// body starting `to=<` (smtpd's `NOQUEUE: reject: … to=<…>` has no queue id and another tag).
    static func isCutDeliveryLine(_ b: UnsafeBufferPointer<UInt8>, end: Int) -> Bool {
        guard ByteScan.search("to=<", in: b[0..<end]) != nil,
              case .found(let header) = PostfixLine.header(b, end: end), header.daemon == .delivery,
              let qid = PostfixLine.queueID(b, at: header.body, end: end) else { return false }
        let body = qid.upperBound + 2
        return end - body >= 4 && ByteScan.hasPrefix("to=<", b[body..<end])
    }

    /// Queue ids currently remembered for the expiry join.
    public var pendingQueueIDs: Int { pending.count }

    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition {
        let b = line
        var end = b.count
        while end > 0, b[end - 1] == 13 || b[end - 1] == 10 || ByteScan.isSpace(b[end - 1]) { end -= 1 }
        let whole = b[0..<end]
        guard ByteScan.search("status=", in: whole) != nil else {
            if !pending.isEmpty, ByteScan.hasSuffix(": removed", whole) { forgetRemoved(b, end: end) }
            return Self.isCutDeliveryLine(b, end: end) ? .rejected("delivery line cut before status=") : .ignored
        }
        let header: PostfixLine.Header
        switch PostfixLine.header(b, end: end) {
        case .found(let h): header = h
        case .noTimestamp:
            return ByteScan.search("to=<", in: whole) != nil ? .rejected("no valid timestamp") : .ignored
        case .noTag:
            return .ignored  // another program's line (dovecot, sendmail …)
        }
        if header.daemon == .other { return .ignored }
        guard let qid = PostfixLine.queueID(b, at: header.body, end: end) else {
            return .rejected("bad queue id")
        }
        let fields: PostfixLine.Fields
        switch PostfixLine.fields(b, from: qid.upperBound + 2, end: end) {
        case .found(let f): fields = f
        case .malformed(let reason): return .rejected(reason)
        }
        guard let outcome = PostfixLine.outcome(b[fields.status]) else {
            let word = b[fields.status]
            if ByteScan.equals(word, "deliverable") || ByteScan.equals(word, "undeliverable") { return .ignored }
            return .rejected("unknown status word")
        }
        if fields.to == nil, header.daemon == .qmgr, outcome != .expired { return .ignored }
        guard let time = instant(header.stamp) else { return .rejected("impossible date") }
        let queueID = ByteScan.string(b[qid])

        guard let to = fields.to else {
            guard header.daemon == .qmgr else { return .rejected("missing to=<>") }
            return emitExpiries(queueID, time: time, lineNumber: lineNumber, emit: emit)
        }
        let (address, domain) = ByteScan.recipient(b[to])
        let reply = fields.text.map { PostfixReply(b, $0) }
        var relay = fields.relay.map { RelayEndpoint(b[$0]) } ?? RelayEndpoint()
        if relay.host == nil, relay.ip == nil, let fromText = reply?.relay { relay = fromText }
        let dsn = fields.dsn.flatMap { r -> EnhancedStatus? in
            guard let (s, n) = EnhancedStatus.parse(b[r]), n == r.count else { return nil }
            return s
        }
        let event = DeliveryEvent(
            time: time, format: .postfix, queueID: queueID, recipient: address, recipientDomain: domain,
            relayHost: relay.host, relayIP: relay.ip, replyCode: reply?.replyCode, status: dsn ?? reply?.status,
            stage: reply?.stage, outcome: outcome, diagnostic: reply?.diagnostic ?? "", line: lineNumber)
        if outcome == .deferred {
            pending.deferred(queueID, PendingDeliveries.Recipient(
                address: address, domain: domain, relayHost: event.relayHost, relayIP: event.relayIP,
                replyCode: event.replyCode, status: event.status, stage: event.stage, diagnostic: event.diagnostic))
        } else if !pending.isEmpty {
            pending.resolved(queueID, address: address)
        }
        emit(event)
        return .parsed(1)
    }

    /// One `expired` event per recipient of `queueID` still pending (see the type's doc comment).
    private mutating func emitExpiries(
        _ queueID: String, time: Date, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition {
        let recipients = pending.expire(queueID)
        guard !recipients.isEmpty else {
            unmatchedExpiries += 1
            return .ignored
        }
        for r in recipients {
            emit(DeliveryEvent(
                time: time, format: .postfix, queueID: queueID, recipient: r.address, recipientDomain: r.domain,
                relayHost: r.relayHost, relayIP: r.relayIP, replyCode: r.replyCode, status: r.status,
                stage: r.stage, outcome: .expired, diagnostic: r.diagnostic, line: lineNumber))
        }
        return .parsed(recipients.count)
    }

    /// `… postfix/qmgr[21697]: 7905611F797: removed`: the message left the queue.
    private mutating func forgetRemoved(_ b: UnsafeBufferPointer<UInt8>, end: Int) {
        let qidEnd = end - 9  // ": removed"
        var start = qidEnd
        while start > 0, ByteScan.isAlnum(b[start - 1]) { start -= 1 }
        guard qidEnd - start >= 5 else { return }
        pending.remove(ByteScan.string(b[start..<qidEnd]))
    }

    /// UTC instant of a stamp: the year inferred for classic syslog, the zone applied.
    private mutating func instant(_ t: LogTimestamp) -> Date? {
        let wall: Int
        if t.year == 0 {
            guard let year = years.resolve(t) else { return nil }
            wall = t.wallSeconds(year: year)
        } else {
            years.observe(year: t.year, month: t.month)
            wall = t.wallSeconds(year: t.year)
        }
        let utc = t.utcOffset.map { wall - $0 } ?? zone.utc(fromWallClock: wall)
        return Date(timeIntervalSince1970: Double(utc) + t.fraction)
    }
}
