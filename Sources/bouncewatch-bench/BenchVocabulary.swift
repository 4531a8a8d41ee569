import BounceCore

/// The words the benchmark seeder builds rows from: recipient domains with their provider and
/// share of bounces, the reasons each provider gives and the replies its MTAs send (shapes from
/// real MTA logs, as in `scripts/gen-postfix-log.py`), and operator notes for the timeline.
/// Apple domains carry most of the bounces, as they do in the queue of a sender hit by Apple
/// incidents — the case the console is built for.
enum BenchVocabulary {
    struct Domain {
        let name: String
        let provider: String
        let weight: Double
    }

    static let domains: [Domain] = [
        Domain(name: "icloud.com", provider: "apple", weight: 0.38),
        Domain(name: "me.com", provider: "apple", weight: 0.09),
        Domain(name: "mac.com", provider: "apple", weight: 0.03),
        Domain(name: "privaterelay.appleid.com", provider: "apple", weight: 0.08),
        // iCloud+ custom domains (seen at Apple's MX): the console's `icloud-hosted` row.
        Domain(name: "kyuhyuk.kr", provider: "apple", weight: 0.01),
        Domain(name: "lindqvist.family", provider: "apple", weight: 0.01),
        Domain(name: "gmail.com", provider: "google", weight: 0.20),
        Domain(name: "outlook.com", provider: "microsoft", weight: 0.06),
        Domain(name: "hotmail.com", provider: "microsoft", weight: 0.03),
        Domain(name: "yahoo.com", provider: "yahoo", weight: 0.05),
        Domain(name: "aol.com", provider: "yahoo", weight: 0.01),
        Domain(name: "example.org", provider: Provider.otherName, weight: 0.03),
        Domain(name: "mail.example.net", provider: Provider.otherName, weight: 0.02),
    ]

    /// A bounce as an MTA reports it: reason, enhanced status, reply code and text (`{a}` is the address).
    struct Reply {
        let reason: BounceReason
        let status: String?
        let code: Int?
        let text: String
        let weight: Double
    }

    static func replies(provider: String, domain: String) -> [Reply] {
        switch provider {
        case "apple" where domain == "privaterelay.appleid.com":
            return [
                Reply(reason: .mailboxDisabled, status: "5.7.1", code: 550, text: "550 5.7.1 Relay not permitted", weight: 0.6),
                Reply(reason: .userUnknown, status: "5.1.1", code: 550, text: "550 5.1.1 <{a}>: user does not exist", weight: 0.4),
            ]
        case "apple":
            return [
                Reply(reason: .userUnknown, status: "5.1.1", code: 550, text: "550 5.1.1 <{a}>: user does not exist", weight: 0.70),
                Reply(reason: .mailboxFull, status: "5.2.2", code: 552, text: "552 5.2.2 <{a}>: user is over quota", weight: 0.15),
                Reply(reason: .mailboxFull, status: "4.2.2", code: 452, text: "452 4.2.2 <{a}>: user is overquota", weight: 0.10),
                Reply(reason: .mailboxDisabled, status: "5.2.1", code: 550, text: "550 5.2.1 <{a}>: account disabled", weight: 0.05),
            ]
        case "google":
            return [
                Reply(reason: .userUnknown, status: "5.1.1", code: 550,
                      text: "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp",
                      weight: 0.8),
                Reply(reason: .mailboxFull, status: "5.2.2", code: 552,
                      text: "552-5.2.2 The email account that you tried to reach is over quota. https://support.google.com/mail/?p=OverQuotaPerm - gsmtp",
                      weight: 0.1),
                Reply(reason: .mailboxDisabled, status: "5.2.1", code: 550,
                      text: "550-5.2.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser - gsmtp",
                      weight: 0.1),
            ]
        case "microsoft":
            return [
                Reply(reason: .userUnknown, status: "5.5.0", code: 550,
                      text: "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [AM4PEPF00027A5F.eurprd04.prod.outlook.com]",
                      weight: 0.9),
                Reply(reason: .mailboxFull, status: "5.2.2", code: 552, text: "552 5.2.2 Mailbox full", weight: 0.1),
            ]
        case "yahoo":
            return [
                Reply(reason: .userUnknown, status: nil, code: 554,
                      text: "554 delivery error: dd This user doesn't have a yahoo.com account ({a}) [0] - mta1234.mail.bf1.yahoo.com",
                      weight: 1),
            ]
        default:
            return [
                Reply(reason: .userUnknown, status: "5.1.1", code: 550,
                      text: "550 5.1.1 <{a}>: Recipient address rejected: User unknown in virtual mailbox table", weight: 0.8),
                Reply(reason: .hostUnknown, status: "5.4.4", code: nil,
                      text: "Host or domain name not found. Name service error for name=mail.example.net type=MX: Host not found", weight: 0.2),
            ]
        }
    }

    static let firstNames = ["anna", "ben", "chloe", "david", "emma", "felix", "grace", "hugo", "ines", "jonas",
                             "kim", "leon", "maria", "noah", "olivia", "paul", "quinn", "rosa", "sam", "tina",
                             "ugo", "vera", "will", "xia", "yusuf", "zoe", "mei", "omar", "lena", "theo"]
    static let lastNames = ["smith", "mueller", "garcia", "rossi", "dubois", "kowalski", "jensen", "tanaka",
                            "silva", "novak", "oconnor", "haddad", "kim", "nguyen", "schmidt", "moreau",
                            "lindqvist", "park", "okafor", "costa"]

    static let operators = ["alice", "bob", "chen", "dmitri", "eva"]

    /// Operator notes by kind; `{i}` is the incident id.
    static let notes: [(TimelineKind, String)] = [
        (.postmasterContact, "emailed icloudadmin@apple.com with 20 sample bounces for incident {i}"),
        (.ticket, "opened INC-{i}4711 with the deliverability team"),
        (.providerResponse, "Apple postmaster: known issue on some mx, engineering is investigating"),
        (.mitigation, "paused the newsletter segment to Apple domains for 30 min"),
        (.resolved, "Apple confirmed recovery; releasing held addresses"),
        (.note, "bounce rate back near baseline on icloud.com, me.com still elevated"),
        (.note, "checked the known-good list: most held addresses delivered within the last week"),
        (.providerResponse, "Apple: 'please retry, the issue has been resolved'"),
    ]
}
