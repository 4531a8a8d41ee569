import Foundation

/// Parser for `jsonl`: one ESP webhook / MTA event JSON object per line (KumoMTA's log records, real ESP webhook payloads).
///
/// Recognises, by shape: Amazon SES (SNS notifications, event publishing, and the SNS envelope
/// whose `Message` is a JSON string), SendGrid, Mailgun (`event-data` wrapper or bare), Postmark,
/// KumoMTA log records and the neutral schema
/// `{"timestamp","event","recipient","status","diagnostic","mx"}`. A line may also hold a JSON
/// array of such objects (SendGrid batches): every element is read.
///
/// Dispositions: malformed JSON → rejected; valid JSON that is not a delivery attempt (opens,
/// clicks, complaints, SendGrid `processed`/`dropped`, Mailgun `accepted`/suppressions) →
/// ignored; a delivery event missing its recipient or time → rejected.
public struct JSONLParser: LogParser {
    public let format = SourceFormat.jsonl
    var zone: WallClockZone
    /// Reused from line to line: a line is validated into it and read in place.
    var tape = JSONTape()

    public init(options: ParserOptions = ParserOptions(referenceDate: 0)) {
        zone = WallClockZone(fixedUTCOffset: options.assumedUTCOffset)
    }

    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition {
        var body = line[...]
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF { body = line[3...] }
        let t = ByteScan.trimmed(body)
        guard let first = t.first else { return .ignored }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            return .rejected("jsonl: not a JSON object")
        }
        // Validate the whole line into the tape, then read the handful of fields each schema
        // needs in place. The tape is moved out while it is read: `finish` mutates `self`.
        var tape = JSONTape()
        swap(&tape, &self.tape)
        defer { swap(&tape, &self.tape) }
        guard tape.build(t.base, from: t.startIndex, to: t.endIndex) else { return .rejected("jsonl: malformed JSON") }

