/// Hold-not-suppress rules (docs/DECISIONS.md, "Retry queue"). Pure: all facts are passed in.
public struct RetryPolicy: Sendable, Codable, Equatable {
    /// An incident that closed this long before a bounce still covers it (default 2 h).
    public var gracePeriod: Int = 2 * 3600
    /// A delivery this recent makes an address "known-good" (default 30 days).
    public var knownGoodWindow: Int = 30 * 86400
    /// Held items older than this expire (default 14 days).
    public var holdLimit: Int = 14 * 86400
    /// Known-good is a probation, not a life sentence: real lists decay, and mailboxes that took
    /// our mail last week die. A known-good hold (no incident linked) that bounces hard again,
    /// address scope, at least this long after the bounce that started it — a later send, not a
    /// duplicate line of one attempt — is suppressed ("repeat hard bounce, no incident") when no
    /// incident of its provider covers either bounce (default 10 min). Should an incident open
    /// later with an earlier estimated start, the re-evaluation moves it back to held.
    public var repeatBounceGap: Int = 10 * 60
    /// A known-good hold that does not bounce again is suppressed ("probation ended, no
    /// incident") this long after its bounce when still no incident of its provider covers it
    /// (default 30 min; a bounce inside a sender-wide incident keeps its hold). Short on purpose:
    /// the hold only has to outlast detection (minutes), and an incident opening later with an
    /// estimated start before the bounce moves the address back to held and links it (the
    /// re-evaluation). `[hold] probation_hours = 0` turns it off, so only a repeat bounce ends it.
    public var probationPeriod: Int = 30 * 60
    /// When an incident opens, bounces this long before its estimated start are re-evaluated
    /// and linked too (default 5 min, the detector's short window): the start is a minute-grained
    /// estimate that can be a minute or two late, and an unlinked victim is missed by "release
    /// incident N".
    public var linkMargin: Int = 5 * 60

    public init() {}

    /// An incident as far as holding is concerned.
    public struct IncidentSpan: Sendable, Equatable {
        public var id: Int
        public var provider: String
        public var startedAt: Int
        public var closedAt: Int?
        public init(id: Int, provider: String, startedAt: Int, closedAt: Int?) {
            self.id = id
            self.provider = provider
            self.startedAt = startedAt
            self.closedAt = closedAt
        }
    }

    /// The decision for an address-scope failure at `time`.
    ///
    /// - Parameters:
    ///   - incidents: provider incidents (never sender-wide ones: those must not cause holds).
    ///   - lastDelivered: the address's last successful delivery before this bounce, if any.
    public func decide(provider: String, reason: BounceReason, time: Int, lastDelivered: Int?,
                       incidents: [IncidentSpan]) -> (state: RetryState, evidence: HoldEvidence, incidentID: Int?) {
        if let hit = covering(provider: provider, time: time, incidents: incidents) {
            return (.held, hit.closedAt == nil || time <= hit.closedAt! ? .openIncident : .gracePeriod, hit.id)
        }
        if let lastDelivered, lastDelivered <= time, time - lastDelivered <= knownGoodWindow {
            return (.held, .knownGood, nil)
        }
        if reason == .mailboxFull { return (.held, .mailboxFull, nil) }
        return (.suppressed, .noEvidence, nil)
    }

    /// True when a later bounce at `time` ends the probation of `item`: a known-good hold with no
    /// incident, a hard address-scope failure (not mailbox-full) at least `repeatBounceGap`
    /// after the hold's last bounce, and no incident of the provider covering either bounce.
    public func endsProbation(_ item: RetryItem, verdict: Verdict, time: Int, incidents: [IncidentSpan]) -> Bool {
        item.state == .held && item.evidence == .knownGood && item.incidentID == nil
            && verdict.hard && verdict.scope == .address && verdict.reason != .mailboxFull
            && time - item.lastBounceAt >= repeatBounceGap
            && covering(provider: item.provider, time: time, incidents: incidents) == nil
            && covering(provider: item.provider, time: item.lastBounceAt, incidents: incidents) == nil
    }

    /// The incident of `provider` covering `time` (open, or closed within the grace period).
    public func covering(provider: String, time: Int, incidents: [IncidentSpan]) -> IncidentSpan? {
        incidents.last { i in
            i.provider == provider && time >= i.startedAt && time <= (i.closedAt.map { $0 + gracePeriod } ?? Int.max)
        }
    }
}
