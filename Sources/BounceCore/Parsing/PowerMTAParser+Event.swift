import Foundation

extension PowerMTAParser {
    /// Builds the event for a delivery record from the split fields.
    mutating func makeEvent(
        _ line: UnsafeBufferPointer<UInt8>, outcome: Outcome, lineNumber: Int
    ) -> Result<DeliveryEvent, Rejection> {
        let c = columns
        guard let recipient = csv.withField(c.rcpt, in: line, Self.recipient), !recipient.isEmpty else {
            return .failure(Rejection(message: "pmta: record without rcpt"))
        }
        let timeBytes = ByteScan.trimmed(csv.bytes(c.timeLogged, in: line))
        guard let seconds = time(timeBytes) else {
            return .failure(Rejection(message: "pmta: bad or missing timeLogged"))
        }

        var replyCode: Int?
        var status: EnhancedStatus?
        var diagnostic = ""
        csv.withField(c.dsnDiag, in: line) { diag in
            let codes = DSNText.codes(diag)
            replyCode = codes.replyCode
            status = codes.status
            diagnostic = DSNText.diagnostic(diag)
        }
        // dsnStatus ("5.1.1 (bad destination mailbox address)") is the authoritative code.
        if let parsed = csv.withField(c.dsnStatus, in: line, { DSNText.status(atStartOf: ByteScan.trimmed($0)) }) ?? nil {
            status = parsed
        }

        var relayHost: String?
        var relayIP: String?
        if let relay = csv.withField(c.dsnMta, in: line, DSNText.relay) { (relayHost, relayIP) = relay }
        let destination = ByteScan.trimmed(csv.bytes(c.dlvDestinationIp, in: line))
        if DSNText.looksLikeIP(destination) { relayIP = ByteScan.lowercasedString(destination) }

        var finalOutcome = outcome
        let category = csv.withField(c.bounceCat, in: line) { b -> String? in
            let t = ByteScan.trimmed(b)
            return t.isEmpty ? nil : ByteScan.string(t)
        } ?? nil
        if outcome == .bounced, category == "message-expired" { finalOutcome = .expired }

        let queueID = (csv.withField(c.messageID, in: line, Self.identifier) ?? nil)
            ?? (csv.withField(c.envId, in: line, Self.identifier) ?? nil)

        return .success(DeliveryEvent(
            time: Date(timeIntervalSince1970: seconds), format: .pmta, queueID: queueID,
            recipient: recipient, relayHost: relayHost, relayIP: relayIP, replyCode: replyCode,
            status: status, stage: nil, outcome: finalOutcome, diagnostic: diagnostic,
            vendorLabel: category, line: lineNumber
        ))
    }

    /// `timeLogged`: UNIX time_t (`1178807903`, `1178807903.25`) or
    /// `2026-09-21 12:00:07+0000` / `...Z` / zone-less (read in the assumed zone).
    mutating func time(_ b: Bytes) -> Double? {
        if let unix = TimestampBytes.parseUnix(b) { return unix }
        guard let civil = TimestampBytes.parseCivil(b) else { return nil }
        if let utc = civil.utcSeconds { return utc }
        return Double(zone.utc(fromWallClock: civil.wallSeconds)) + civil.fraction
    }

    /// The recipient without surrounding spaces, angle brackets or an `rfc822;` prefix.
    static func recipient(_ raw: Bytes) -> String {
        var t = DSNText.strippingTypePrefix(raw)
        if t.count >= 2, t.first == UInt8(ascii: "<"), t.last == UInt8(ascii: ">") {
            t = t.base[(t.startIndex + 1)..<(t.endIndex - 1)]
        }
        return ByteScan.string(ByteScan.trimmed(t))
    }

    /// A message id without spaces or angle brackets; nil when empty.
    static func identifier(_ raw: Bytes) -> String? {
        let s = recipient(raw)
        return s.isEmpty ? nil : s
    }
}
