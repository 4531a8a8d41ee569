/// The failure classes the incident detector watches per provider: one per `FailureScope`, plus
/// deferrals of any reason.
///
/// A provider incident is only ever opened on the `address` class (only address-scope failures
/// can be provider-caused false bounces worth holding). Any class can open a `senderWide`
/// incident: a reputation window shows as policy blocks (`sender`) and 4.7.x deferrals
/// (`deferral`) at every provider at once, with few address-scope failures at all.
public enum FailureClass: String, Codable, Sendable, Hashable, CaseIterable {
    /// User-unknown, mailbox-disabled, mailbox-full, host-unknown (bounced or deferred).
    case address
    /// Policy blocks, authentication failures, rate limits (bounced or deferred).
    case sender
    /// Spam content, expiry, system errors, unclassified (bounced or deferred).
    case message
    /// Deferred attempts, whatever the reason.
    case deferral

    /// Position in `allCases` (the detector keeps per-class arrays).
    var index: Int {
        switch self {
        case .address: 0
        case .sender: 1
        case .message: 2
        case .deferral: 3
        }
    }

    /// Words for the timeline: "sender/policy failure rate 14.2 %".
    public var label: String {
        switch self {
        case .address: "address-failure"
        case .sender: "sender/policy failure"
        case .message: "message/system failure"
        case .deferral: "deferral"
        }
    }
}

extension Tally {
    /// Failures of class `c` in this tally. `sender` and `message` need a tally with reasons.
    func failures(_ c: FailureClass) -> Int {
        switch c {
        case .address: return addressFailures
        case .deferral: return deferred
        case .sender, .message:
            let scope: FailureScope = c == .sender ? .sender : .message
            var n = 0
            for (i, count) in reasons.enumerated() where count > 0 && reasonScopes[i] == scope { n += count }
            return n
        }
    }
}

/// `BounceReason.allCases[i].scope`, computed once (this runs per provider per minute).
private let reasonScopes = BounceReason.allCases.map(\.scope)
