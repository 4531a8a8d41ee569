/// What an MTA-side mitigation covers: one provider incident's recipient domains and the relay
/// hosts whose replies may be softened (docs/DECISIONS.md, "Mitigation at the MTA").
public struct MitigationScope: Sendable, Equatable {
    /// The incident it answers, or nil for a change prepared before any incident.
    public var incidentID: Int?
    /// Provider name (`apple`).
    public var provider: String
    /// Recipient domains routed through the softening transport: lower-case, sorted, valid DNS names.
    public var domains: [String]
    /// Relay host suffixes (`.mail.icloud.com`): only replies from these hosts are softened.
    public var relaySuffixes: [String]
    /// Domains seen in the incident that are not valid DNS names (log text is hostile), left out.
    public var skipped: [String]

    /// The provider's own fixed domains (wildcard entries such as `yahoo.` cannot be routed and are
    /// left out) plus the domains seen in the incident — for Apple, its consumer domains plus the
    /// iCloud-hosted custom domains that bounced.
    public init(incidentID: Int?, provider: Provider, seen: [String]) {
        self.incidentID = incidentID
        self.provider = provider.name
        relaySuffixes = provider.relaySuffixes
        var kept = Set<String>()
        var bad: [String] = []
        for raw in provider.domains.filter({ !$0.hasSuffix(".") }) + seen {
            let d = raw.lowercased()
            if Self.isRoutable(d) { kept.insert(d) } else if !provider.domains.contains(raw) { bad.append(raw) }
        }
        domains = kept.sorted()
        skipped = Array(Set(bad)).sorted()
    }

    /// A name Postfix's transport table can hold as one key: letters, digits, hyphens and dots,
    /// at least two labels, each 1–63 bytes, 253 in all. Anything else (spaces, `#`, regex or shell
    /// characters from a forged log line) would change the table's meaning.
    public static func isRoutable(_ d: String) -> Bool {
        let bytes = Array(d.utf8)
        guard (3...253).contains(bytes.count) else { return false }
        let labels = d.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for l in labels {
            guard (1...63).contains(l.utf8.count), l.first != "-", l.last != "-" else { return false }
            for b in l.utf8 where !(b >= 0x61 && b <= 0x7a || b >= 0x30 && b <= 0x39 || b == 0x2d) { return false }
        }
        return true
    }
}