        var parsed = 0
        var rejection: String?
        func take(_ routed: Routed) {
            switch routed {
            case .ignored:
                break
            case .rejected(let why):
                rejection = rejection ?? why
            case .events(let drafts):
                for draft in drafts {
                    switch finish(draft, lineNumber: lineNumber) {
                    case .success(let event):
                        emit(event)
                        parsed += 1
                    case .failure(let why):
                        rejection = rejection ?? why.message
                    }
                }
            }
        }
        let notObject = tape.entries.withUnsafeBufferPointer { entries -> Bool in
            let value = JSONNode(bytes: t.base, tape: entries, index: 0)
            switch value.kind {
            case .object:
                take(Self.route(value, envelopeDepth: 0))
            case .array:
                for item in value.array ?? [] { take(item.isObject ? Self.route(item, envelopeDepth: 0) : .ignored) }
            default:
                return true
            }
            return false
        }
        if notObject { return .rejected("jsonl: not a JSON object") }
        if parsed > 0 { return .parsed(parsed) }
        if let rejection { return .rejected(rejection) }
        return .ignored
    }

    /// What one JSON object turned into before times and codes are resolved.
    enum Routed {
        case events([Draft])
        case ignored
        case rejected(String)
    }

    /// The vendor-neutral fields of one event, filled in by the per-vendor readers.
    struct Draft {
        var recipient: String?
        var time: TimeField?
        var outcome: Outcome
        var queueID: String?
        var relayHost: String?
        var relayIP: String?
        var replyCode: Int?
        var status: EnhancedStatus?
        var statusText: String?
        var stage: SMTPStage?
        var diagnostic: String?
        var vendorLabel: String?

        init(outcome: Outcome) { self.outcome = outcome }
    }

    /// A timestamp as found: read in place while the line's bytes live, or owned once it must
    /// outlive them (an SNS envelope's inner message is parsed from a temporary string).
    enum TimeField {
        case node(JSONNode)
        case number(Double)
        case string(String)

        init?(_ n: JSONNode?) {
            guard let n else { return nil }
            self = .node(n)
        }

        var owned: TimeField {
            guard case .node(let n) = self else { return self }
            if let v = n.number { return .number(v) }
            return n.string.map(TimeField.string) ?? self
        }
    }

    struct Rejection: Error {
        var message: String
    }

    /// Picks the reader for an object by its shape. `envelopeDepth` stops SNS envelopes nesting.
    static func route(_ o: JSONNode, envelopeDepth: Int) -> Routed {
        // SNS envelope: {"Type":"Notification","Message":"{\"notificationType\":...}"}
        if let type = o["Type"]?.string, o["Message"] != nil {
            guard type == "Notification", var inner = o["Message"]?.string else { return .ignored }
            guard envelopeDepth == 0 else { return .rejected("jsonl: SNS Message is not a JSON object") }
            return inner.withUTF8 { p -> Routed in
                var tape = JSONTape()
                guard tape.build(p, from: 0, to: p.count) else { return .rejected("jsonl: SNS Message is not a JSON object") }
                return tape.entries.withUnsafeBufferPointer { entries -> Routed in
                    let message = JSONNode(bytes: p, tape: entries, index: 0)
                    guard message.isObject else { return .rejected("jsonl: SNS Message is not a JSON object") }
                    // The drafts outlive `inner`: their times must own their text.
                    let routed = route(message, envelopeDepth: envelopeDepth + 1)
                    guard case .events(let drafts) = routed else { return routed }
                    return .events(drafts.map { d in
                        var d = d
                        d.time = d.time?.owned
                        return d
                    })
                }
            }
        }
        if let data = o["event-data"], data.isObject { return mailgun(data) }
        // SES through EventBridge: {"source":"aws.ses","detail-type":"Email Bounced","detail":{…}}
        if o["source"]?.string == "aws.ses", let detail = o["detail"], detail.isObject, envelopeDepth == 0 {
            return route(detail, envelopeDepth: envelopeDepth + 1)
        }
        if o["notificationType"]?.string != nil || o["eventType"]?.string != nil { return ses(o) }
        if o["RecordType"]?.string != nil { return postmark(o) }
        if o["event"]?.string != nil {
            if o["email"] != nil || o["sg_event_id"] != nil || o["sg_message_id"] != nil { return sendGrid(o) }
            if o["delivery-status"] != nil || o["severity"] != nil || o["log-level"] != nil || o["envelope"] != nil {
                return mailgun(o)
            }
            return neutral(o)
        }
        if let type = o["type"]?.string, kumoOutcome(type) != nil || o["response"]?.isObject == true {
            return kumo(o, type: type)
        }
        return .ignored
    }

    /// Resolves time, recipient, diagnostic and codes into an event.
    mutating func finish(_ d: Draft, lineNumber: Int) -> Result<DeliveryEvent, Rejection> {
        guard let recipient = d.recipient.map(Self.cleanRecipient), !recipient.isEmpty else {
            return .failure(Rejection(message: "jsonl: event without recipient"))
        }
        guard let time = d.time, let seconds = seconds(time) else {
            return .failure(Rejection(message: "jsonl: event without a readable timestamp"))
        }
        var replyCode = d.replyCode.flatMap { (200...599).contains($0) ? $0 : nil }
        var status = d.status
        if status == nil, var text = d.statusText {
            status = text.withUTF8 { DSNText.status(atStartOf: ByteScan.trimmed($0[...])) }
        }
        var diagnostic = ""
        if var raw = d.diagnostic, !raw.isEmpty {
            raw.withUTF8 { p in
                diagnostic = DSNText.diagnostic(p[...])
                if replyCode == nil || status == nil {
                    let codes = DSNText.codes(p[...])
                    replyCode = replyCode ?? codes.replyCode
                    status = status ?? codes.status
                }
            }
        }
        return .success(DeliveryEvent(
            time: Date(timeIntervalSince1970: seconds), format: .jsonl, queueID: d.queueID,
            recipient: recipient, relayHost: d.relayHost, relayIP: d.relayIP, replyCode: replyCode,
            status: status, stage: d.stage, outcome: d.outcome, diagnostic: diagnostic,
            vendorLabel: d.vendorLabel, line: lineNumber
        ))
    }

    /// A timestamp value: a number (seconds, ms or µs by magnitude), a digit string, or ISO 8601
    /// (`2021-01-18T15:03:56.000Z`, `+hh:mm`, `+hhmm`; zone-less → the assumed zone). A string
    /// without escapes is read in place.
    mutating func seconds(_ v: TimeField) -> Double? {
        switch v {
        case .number(let n):
            return TimestampBytes.epochSeconds(fromNumber: n)
        case .string(var s):
            return s.withUTF8 { seconds(text: $0[...]) }
        case .node(let n):
            if let v = n.number { return TimestampBytes.epochSeconds(fromNumber: v) }
            if let raw = n.plainStringBytes { return seconds(text: raw) }
            guard var s = n.string else { return nil }
            return s.withUTF8 { seconds(text: $0[...]) }
        }
    }

    mutating func seconds(text: Bytes) -> Double? {
        let t = ByteScan.trimmed(text)
        if let unix = TimestampBytes.parseUnix(t) { return TimestampBytes.epochSeconds(fromNumber: unix) }
        guard let civil = TimestampBytes.parseCivil(t) else { return nil }
        if let utc = civil.utcSeconds { return utc }
        return Double(zone.utc(fromWallClock: civil.wallSeconds)) + civil.fraction
    }

    /// Recipient without spaces, angle brackets or an `rfc822;` prefix.
    static func cleanRecipient(_ s: String) -> String {
        var t = s.trimmingSpacesAndNewlines
        if t.lowercased().hasPrefix("rfc822;") { t = t.dropFirst(7).trimmingSpacesAndNewlines }
        if t.count >= 2, t.first == "<", t.last == ">" { t = t.dropFirst().dropLast() }
        return String(t)
    }

    /// A relay given as `host`, `host [ip]` or `host (ip)`.
    static func relay(_ s: String?) -> (host: String?, ip: String?) {
        guard var s, !s.isEmpty else { return (nil, nil) }
        return s.withUTF8 { DSNText.relay($0[...]) }
    }

    /// `a/b` from two optional labels, or whichever is present.
    static func label(_ a: String?, _ b: String?) -> String? {
        switch (a, b) {
        case let (a?, b?): return "\(a)/\(b)"
        case let (a?, nil): return a
        case let (nil, b?): return b
        default: return nil
        }
    }
}
