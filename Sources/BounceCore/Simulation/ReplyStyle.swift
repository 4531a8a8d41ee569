/// What the remote side did with one attempt, in a given provider's words.
enum ReplyKind: Sendable {
    case accepted
    /// The mailbox does not exist (genuinely invalid address).
    case userUnknown
    case mailboxFull
    case rateLimited
    case systemError
    /// Our IP is on a blocklist (sender-wide scenario).
    case blocklisted
    /// Apple incident: a valid mailbox answered as unknown / over quota.
    case incidentUnknown
    case incidentOverquota
    /// Reputation window: a policy rejection of our mail (Apple: `[CS01]`).
    case reputationBlock
    /// Reputation window, Apple only: a valid mailbox rejected as `550 5.1.1 user does not exist`.
    case reputationUnknown
    /// The domain's MX cannot be reached (an outage on their side).
    case unreachable
}

/// How Postfix wraps the reply in its `status=… (…)` text.
public enum ReplyForm: Sendable, Equatable {
    /// `status=sent (250 …)`.
    case sent
    /// `host H[IP] said: … (in reply to X command)`.
    case said(SMTPStage)
    /// `host H[IP] refused to talk to me: …` (a 5xx banner, logged deferred).
    case refused
    /// `connect to H[IP]:25: Connection timed out` with `relay=none`.
    case connectFailed
}

/// One remote answer: outcome, Postfix dsn, reply code and text.
struct Reply: Sendable {
    var outcome: Outcome
    var dsn: EnhancedStatus
    var code: Int?
    var text: String
    var form: ReplyForm
}

/// A receiving system's reply texts. Each case cites the real lines it copies (real Postfix
/// logs, Apple's bounce catalogue) or the provider's published wording; ids and hosts are randomised per attempt.
enum ReplyStyle: Sendable {
    case apple, gmail, outlook, office365, yahoo, comcast, gmx, orange, postfixSite

    /// Enhanced codes used by the replies, parsed once.
    private static let statuses: [String: EnhancedStatus] = {
        var t: [String: EnhancedStatus] = [:]
        for c in ["2.0.0", "2.6.0", "4.0.0", "4.2.2", "4.3.0", "4.3.2", "4.4.1", "4.7.0", "4.7.1", "4.7.28", "4.7.650", "5.0.0", "5.1.1", "5.1.10", "5.2.2", "5.5.0", "5.7.1"] { t[c] = EnhancedStatus(c)! }
        return t
    }()

