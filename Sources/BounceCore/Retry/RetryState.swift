/// Where an address stands after an address-scope failure (docs/DECISIONS.md, "Retry queue").
public enum RetryState: String, Sendable, Hashable, Codable, CaseIterable {
    /// In the retry queue: probably a provider-side problem; do not suppress.
    case held
    /// A genuine bad address (no evidence for holding).
    case suppressed
    /// An operator released it (un-suppress / retry).
    case released
    /// Held longer than the hold limit without release.
    case expired

    /// One-letter marker so meaning never depends on colour alone.
    public var letter: Character {
        switch self {
        case .held: "H"
        case .suppressed: "S"
        case .released: "R"
        case .expired: "X"
        }
    }
}

/// Why a decision was taken; stored with the item and in the audit trail.
public enum HoldEvidence: String, Sendable, Hashable, Codable {
    /// The provider had an open incident covering the bounce time.
    case openIncident = "open-incident"
    /// An incident of the provider closed within the grace period before the bounce.
    case gracePeriod = "grace-period"
    /// The address delivered successfully within the known-good window.
    case knownGood = "known-good"
    /// The reason is `mailbox-full` (soft by nature).
    case mailboxFull = "mailbox-full"
    /// No evidence for holding: suppressed.
    case noEvidence = "no-evidence"
    /// Moved to held when an incident opened whose start precedes the bounce.
    case incidentReevaluation = "incident-reevaluation"
    /// An operator acted.
    case operatorAction = "operator"
    /// The hold limit passed.
    case holdLimit = "hold-limit"
    /// A known-good hold bounced hard again on a later attempt with no incident of its provider
    /// covering either bounce: a mailbox that died (list decay), suppressed.
    case repeatHardBounce = "repeat-hard-bounce"
    /// A known-good hold's probation ran out: no incident of its provider covered the bounce,
    /// then or within the probation period after it. Suppressed.
    case probationEnded = "probation-ended"
    /// A held address delivered again: it left the queue (released by the engine).
    case recovered

    /// What the evidence means, in words for the console and exports.
    public var explanation: String {
        switch self {
        case .openIncident: "open incident"
        case .gracePeriod: "incident closed within the grace period"
        case .knownGood: "known-good address (on probation)"
        case .mailboxFull: "mailbox full"
        case .noEvidence: "no evidence for holding"
        case .incidentReevaluation: "re-evaluated when the incident opened"
        case .operatorAction: "operator"
        case .holdLimit: "hold limit passed"
        case .repeatHardBounce: "repeat hard bounce, no incident"
        case .probationEnded: "probation ended, no incident"
        case .recovered: "delivered again (recovered)"
        }
    }
}
