import Foundation

/// One delivery attempt for one recipient, normalised from any input format (README.md, "Inputs").
///
/// Parsers produce these; the engine classifies, counts and decides on them.
public struct DeliveryEvent: Sendable, Equatable {
    /// Event time from the log (UTC instant).
    public var time: Date
    public var format: SourceFormat
    /// Postfix queue id, Exim message id, PowerMTA/ESP message id when present.
    public var queueID: String?
    /// Recipient address as logged (quoted local parts kept, e.g. `"a b"@icloud.com`).
    public var recipient: String
    /// Lower-cased domain part of the recipient.
    public var recipientDomain: String
    /// Remote MTA host name, lower-cased, when known (`mx01.mail.icloud.com`).
    public var relayHost: String?
    /// Remote MTA IP (v4 or v6) when known.
    public var relayIP: String?
    /// SMTP reply code (550, 452…) when present.
    public var replyCode: Int?
    /// Enhanced status code (dsn=, reply text or vendor field).
    public var status: EnhancedStatus?
    public var stage: SMTPStage?
    public var outcome: Outcome
    /// The remote server's reply or the local reason, folded to one line. Hostile until sanitised.
    public var diagnostic: String
    /// A vendor's own label (SES `Permanent/General`, PowerMTA `bounceCat`), for display only.
    public var vendorLabel: String?
    /// 1-based line number in its source.
    public var line: Int

    public init(
        time: Date, format: SourceFormat, queueID: String? = nil, recipient: String,
        recipientDomain: String? = nil, relayHost: String? = nil, relayIP: String? = nil,
        replyCode: Int? = nil, status: EnhancedStatus? = nil, stage: SMTPStage? = nil,
        outcome: Outcome, diagnostic: String = "", vendorLabel: String? = nil, line: Int = 0
    ) {
        self.time = time
        self.format = format
        self.queueID = queueID
        self.recipient = recipient
        self.recipientDomain = recipientDomain ?? DeliveryEvent.domain(of: recipient)
        self.relayHost = relayHost
        self.relayIP = relayIP
        self.replyCode = replyCode
        self.status = status
        self.stage = stage
        self.outcome = outcome
        self.diagnostic = diagnostic
        self.vendorLabel = vendorLabel
        self.line = line
    }

    /// The lower-cased domain after the last `@` (empty when there is none).
    public static func domain(of address: String) -> String {
        let u = address.utf8
        guard let at = u.lastIndex(of: UInt8(ascii: "@")) else { return "" }
        return AsciiCase.lowered(String(address[u.index(after: at)...]))
    }
}
