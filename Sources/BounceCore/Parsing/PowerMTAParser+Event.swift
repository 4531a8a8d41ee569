import Foundation

extension PowerMTAParser {
    /// Builds the event for a delivery record from the split fields.
    mutating func makeEvent(
        _ line: UnsafeBufferPointer<UInt8>, outcome: Outcome, lineNumber: Int
    ) -> Result<DeliveryEvent, Rejection> {
        let c = columns
        guard let recipient = Self.recipient(csv.unescaped(c.rcpt, in: line)), !recipient.isEmpty else {
            return .failure(Rejection(message: "pmta: record without rcpt"))
        }
        let timeBytes = ByteScan.trimmed(csv.bytes(c.timeLogged, in: line))
        guard let seconds = time(timeBytes) else {
            return .failure(Rejection(message: "pmta: bad or missing timeLogged"))
        }

        var replyCode: Int?
        var status: EnhancedStatus?
        var diagnostic = ""
        if let diag = csv.unescaped(c.dsnDiag, in: line), !diag.isEmpty {
            diag.withUnsafeBufferPointer { p in
                let codes = DSNText.codes(p[...])
                replyCode = codes.replyCode
                status = codes.status
                diagnostic = DSNText.diagnostic(p[...])
            }
        }
        // dsnStatus ("5.1.1 (bad destination mailbox address)") is the authoritative code.
        if let dsn = csv.unescaped(c.dsnStatus, in: line), !dsn.isEmpty,
           let parsed = dsn.withUnsafeBufferPointer({ DSNText.status(atStartOf: ByteScan.trimmed($0[...])) }) {
            status = parsed
        }

        var relayHost: String?
        var relayIP: String?
        if let mta = csv.unescaped(c.dsnMta, in: line), !mta.isEmpty {
            (relayHost, relayIP) = mta.withUnsafeBufferPointer { DSNText.relay($0[...]) }
        }
        let destination = ByteScan.trimmed(csv.bytes(c.dlvDestinationIp, in: line))
        if DSNText.looksLikeIP(destination) { relayIP = ByteScan.lowercasedString(destination) }

        var finalOutcome = outcome
        let category = csv.string(c.bounceCat, in: line).map { $0.trimmingCharacters(in: .whitespaces) }
        if outcome == .bounced, category == "message-expired" { finalOutcome = .expired }

        var queueID = csv.string(c.messageID, in: line) ?? csv.string(c.envId, in: line)
        if let q = queueID {
            let t = q.trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
            queueID = t.isEmpty ? nil : t
        }

        return .success(DeliveryEvent(
            time: Date(timeIntervalSince1970: seconds), format: .pmta, queueID: queueID,
            recipient: recipient, relayHost: relayHost, relayIP: relayIP, replyCode: replyCode,
            status: status, stage: nil, outcome: finalOutcome, diagnostic: diagnostic,
            vendorLabel: (category?.isEmpty ?? true) ? nil : category, line: lineNumber
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
    static func recipient(_ raw: [UInt8]?) -> String? {
        guard let raw else { return nil }
        return raw.withUnsafeBufferPointer { p -> String in
            var t = DSNText.strippingTypePrefix(p[...])
            if t.count >= 2, t.first == UInt8(ascii: "<"), t.last == UInt8(ascii: ">") {
                t = t.base[(t.startIndex + 1)..<(t.endIndex - 1)]
            }
            return ByteScan.string(ByteScan.trimmed(t))
        }
    }
}
