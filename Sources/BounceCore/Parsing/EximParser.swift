import Foundation

/// Parser for the Exim main log (README.md, "Inputs", real Exim logs).
///
/// Line layout: `YYYY-MM-DD HH:MM:SS[.fff] [+zzzz] [[pid]] <msgid> <flag> <address> <fields…>`,
/// with old (`1RwtZn-000Hp3-BF`) and new (`1x6mUB-00000006Pya-498Q`) message ids. Flags:
/// `=>` delivered, `->` additional address (delivered), `>>` cutthrough (delivered), `==`
/// deferred, `**` bounced (`expired` when the text says `retry timeout exceeded`). Everything else
/// (`<=`, `*>`, `Completed`, `Frozen`, `H=… rejected RCPT`, connection lines) is `.ignored`.
/// Written against real Exim logs, e.g.
///
///     2012-02-13 14:39:22 1RookS-000Pg8-VO == udbbwscdnbegrmloghuf@london.com R=dnslookup T=remote_smtp defer (-44): SMTP error from remote mail server after RCPT TO:<udbbwscdnbegrmloghuf@london.com>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s) and see ( http://portal.gmx.net/serverrules ) {mx-us011}
///
/// gives relay `mx0.gmx.com`/`74.208.5.90`, code 450, status 4.3.2, stage `rcptTo`, outcome
/// `deferred`, diagnostic `450 4.3.2 Too many mails …` (see `EximFailure`).
///
/// The recipient is the first address when it has an `@`; a local delivery
/// (`=> jdoe <jdoe@example.com>`, `=> |/usr/bin/procmail (…) <…>`) uses the `<original>`.
/// Times without a zone go through `WallClockZone`; `+0100` (`log_timezone`) is exact.
/// A line that carries a delivery flag but no valid stamp, or a flag but no address, is
/// `.rejected`; a line cut anywhere is parsed with what is left, ignored or rejected.
public struct EximParser: LogParser {
    public let format = SourceFormat.exim
    private var zone: WallClockZone

    public init(options: ParserOptions = ParserOptions(referenceDate: 0)) {
        zone = WallClockZone(fixedUTCOffset: options.assumedUTCOffset)
    }

    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition {
        let b = line
        var end = b.count
        while end > 0, b[end - 1] == 13 || b[end - 1] == 10 || ByteScan.isSpace(b[end - 1]) { end -= 1 }
        guard let stamp = LogTimestampScanner.iso(b, at: 0, end: end, spaceSeparator: true),
              stamp.end < end, b[stamp.end] == 32
        else { return EximParser.hasDeliveryFlag(b[0..<end]) ? .rejected("no valid timestamp") : .ignored }
        var p = stamp.end + 1
        var offset = stamp.utcOffset
        if let (zoneOffset, next) = EximParser.zoneToken(b, at: p, end: end) {
            offset = zoneOffset
            p = next
        }
        if p < end, b[p] == 91, let close = ByteScan.index(of: 93, in: b[p..<end]) {  // [pid]
            p = close + 1
            while p < end, b[p] == 32 { p += 1 }
        }
        guard let id = EximParser.messageID(b, at: p, end: end) else { return .ignored }
        p = id.upperBound + 1
        guard p + 1 < end else { return .ignored }
        let outcome: Outcome
        switch (b[p], b[p + 1]) {
        case (61, 62), (45, 62), (62, 62): outcome = .delivered  // => -> >>
        case (61, 61): outcome = .deferred  // ==
        case (42, 42): outcome = .bounced  // **
        default: return .ignored
        }
        guard p + 2 == end || b[p + 2] == 32 else { return .ignored }
        p = min(p + 3, end)
        while p < end, b[p] == 32 { p += 1 }
        guard let line = EximLine(b, from: p, end: end) else { return .rejected("missing address") }

        let wall = stamp.wallSeconds(year: stamp.year)
        let utc = offset.map { wall - $0 } ?? zone.utc(fromWallClock: wall)
        let time = Date(timeIntervalSince1970: Double(utc) + stamp.fraction)

        var recipientBytes = b[line.address]
        if ByteScan.index(of: 64, in: recipientBytes) == nil, let original = line.original {
            recipientBytes = b[original]
        }
        let (address, domain) = ByteScan.recipient(recipientBytes)
        var event = DeliveryEvent(
            time: time, format: .exim, queueID: ByteScan.string(b[id]), recipient: address,
            recipientDomain: domain, relayHost: line.host?.host, relayIP: line.host?.ip,
            outcome: outcome, line: lineNumber)
        if outcome == .delivered {
            if let c = line.confirmation {
                event.replyCode = SMTPReplyText.leadingCode(b[c])
                event.status = SMTPReplyText.statusAfterCode(b[c])
                event.diagnostic = SMTPReplyText.fold(b[c])
            }
        } else if let text = line.text {
            let failure = EximFailure(b, text)
            if event.relayHost == nil, event.relayIP == nil, let relay = failure.relay {
                event.relayHost = relay.host
                event.relayIP = relay.ip
            }
            event.replyCode = failure.replyCode
            event.status = failure.status
            event.stage = failure.stage
            event.diagnostic = failure.diagnostic
            if outcome == .bounced, failure.retryTimeout { event.outcome = .expired }
        }
        emit(event)
        return .parsed(1)
    }