    private static func status(_ code: String) -> EnhancedStatus { statuses[code]! }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    func reply(_ kind: ReplyKind, to address: String, domain: String, ourIP: String, rng: inout SplitMix64) -> Reply {
        let s = ReplyStyle.status
        switch kind {
        case .unreachable:
            return Reply(outcome: .deferred, dsn: s("4.4.1"), code: nil, text: "Connection timed out", form: .connectFailed)
        case .reputationUnknown where self == .apple:
            return reply(.userUnknown, to: address, domain: domain, ourIP: ourIP, rng: &rng)
        case .reputationBlock where self == .apple:
            // Apple's reputation refusal as real bounces carry it (`[CS01]`: "rejected due to local policy").
            return Reply(outcome: .bounced, dsn: s("5.7.1"), code: 554, text: "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", form: .said(.endOfData))
        case .reputationBlock, .reputationUnknown:
            return reply(.blocklisted, to: address, domain: domain, ourIP: ourIP, rng: &rng)
        default:
            break
        }
        switch (self, kind) {
        // MARK: Apple (Apple's bounce catalogue)
        case (.apple, .accepted):
            // `250 2.0.0 Ok: queued as D04B3C0008B` (real, 2026).
            return Reply(outcome: .delivered, dsn: s("2.0.0"), code: 250, text: "250 2.0.0 Ok: queued as \(hex(&rng, 11))", form: .sent)
        case (.apple, .userUnknown), (.apple, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.1.1"), code: 550, text: "550 5.1.1 <\(address)>: user does not exist", form: .said(.rcptTo))
        case (.apple, .mailboxFull):
            return Reply(outcome: .bounced, dsn: s("5.2.2"), code: 552, text: "552 5.2.2 <\(address)>: user is over quota", form: .said(.rcptTo))
        case (.apple, .incidentOverquota):
            return Reply(outcome: .deferred, dsn: s("4.2.2"), code: 452, text: "452 4.2.2 user is overquota", form: .said(.rcptTo))
        case (.apple, .rateLimited):
            return Reply(outcome: .deferred, dsn: s("4.7.1"), code: 421, text: "421 4.7.1 Messages to \(address) deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", form: .said(.rcptTo))
        case (.apple, .systemError):
            return Reply(outcome: .deferred, dsn: s("4.7.1"), code: 451, text: "451 4.7.1 Service unavailable - try again later", form: .said(.rcptTo))
        case (.apple, .blocklisted):
            // A 5xx banner is logged deferred with dsn 4.7.0 (lightmeter fixture).
            return Reply(outcome: .deferred, dsn: s("4.7.0"), code: 550, text: "550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=\(ourIP)", form: .refused)

        // MARK: Gmail (multi-line replies folded by Postfix)
        case (.gmail, .accepted):
            return Reply(outcome: .delivered, dsn: s("2.0.0"), code: 250, text: "250 2.0.0 OK  \(1_565_000_000 + rng.below(99_999_999)) \(gsmtp(&rng)) - gsmtp", form: .sent)
        case (.gmail, .userUnknown), (.gmail, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.1.1"), code: 550, text: "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser \(gsmtp(&rng)) - gsmtp", form: .said(.rcptTo))
        case (.gmail, .mailboxFull), (.gmail, .incidentOverquota):
            return Reply(outcome: .deferred, dsn: s("4.2.2"), code: 452, text: "452-4.2.2 The recipient's inbox is out of storage space. Please direct the 452-4.2.2 recipient to 452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp \(gsmtp(&rng)) - gsmtp", form: .said(.rcptTo))
        case (.gmail, .rateLimited):
            return Reply(outcome: .deferred, dsn: s("4.7.28"), code: 421, text: "421-4.7.28 [\(ourIP)      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. For more information, go to 421 4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError \(gsmtp(&rng)) - gsmtp", form: .said(.mailFrom))
        case (.gmail, .systemError):
            return Reply(outcome: .deferred, dsn: s("4.3.0"), code: 451, text: "451 4.3.0 Mail server temporarily rejected message. \(gsmtp(&rng)) - gsmtp", form: .said(.endOfData))
        case (.gmail, .blocklisted):
            return Reply(outcome: .bounced, dsn: s("5.7.1"), code: 550, text: "550-5.7.1 [\(ourIP)      12] Our system has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been blocked. For more information, go to 550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError \(gsmtp(&rng)) - gsmtp", form: .said(.endOfData))

        // MARK: Outlook.com / Hotmail
        case (.outlook, .accepted), (.office365, .accepted):
            return Reply(outcome: .delivered, dsn: s("2.6.0"), code: 250, text: "250 2.6.0 <\(hex(&rng, 14).lowercased())@mta1.example.net> [InternalId=\(10_000_000_000_000 + rng.below(89_999_999_999_999)), Hostname=\(eop(&rng))] \(8_000 + rng.below(60_000)) bytes in 0.\(100 + rng.below(800)), 152.331 KB/sec Queued mail for delivery", form: .sent)
        case (.outlook, .userUnknown), (.outlook, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.5.0"), code: 550, text: "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [\(eop(&rng))]", form: .said(.rcptTo))
        case (.office365, .userUnknown), (.office365, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.1.10"), code: 550, text: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient \(address) not found by SMTP address lookup", form: .said(.rcptTo))
        case (.outlook, .mailboxFull), (.office365, .mailboxFull), (.outlook, .incidentOverquota), (.office365, .incidentOverquota):
            return Reply(outcome: .bounced, dsn: s("5.2.2"), code: 552, text: "552 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded", form: .said(.endOfData))
        case (.outlook, .rateLimited), (.office365, .rateLimited):
            return Reply(outcome: .deferred, dsn: s("4.7.650"), code: 451, text: "451 4.7.650 The mail server [\(ourIP)] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [\(eop(&rng))]", form: .said(.mailFrom))
        case (.outlook, .systemError), (.office365, .systemError):
            return Reply(outcome: .deferred, dsn: s("4.3.2"), code: 421, text: "421 4.3.2 The maximum number of concurrent server connections has exceeded a limit, closing transmission channel [\(eop(&rng))]", form: .said(.mailFrom))
        case (.outlook, .blocklisted), (.office365, .blocklisted):
            return Reply(outcome: .bounced, dsn: s("5.7.1"), code: 550, text: "550 5.7.1 Unfortunately, messages from [\(ourIP)] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [\(eop(&rng))]", form: .said(.mailFrom))

        // MARK: Yahoo / AOL (no enhanced code in the 554: Postfix logs dsn=5.0.0)
        case (.yahoo, .accepted):
            return Reply(outcome: .delivered, dsn: s("2.0.0"), code: 250, text: "250 ok dirdel", form: .sent)
        case (.yahoo, .userUnknown), (.yahoo, .incidentUnknown), (.yahoo, .mailboxFull), (.yahoo, .incidentOverquota):
            return Reply(outcome: .bounced, dsn: s("5.0.0"), code: 554, text: "554 delivery error: dd This user doesn't have a \(domain) account (\(address)) [0] - mta\(1000 + rng.below(9000)).mail.\(yahooSites[rng.below(3)]).yahoo.com", form: .said(.endOfData))
        case (.yahoo, .rateLimited):
            // Real TSS04 line (lightmeter fixture), our IP substituted.
            return Reply(outcome: .deferred, dsn: s("4.7.0"), code: 421, text: "421 4.7.0 [TSS04] Messages from \(ourIP) temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", form: .said(.mailFrom))
        case (.yahoo, .systemError):
            return Reply(outcome: .deferred, dsn: s("4.0.0"), code: 451, text: "451 Message temporarily deferred - [160]", form: .said(.endOfData))
        case (.yahoo, .blocklisted):
            return Reply(outcome: .deferred, dsn: s("4.7.1"), code: 553, text: "553 5.7.1 [BL21] Connections will not be accepted from \(ourIP), because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", form: .refused)

        // MARK: Others
        case (.comcast, .accepted), (.orange, .accepted):
            return Reply(outcome: .delivered, dsn: s("2.0.0"), code: 250, text: "250 2.0.0 \(alnum(&rng, 12)) mail accepted for delivery", form: .sent)
        case (.gmx, .accepted):
            return Reply(outcome: .delivered, dsn: s("2.0.0"), code: 250, text: "250 Requested mail action okay, completed: id=\(alnum(&rng, 21))", form: .sent)
        case (.postfixSite, .accepted):
            return Reply(outcome: .delivered, dsn: s("2.0.0"), code: 250, text: "250 2.0.0 Ok: queued as \(hex(&rng, 11))", form: .sent)
        case (.comcast, .userUnknown), (.comcast, .incidentUnknown):
            // Real: `550 5.1.1 Not our Customer` (real Postfix logs).
            return Reply(outcome: .bounced, dsn: s("5.1.1"), code: 550, text: "550 5.1.1 Not our Customer", form: .said(.rcptTo))
        case (.gmx, .userUnknown), (.gmx, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.0.0"), code: 550, text: "550 Requested action not taken: mailbox unavailable", form: .said(.rcptTo))
        case (.orange, .userUnknown), (.orange, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.1.1"), code: 550, text: "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]", form: .said(.rcptTo))
        case (.postfixSite, .userUnknown), (.postfixSite, .incidentUnknown):
            return Reply(outcome: .bounced, dsn: s("5.1.1"), code: 550, text: "550 5.1.1 <\(address)>: Recipient address rejected: User unknown in virtual mailbox table", form: .said(.rcptTo))
        case (_, .mailboxFull), (_, .incidentOverquota):
            return Reply(outcome: .deferred, dsn: s("4.2.2"), code: 452, text: "452 4.2.2 <\(address)>: Recipient address rejected: Mailbox full", form: .said(.rcptTo))
        case (_, .rateLimited):
            return Reply(outcome: .deferred, dsn: s("4.7.0"), code: 421, text: "421 4.7.0 Too many concurrent connections from your IP, try again later", form: .said(.mailFrom))
        case (_, .systemError):
            // Real shape (netkiller): relay=none, dsn=4.4.1.
            return Reply(outcome: .deferred, dsn: s("4.4.1"), code: nil, text: "Connection timed out", form: .connectFailed)
        case (_, .blocklisted), (_, .reputationBlock), (_, .reputationUnknown), (_, .unreachable):
            return Reply(outcome: .bounced, dsn: s("5.7.1"), code: 554, text: "554 5.7.1 Service unavailable; Client host [\(ourIP)] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/\(ourIP)", form: .said(.rcptTo))
        }
    }
}

// Literal arrays inside functions are rebuilt on every call in debug builds: keep them here.
private let yahooSites = ["bf1", "gq1", "ne1"]
private let gsmtpSuffixes = ["wrd", "qkb", "ejb", "pfb"]
private let eopPrefixes = ["BN8", "DM6", "CO1", "SN1"]
private let alnumDigits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

/// `n` upper-case hex digits (Postfix queue ids, Apple's `queued as`).
func hex(_ rng: inout SplitMix64, _ n: Int) -> String {
    precondition(n <= 16)
    // Set the top digit so the number always has exactly n digits.
    let value = (rng.next() >> (64 - 4 * UInt64(n))) | (UInt64(8) << (4 * UInt64(n) - 4))
    return String(value, radix: 16, uppercase: true)
}

/// `n` (≤ 24) lower-case base-36 characters, for vendor message ids.
func alnum(_ rng: inout SplitMix64, _ n: Int) -> String {
    let s = String(rng.next() | 1 << 63, radix: 36) + String(rng.next() | 1 << 63, radix: 36)
    return String(s.prefix(n))
}

/// Gmail's per-message trace id, e.g. `x4si35533wrd.231`.
private func gsmtp(_ rng: inout SplitMix64) -> String {
    let a = alnumDigits[10 + rng.below(26)]
    return "\(a)\(rng.below(10))si\(1_000_000 + rng.below(8_999_999))\(gsmtpSuffixes[rng.below(4)]).\(rng.below(999))"
}

/// An Exchange Online front-end host name.
private func eop(_ rng: inout SplitMix64) -> String {
    "\(eopPrefixes[rng.below(4)])NAM\(10 + rng.below(3))FT\(String(100 + rng.below(900))).eop-nam\(10 + rng.below(3)).prod.protection.outlook.com"
}
