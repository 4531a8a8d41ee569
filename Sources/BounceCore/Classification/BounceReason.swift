/// Why a delivery attempt failed: the taxonomy of README.md, "Reasons". The raw value is the wire form.
public enum BounceReason: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case userUnknown = "user-unknown"
    case mailboxDisabled = "mailbox-disabled"
    case mailboxFull = "mailbox-full"
    case hostUnknown = "host-unknown"
    case policyBlocked = "policy-blocked"
    case authFailure = "auth-failure"
    case spamContent = "spam-content"
    case rateLimited = "rate-limited"
    case expired
    case systemError = "system-error"
    case other

    /// What the reason says something about. Only `address` scope can justify suppressing.
    public var scope: FailureScope {
        switch self {
        case .userUnknown, .mailboxDisabled, .mailboxFull, .hostUnknown: return .address
        case .policyBlocked, .authFailure, .rateLimited: return .sender
        case .spamContent, .expired, .systemError, .other: return .message
        }
    }

    public static func < (a: BounceReason, b: BounceReason) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What a failure says something about (README.md, "Reasons").
public enum FailureScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// The mailbox itself (unknown user, full, disabled, no such domain).
    case address
    /// This message (content, expiry, transient system trouble).
    case message
    /// Our IP or domain (blocklists, authentication, rate limits).
    case sender
}

/// The classifier's answer for one diagnostic.
public struct Verdict: Sendable, Hashable, Codable {
    public var reason: BounceReason
    public var scope: FailureScope
    /// Permanent failure: a 5xx reply or a 5.x.x code (`classify --json` field `hard`).
    public var hard: Bool
    /// The enhanced code found in the input, if any.
    public var status: EnhancedStatus?
    /// The SMTP reply code found in the input, if any.
    public var code: Int?
    /// Identifier of the rule that decided (for `classify` output and debugging).
    public var rule: String

    public init(reason: BounceReason, scope: FailureScope? = nil, hard: Bool, status: EnhancedStatus?,
                code: Int?, rule: String) {
        self.reason = reason
        self.scope = scope ?? reason.scope
        self.hard = hard
        self.status = status
        self.code = code
        self.rule = rule
    }
}
