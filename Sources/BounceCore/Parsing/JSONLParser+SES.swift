extension JSONLParser {
    /// Amazon SES, as an SNS notification (`notificationType`) or via event publishing
    /// (`eventType`). Written against the AppCount fixture (real ESP webhook payloads):
    ///
    /// ```
    /// {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
    ///  "bouncedRecipients":[{"emailAddress":"perla11381@icloud.com","action":"failed","status":"5.1.1",
    ///  "diagnosticCode":"smtp; 550 5.1.1 <perla11381@icloud.com>: user does not exist"}],
    ///  "timestamp":"2021-01-18T15:03:56.000Z","remoteMtaIp":"17.57.152.14","reportingMTA":"dns; a8-237.smtp-out.amazonses.com"},...}
    /// ```
    ///
    /// - `Bounce` → one `bounced` event per `bouncedRecipients[]`, whatever the `bounceType`. SES
    ///   sends a bounce notification only once it has stopped trying that message (a `Transient`
    ///   bounce is a final non-delivery after SES's own retries, or an asynchronous DSN), so it is a
    ///   bounce of that message, not a deferral. The vendor's type is kept as `vendorLabel`
    ///   (`Transient/General`) and the recipient's `status` is kept as the code, so the classifier
    ///   sees `5.4.4` even when SES files it as Transient (listmonk#1463).
    /// - `Delivery` → `delivered` per `delivery.recipients[]`; `DeliveryDelay` → `deferred` per
    ///   `deliveryDelay.delayedRecipients[]`.
    /// - `remoteMtaIp` is the receiving MTA → `relayIP`. `reportingMTA` is SES's own outbound host
    ///   (`a8-237.smtp-out.amazonses.com`), not the relay, so it is not used as `relayHost`.
    /// - Everything else (Send, Reject, Complaint, Open, Click, Rendering Failure, Subscription)
    ///   is ignored.
    static func ses(_ o: JSONNode) -> Routed {
        let kind = (o["notificationType"]?.string ?? o["eventType"]?.string ?? "").lowercased()
        let messageID = o["mail", "messageId"]?.text
        let mailTime = o["mail", "timestamp"]
        switch kind {
        case "bounce":
            guard let bounce = o["bounce"], let recipients = bounce["bouncedRecipients"]?.array,
                  !recipients.isEmpty else { return .rejected("jsonl: SES bounce without bouncedRecipients") }
            let label = Self.label(bounce["bounceType"]?.text, bounce["bounceSubType"]?.text)
            return .events(recipients.map { r in
                var d = Draft(outcome: .bounced)
                d.recipient = r["emailAddress"]?.string
                d.time = TimeField(bounce["timestamp"] ?? mailTime)
                d.queueID = messageID
                d.relayIP = bounce["remoteMtaIp"]?.text
                d.statusText = r["status"]?.text
                d.diagnostic = r["diagnosticCode"]?.string
                d.vendorLabel = label
                return d
            })
        case "delivery":
            guard let delivery = o["delivery"], let recipients = delivery["recipients"]?.array,
                  !recipients.isEmpty else { return .rejected("jsonl: SES delivery without recipients") }
            return .events(recipients.map { r in
                var d = Draft(outcome: .delivered)
                d.recipient = r.string
                d.time = TimeField(delivery["timestamp"] ?? mailTime)
                d.queueID = messageID
                d.relayIP = delivery["remoteMtaIp"]?.text
                d.diagnostic = delivery["smtpResponse"]?.string
                return d
            })
        case "deliverydelay":
            guard let delay = o["deliveryDelay"], let recipients = delay["delayedRecipients"]?.array,
                  !recipients.isEmpty else { return .rejected("jsonl: SES delay without delayedRecipients") }
            return .events(recipients.map { r in
                var d = Draft(outcome: .deferred)
                d.recipient = r["emailAddress"]?.string
                d.time = TimeField(delay["timestamp"] ?? mailTime)
                d.queueID = messageID
                d.relayIP = delay["remoteMtaIp"]?.text
                d.statusText = r["status"]?.text
                d.diagnostic = r["diagnosticCode"]?.string
                d.vendorLabel = delay["delayType"]?.text
                return d
            })
        default:
            return .ignored
        }
    }

    /// SendGrid Event Webhook (real ESP webhook payloads):
    ///
    /// ```
    /// {"email":"alex@example.com","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
    ///  "event":"bounce","type":"bounce","bounce_classification":"Invalid Address",
    ///  "reason":"500 unknown recipient","status":"5.0.0",...}
    /// ```
    ///
    /// - `delivered` → delivered, `deferred` → deferred, `bounce` (type `bounce` or `blocked`) →
    ///   bounced: SendGrid does not retry either type, so both end the message.
    /// - `dropped` → ignored: SendGrid never attempted delivery (the address was on a suppression
    ///   list, "Bounced Address"), so counting it would double-count the original bounce.
    /// - `processed`, `open`, `click`, `spamreport`, `unsubscribe`, group events → ignored.
    /// - `ip` is our sending IP, not the relay, so it is not used.
    static func sendGrid(_ o: JSONNode) -> Routed {
        let event = (o["event"]?.string ?? "").lowercased()
        var d: Draft
        switch event {
        case "delivered":
            d = Draft(outcome: .delivered)
            d.diagnostic = o["response"]?.string
        case "deferred":
            d = Draft(outcome: .deferred)
            d.diagnostic = o["response"]?.text ?? o["reason"]?.string
        case "bounce", "bounced", "blocked":
            d = Draft(outcome: .bounced)
            d.diagnostic = o["reason"]?.text ?? o["response"]?.string
            d.vendorLabel = o["bounce_classification"]?.text ?? o["type"]?.text
        default:
            return .ignored
        }
        d.recipient = o["email"]?.string
        d.time = TimeField(o["timestamp"])
        d.statusText = o["status"]?.text
        d.queueID = o["sg_message_id"]?.text ?? o["smtp-id"]?.text.map(Self.cleanRecipient)
        return .events([d])
    }
}
