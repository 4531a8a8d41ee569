extension JSONLParser {
    /// Mailgun events, bare or inside `{"signature":…,"event-data":{…}}` (real ESP webhook payloads):
    ///
    /// ```
    /// {"event":"failed","severity":"permanent","reason":"suppress-bounce","log-level":"error",
    ///  "delivery-status":{"attempt-no":1,"message":"","code":605,"enhanced-code":"",
    ///    "description":"Not delivering to previously bounced address","session-seconds":0},...}
    /// "severity":"temporary","reason":"generic","delivery-status":{"code":421,"message":"Try again later","attempt-no":3}
    /// ```
    ///
    /// - `delivered` → delivered; `failed` → bounced when `severity` is `permanent`, deferred when
    ///   `temporary` (no severity: by reply code class); legacy `bounced` → bounced.
    /// - `failed` with reason `suppress-*` (code 605…) → ignored: Mailgun refused to send to a
    ///   suppressed address, no delivery was attempted (same rule as SendGrid `dropped`).
    /// - `accepted`, `opened`, `clicked`, `complained`, `unsubscribed`, `stored`, `rejected` → ignored.
    /// - `delivery-status.message` (else `description`) → diagnostic, `code`, `enhanced-code`,
    ///   `mx-host` → relay host; `reason` → vendorLabel.
    static func mailgun(_ e: JSONNode) -> Routed {
        let event = (e["event"]?.string ?? "").lowercased()
        let status = e["delivery-status"]
        let code = status?["code"]?.integer
        let reason = e["reason"]?.text
        var d: Draft
        switch event {
        case "delivered":
            d = Draft(outcome: .delivered)
        case "failed", "bounced":
            if let reason, reason.lowercased().hasPrefix("suppress") { return .ignored }
            let severity = (e["severity"]?.string ?? "").lowercased()
            let temporary = severity == "temporary" || (severity.isEmpty && event == "failed" && (400..<500).contains(code ?? 0))
            d = Draft(outcome: temporary ? .deferred : .bounced)
            d.vendorLabel = reason
        default:
            return .ignored
        }
        d.recipient = e["recipient"]?.string
        d.time = TimeField(e["timestamp"])
        d.replyCode = code
        d.statusText = status?["enhanced-code"]?.text
        d.diagnostic = status?["message"]?.text ?? status?["description"]?.string
        d.relayHost = relay(status?["mx-host"]?.text).host
        d.queueID = e["message", "headers", "message-id"]?.text.map(cleanRecipient)
        return .events([d])
    }

    /// Postmark bounce and delivery webhooks (real ESP webhook payloads):
    ///
    /// ```
    /// {"RecordType":"Bounce","MessageStream":"outbound","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,
    ///  "Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).",
    ///  "Details":"Test bounce details","Email":"john@example.com","BouncedAt":"2019-11-05T16:33:54.9070259Z",...}
    /// ```
    ///
    /// `Type`/`TypeCode` decide the outcome, following Postmark's own descriptions:
    /// - bounced: HardBounce (1), BadEmailAddress (100000), Blocked (100006), SMTPApiError
    ///   (100007), DMARCPolicy (100009), Unknown (2048: an NDR Postmark could not classify is
    ///   still a non-delivery).
    /// - deferred: Transient (2, "message delayed"), DnsError (256, "temporary DNS error"),
    ///   SoftBounce (4096, "unable to temporarily deliver").
    /// - ignored (not delivery outcomes): Unsubscribe, Subscribe, AutoResponder, AddressChange,
    ///   SpamNotification, OpenRelayTest, VirusNotification, ChallengeVerification,
    ///   SpamComplaint, ManuallyDeactivated, Unconfirmed, InboundError, TemplateRenderingFailed.
    ///
    /// `Details` (the server's text) is the diagnostic, else `Description`; `Type` → vendorLabel.
    /// `RecordType` `Delivery` → delivered; `Open`, `Click`, `SpamComplaint`… → ignored.
    static func postmark(_ o: JSONNode) -> Routed {
        let record = (o["RecordType"]?.string ?? "").lowercased()
        var d: Draft
        switch record {
        case "bounce":
            let type = o["Type"]?.text
            guard let outcome = postmarkOutcome(type: type, code: o["TypeCode"]?.integer) else { return .ignored }
            d = Draft(outcome: outcome)
            d.recipient = o["Email"]?.string
            d.time = TimeField(o["BouncedAt"])
            d.diagnostic = o["Details"]?.text ?? o["Description"]?.string
            d.vendorLabel = type
        case "delivery":
            d = Draft(outcome: .delivered)
            d.recipient = o["Recipient"]?.string
            d.time = TimeField(o["DeliveredAt"])
            d.diagnostic = o["Details"]?.string
        default:
            return .ignored
        }
        d.queueID = o["MessageID"]?.text
        return .events([d])
    }

    static func postmarkOutcome(type: String?, code: Int?) -> Outcome? {
        switch type?.lowercased() {
        case "hardbounce", "bademailaddress", "blocked", "smtpapierror", "dmarcpolicy", "unknown":
            return .bounced
        case "transient", "dnserror", "softbounce":
            return .deferred
        case .some:
            return nil
        case nil:
            switch code {
            case 1, 100000, 100006, 100007, 100009, 2048: return .bounced
            case 2, 256, 4096: return .deferred
            default: return nil
            }
        }
    }
}