    /// A ` +0100` / `-0500` zone token at `p` (Exim `log_timezone`): offset and the next index.
    static func zoneToken(_ b: UnsafeBufferPointer<UInt8>, at p: Int, end: Int) -> (Int, Int)? {
        guard p + 6 <= end, b[p] == 43 || b[p] == 45, b[p + 5] == 32,
              let hh = LogTimestampScanner.two(b, p + 1), let mm = LogTimestampScanner.two(b, p + 3),
              hh <= 23, mm <= 59 else { return nil }
        return ((b[p] == 45 ? -1 : 1) * (hh * 3600 + mm * 60), p + 6)
    }

    /// An Exim message id at `p` followed by a space: `1RwtZn-000Hp3-BF` (6-6-2) or
    /// `1x6mUB-00000006Pya-498Q` (6-11-4).
    static func messageID(_ b: UnsafeBufferPointer<UInt8>, at p: Int, end: Int) -> Range<Int>? {
        var q = p
        func run() -> Int {
            let s = q
            while q < end, ByteScan.isAlnum(b[q]) { q += 1 }
            return q - s
        }
        guard run() == 6, q < end, b[q] == 45 else { return nil }
        q += 1
        let middle = run()
        guard middle >= 6, middle <= 11, q < end, b[q] == 45 else { return nil }
        q += 1
        let last = run()
        guard last >= 2, last <= 4, q < end, b[q] == 32 else { return nil }
        return p..<q
    }

    /// True when a line without a valid stamp still carries a delivery flag (`== addr …`).
    static func hasDeliveryFlag(_ s: Bytes) -> Bool {
        for flag: StaticString in ["=> ", "-> ", ">> ", "== ", "** "] where ByteScan.hasPrefix(flag, s) { return true }
        for flag: StaticString in [" => ", " -> ", " >> ", " == ", " ** "] where ByteScan.search(flag, in: s) != nil {
            return true
        }
        return false
    }
}

/// The address part and fields of an Exim delivery line, after the flag:
/// `addr [<original>] [(parent)] [R=… T=… H=host [ip] … C="…"] [defer (errno)][:] [text]`.
struct EximLine {
    var address: Range<Int>
    var original: Range<Int>?
    var host: RelayEndpoint?
    /// Inside `C="…"`.
    var confirmation: Range<Int>?
    /// The error text on `==`/`**` lines (`SMTP error from …`, `retry timeout exceeded`).
    var text: Range<Int>?

    init?(_ b: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) {
        var p = start
        if p < end, b[p] == 34 {  // quoted local part: "a b"@example.com
            p += 1
            while p < end, b[p] != 34 { p += b[p] == 92 ? 2 : 1 }
            p = min(p + 1, end)
        }
        while p < end, b[p] != 32 { p += 1 }
        var addressEnd = p
        var textStart: Int?
        if addressEnd > start, b[addressEnd - 1] == 58 { addressEnd -= 1; textStart = p }
        guard addressEnd > start else { return nil }
        address = start..<addressEnd

        // <original> and (parent), each possibly ending the field part with ':'.
        while textStart == nil {
            while p < end, b[p] == 32 { p += 1 }
            guard p < end else { break }
            if b[p] == 60, let close = ByteScan.angleAddressEnd(b, open: p, end: end) {
                original = (p + 1)..<(close - 1)
                p = close
            } else if b[p] == 40, let close = ByteScan.index(of: 41, in: b[p..<end]) {
                p = close + 1
            } else {
                break
            }
            if p < end, b[p] == 58 { textStart = p + 1 }
        }

        // KEY=value fields, `defer (errno)`, then the text.
        while textStart == nil {
            while p < end, b[p] == 32 { p += 1 }
            guard p < end else { break }
            if b[p] == 58 { textStart = p + 1; break }
            let tokenStart = p
            var k = p
            while k < end, ByteScan.isAlnum(b[k]) || b[k] == 95 { k += 1 }
            if k > p, k < end, b[k] == 61 {
                let key = b[p..<k]
                let valueStart = k + 1
                p = valueStart
                if p < end, b[p] == 34 {
                    p += 1
                    while p < end, b[p] != 34 { p += b[p] == 92 ? 2 : 1 }
                    p = min(p, end)
                    if ByteScan.equals(key, "C") { confirmation = (valueStart + 1)..<p }
                    p = min(p + 1, end)
                } else {
                    while p < end, b[p] != 32 { p += 1 }
                    if ByteScan.equals(key, "H") {
                        // "H=host [ip]" or "H=host [ip]:port": the address is the next token.
                        if p + 1 < end, b[p + 1] == 91 {
                            p += 1
                            while p < end, b[p] != 32 { p += 1 }
                        }
                        host = RelayEndpoint(b[valueStart..<p])
                    }
                }
                if b[p - 1] == 58 { textStart = p }
                continue
            }
            while p < end, b[p] != 32 { p += 1 }
            if ByteScan.equals(b[tokenStart..<p], "defer") {
                while p < end, b[p] == 32 { p += 1 }
                if p < end, b[p] == 40 {
                    while p < end, b[p] != 32 { p += 1 }
                    if b[p - 1] == 58 { textStart = p }
                }
                continue
            }
            textStart = tokenStart
        }
        if var t = textStart {
            while t < end, b[t] == 32 { t += 1 }
            if t < end { text = t..<end }
        }
    }
}
