/// The SMTP command a reply answered ("in reply to RCPT TO command"), when the log says.
public enum SMTPStage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Banner / connection ("refused to talk to me", connect timeouts).
    case connect
    case helo
    case mailFrom = "mail-from"
    case rcptTo = "rcpt-to"
    case data
    /// After the message body was sent ("end of DATA").
    case endOfData = "end-of-data"
}
