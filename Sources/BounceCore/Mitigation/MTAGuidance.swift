/// The MTAs `bouncewatch mitigation --mta` knows, and what each one's documented options allow.
///
/// Only Postfix can turn a remote 5xx into a retry (`smtp_delivery_status_filter`, 3.0+). For the
/// others this says so plainly instead of inventing configuration (docs/DECISIONS.md,
/// "Mitigation at the MTA"); bouncewatch's hold queue is the mitigation there.
public enum MTAKind: String, Sendable, CaseIterable {
    case postfix
    case exim
    case powermta

    /// Plain-text guidance for an MTA without a softening filter (nil for Postfix, which gets files).
    public func guidance(scope: MitigationScope) -> String? {
        let domains = scope.domains.joined(separator: ", ")
        switch self {
        case .postfix:
            return nil
        case .exim:
            return """
            Exim: no change can soften the provider's 5xx. Exim treats a permanent (5xx) reply from a
            remote host as a hard failure; its retry rules apply to temporary errors only, and no
            transport option rewrites a remote reply code. What Exim can do:
              - event_action on the smtp transport sees msg:rcpt:host:defer and msg:fail:delivery
                events: it can log or alert on the provider's 5.1.1 replies as they happen.
              - Holding the domains' mail during the incident (freezing messages, or queue_only for a
                router that matches \(domains.isEmpty ? "the provider's domains" : domains)) delays
                delivery so fewer recipients meet the broken replies.
            Recipients that bounced anyway are what bouncewatch's hold queue keeps from suppression:
            release them with `bouncewatch queue release --incident \(scope.incidentID.map(String.init) ?? "N")` once the provider recovers.

            """
        case .powermta:
            return """
            PowerMTA: its documented options throttle or pause a queue; they do not turn a remote 5xx
            into a retry. What PowerMTA can do:
              - an smtp-pattern-list entry with mode=backoff on the provider's replies slows the
                queue for \(domains.isEmpty ? "the provider's domains" : domains) while it lasts;
              - pause the provider's queues (pmta pause queue) until the provider confirms a fix.
            Recipients that bounced anyway are what bouncewatch's hold queue keeps from suppression:
            release them with `bouncewatch queue release --incident \(scope.incidentID.map(String.init) ?? "N")` once the provider recovers.

            """
        }
    }
}
