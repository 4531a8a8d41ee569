extension JSONLParser {
    /// The neutral schema (README.md, "Inputs"):
    ///
    /// ```
    /// {"timestamp":"2019-08-08T17:02:11Z","event":"bounced","recipient":"a@icloud.com","status":"5.1.1",
    ///  "diagnostic":"550 5.1.1 <a@icloud.com>: user does not exist","mx":"mx01.mail.icloud.com [17.57.154.6]"}
    /// ```
    ///
    /// `event`: delivered|sent → delivered; deferred|delayed → deferred; bounced|bounce → bounced;
    /// failed → bounced, or deferred when the code says 4xx; expired → expired; other → ignored.
    /// `timestamp`: ISO 8601, or a number / digit string of seconds, milliseconds or
    /// microseconds (by magnitude). Optional `code` (reply code), `ip` (relay IP), `queue_id`.
    static func neutral(_ o: JSONNode) -> Routed {
        guard o["recipient"] != nil else { return .ignored }
        let event = (o["event"]?.string ?? "").lowercased()
        var d: Draft
        switch event {
        case "delivered", "sent", "delivery": d = Draft(outcome: .delivered)
        case "deferred", "deferral", "delayed", "transient": d = Draft(outcome: .deferred)
        case "bounced", "bounce", "failed": d = Draft(outcome: .bounced)
        case "expired": d = Draft(outcome: .expired)
        default: return .ignored
        }
        d.recipient = o["recipient"]?.string
        d.time = TimeField(o["timestamp"])
        d.statusText = o["status"]?.text
        d.replyCode = o["code"]?.integer
        d.diagnostic = o["diagnostic"]?.string
        (d.relayHost, d.relayIP) = relay(o["mx"]?.text)
        if let ip = o["ip"]?.text { d.relayIP = ip }
        d.queueID = o["queue_id"]?.text ?? o["message_id"]?.text
        if event == "failed" {
            let status = d.statusText.flatMap { EnhancedStatus(String($0.prefix(while: { $0 != " " }))) }
            if d.replyCode.map({ (400..<500).contains($0) }) ?? (status?.klass == 4) { d.outcome = .deferred }
        }
        return .events([d])
    }

    /// KumoMTA outcome by record `type` (KumoMTA's log records); nil for non-delivery records.
    static func kumoOutcome(_ type: String) -> Outcome? {
        switch type {
        case "Delivery": return .delivered
        case "Bounce", "AdminBounce", "OOB": return .bounced
        case "TransientFailure": return .deferred
        case "Expiration": return .expired
        default: return nil
        }
    }

    /// KumoMTA log records (https://docs.kumomta.com/reference/log_record/):
    ///
    /// ```
    /// {"type":"Bounce","id":"…","sender":"…","recipient":"a@icloud.com","queue":"icloud.com",
    ///  "site":"…","response":{"code":550,"enhanced_code":{"class":5,"subject":1,"detail":1},
    ///  "content":"5.1.1 <a@icloud.com>: user does not exist","command":"RCPT TO:<a@icloud.com>\r\n"},
    ///  "peer_address":{"name":"mx01.mail.icloud.com.","addr":"17.57.154.6"},"timestamp":1565283731,…}
    /// ```
    ///
    /// Delivery/Bounce/TransientFailure/Expiration/AdminBounce/OOB → delivered/bounced/deferred/
    /// expired/bounced/bounced; Reception, Feedback, Rejection → ignored. `response.command` →
    /// stage; `peer_address` → relay; `bounce_classification` → vendorLabel unless
    /// `Uncategorized`.
    static func kumo(_ o: JSONNode, type: String) -> Routed {
        guard let outcome = kumoOutcome(type) else { return .ignored }
        let response = o["response"]
        var base = Draft(outcome: outcome)
        base.time = TimeField(o["timestamp"])
        base.queueID = o["id"]?.text
        base.replyCode = response?["code"]?.integer
        if let e = response?["enhanced_code"], let k = e["class"]?.integer, [2, 4, 5].contains(k),
           let s = e["subject"]?.integer, let dt = e["detail"]?.integer, (0...999).contains(s), (0...999).contains(dt) {
            base.status = EnhancedStatus(klass: UInt8(k), subject: UInt16(s), detail: UInt16(dt))
        }
        var content = response?["content"]?.string ?? ""
        // Kumo's `content` omits the reply code; put it back so the diagnostic reads like a reply.
        if let code = base.replyCode, !content.isEmpty, !content.hasPrefix(String(code)) { content = "\(code) \(content)" }
        base.diagnostic = content
        base.stage = stage(command: response?["command"]?.string)
        if let peer = o["peer_address"] {
            base.relayHost = relay(peer["name"]?.text).host
            base.relayIP = peer["addr"]?.text.map { relay($0).ip ?? $0 }
        }
        if let label = o["bounce_classification"]?.text, label != "Uncategorized" { base.vendorLabel = label }

        var recipients: [String] = []
        if let r = o["recipient"]?.string { recipients = [r] } else if let list = o["recipient"]?.array {
            recipients = list.compactMap(\.string)
        }
        if recipients.isEmpty { return .events([base]) }  // rejected later: no recipient
        return .events(recipients.map { r in
            var d = base
            d.recipient = r
            return d
        })
    }

    /// The stage a reply answered, from the SMTP command text (`RCPT TO:<…>`, `.`, `DATA`).
    static func stage(command: String?) -> SMTPStage? {
        guard let raw = command?.trimmingSpacesAndNewlines.uppercased(), !raw.isEmpty else { return nil }
        if raw.hasPrefix("RCPT") { return .rcptTo }
        if raw.hasPrefix("MAIL") { return .mailFrom }
        if raw.hasPrefix("DATA") { return .data }
        if raw == "." { return .endOfData }
        if raw.hasPrefix("EHLO") || raw.hasPrefix("HELO") || raw.hasPrefix("LHLO") || raw.hasPrefix("STARTTLS") { return .helo }
        return nil
    }
}
