/// Where an address stands after an address-scope failure (PRODUCT §6).
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
}
