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
        guard let value = JSONReader.parse(t) else { return .rejected("jsonl: malformed JSON") }

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
        switch value {
        case .object:
            take(Self.route(value, envelopeDepth: 0))
        case .array(let items):
            for item in items { take(item.isObject ? Self.route(item, envelopeDepth: 0) : .ignored) }
        default:
            return .rejected("jsonl: not a JSON object")
        }
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
        var time: JSONValue?
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

    struct Rejection: Error {
        var message: String
    }

    /// Picks the reader for an object by its shape. `envelopeDepth` stops SNS envelopes nesting.
    static func route(_ o: JSONValue, envelopeDepth: Int) -> Routed {
        // SNS envelope: {"Type":"Notification","Message":"{\"notificationType\":...}"}
        if let type = o["Type"]?.string, o["Message"] != nil {
            guard type == "Notification", let inner = o["Message"]?.string else { return .ignored }
            guard envelopeDepth == 0, let message = JSONReader.parse(inner), message.isObject else {
                return .rejected("jsonl: SNS Message is not a JSON object")
            }
            return route(message, envelopeDepth: envelopeDepth + 1)
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
    /// (`2021-01-18T15:03:56.000Z`, `+hh:mm`, `+hhmm`; zone-less → the assumed zone).
    mutating func seconds(_ v: JSONValue) -> Double? {
        switch v {
        case .number(let n):
            return TimestampBytes.epochSeconds(fromNumber: n)
        case .string(var s):
            return s.withUTF8 { p -> Double? in
                let t = ByteScan.trimmed(p[...])
                if let unix = TimestampBytes.parseUnix(t) { return TimestampBytes.epochSeconds(fromNumber: unix) }
                guard let civil = TimestampBytes.parseCivil(t) else { return nil }
                if let utc = civil.utcSeconds { return utc }
                return Double(zone.utc(fromWallClock: civil.wallSeconds)) + civil.fraction
            }
        default:
            return nil
        }
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
