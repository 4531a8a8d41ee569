import BounceCore
import Foundation

/// Drafts the e-mail to Apple's postmaster for an incident (README.md, "Operator guide"): company, sending domains
/// and IPs, sample SMTP errors with timestamps and the start time. Pure: same input, same text.
public enum EscalationDraft {
    /// The draft text (plain, multi-line). Remote reply texts are sanitised.
    public static func text(incident: IncidentSummary?, snapshot: ConsoleSnapshot, profile: EscalationProfile) -> String {
        func ts(_ d: Date) -> String { TimeText.iso(d) }
        // A missing config is obvious in the draft: placeholders, not blanks.
        let configured = profile.isConfigured
        let company = profile.company.isEmpty ? "<company>" : profile.company
        let domains = configured ? profile.sendingDomains.joined(separator: ", ") : "<sending domain>"
        let ips = configured ? profile.sendingIPs.joined(separator: ", ") : "<sending IP>"
        let (contactName, contactEmail) = configured ? (profile.contactName, profile.contactEmail) : ("", "")
        var lines: [String] = []
        lines.append("To: \(configured ? profile.recipient : EscalationProfile().recipient)")
        lines.append("Subject: Valid recipients rejected as unknown by iCloud Mail since \(incident.map { ts($0.startedAt) } ?? "<start time>") (\(company))")
        lines.append("")
        lines.append("Hello iCloud Mail team,")
        lines.append("")
        lines.append("Since \(incident.map { ts($0.startedAt) } ?? "<start time>") our outbound mail to iCloud recipients has been")
        let reasons = incident?.reasons.joined(separator: ", ") ?? "user-unknown"
        lines.append("rejected with errors (\(reasons)) for mailboxes that accepted our mail until then.")
        if let i = incident {
            lines.append("The \(i.provider) bounce rate rose to \(Fmt.percent(i.peakRate)) against a baseline of \(Fmt.percent(i.baselineRate));")
            lines.append(Self.affected(i) + " Other providers are not affected.")
        }
        lines.append("")
        lines.append("Company:          \(company)")
        if !contactName.isEmpty || !contactEmail.isEmpty {
            lines.append("Contact:          \(contactName) <\(contactEmail)>")
        }
        lines.append("Sending domains:  \(domains)")
        lines.append("Sending IPs:      \(ips)")
        lines.append("Start time:       \(incident.map { ts($0.startedAt) } ?? "<start time>")")
        if let i = incident { lines.append("Detected:         \(ts(i.detectedAt))") }
        lines.append("")
        lines.append("Sample SMTP errors (timestamps UTC):")
        var samples = incident?.sampleErrors ?? []
        if samples.isEmpty {
            samples = snapshot.queue.rows.filter { incident == nil || $0.incidentID == incident?.id }
                .prefix(5).map { SampleError(at: $0.lastBounceAt, reply: $0.lastReply) }
        }
        if samples.isEmpty { lines.append("  <no samples in view>") }
        for s in samples.prefix(5) {
            let relay = s.relay.map { " \(TextSanitizer.clean($0))" } ?? ""
            lines.append("  \(ts(s.at))\(relay): \(TextSanitizer.clean(s.reply, maxLength: 300))")
        }
        lines.append("")
        lines.append("Could you please check whether the recipient database lookups for these mailboxes are")
        lines.append("working? We are holding the affected addresses and will retry once you confirm.")
        lines.append("")
        lines.append("Thank you,")
        lines.append(contactName.isEmpty ? company : "\(contactName), \(company)")
        return lines.joined(separator: "\n")
    }

    /// "97 addresses are affected in all: 34 held now, 63 released so far." — the held count
    /// alone shrinks as the operator releases, and would understate the incident to Apple.
    static func affected(_ i: IncidentSummary) -> String {
        var parts = ["\(Fmt.count(i.heldCount)) held now", "\(Fmt.count(i.releasedCount)) released so far"]
        let other = i.affectedCount - i.heldCount - i.releasedCount
        if other > 0 { parts.append("\(Fmt.count(other)) suppressed or expired") }
        return "\(Fmt.count(i.affectedCount)) addresses are affected in all: " + parts.joined(separator: ", ") + "."
    }

    /// What the operator can change at the MTA while the incident lasts (`bouncewatch mitigation`,
    /// README.md, "Mitigation at the MTA"), shown under the draft and never sent with it.
    public static func mitigation(incident: IncidentSummary?) -> [String] {
        let rule = "── At the MTA (not part of the e-mail) " + String(repeating: "─", count: 40)
        guard let i = incident else {
            return [rule, "Postfix ≥ 3.0 can defer Apple's false 5.1.1/5.2.2 instead of bouncing them:",
                    "  bouncewatch mitigation --mta postfix --dir ./mitigation"]
        }
        if i.kind == .senderWide {
            return [rule, "Sender-wide incident #\(i.id): no MTA change. These bounces are not one provider's doing;",
                    "softening them would hide a real problem (reputation, list or our own MTA)."]
        }
        let who = i.provider == Provider.appleName ? "Apple" : i.provider
        return [rule,
                "Postfix ≥ 3.0 can defer \(who)'s false 5.1.1/5.2.2 instead of bouncing them while incident #\(i.id) lasts:",
                "  bouncewatch mitigation --mta postfix --incident \(i.id) --dir ./mitigation-\(i.id)",
                "writes transport (\(who)'s own domains and the other domains of this incident), dsn_filter.pcre",
                "(5.1.1/5.2.2 from \(who)'s hosts become 4.x.x; 5.7.x, [CS01] and [HME1] stay permanent),",
                "master.cf.append, main.cf.append and a README with the apply, check and undo steps.",
                "Exim and PowerMTA cannot soften a remote 5xx: the hold queue is the mitigation there."]
    }

    /// Default file name for a saved draft.
    public static func fileName(incident: IncidentSummary?, now: Date) -> String {
        let stamp = TimeText.iso(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        return "escalation-\(incident.map { "incident-\($0.id)-" } ?? "")\(stamp).txt"
    }
}
