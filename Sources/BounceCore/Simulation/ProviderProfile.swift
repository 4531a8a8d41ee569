/// An MX host and the addresses it resolves to.
struct Relay: Sendable {
    let host: String
    let ips: [String]
}

/// One recipient domain: its weight within its provider, its MX hosts and how they talk.
struct DomainProfile: Sendable {
    let name: String
    let weight: Double
    let relays: [Relay]
    let style: ReplyStyle
    /// Routed to Apple's MX and part of the Apple user database (icloud.com, me.com, mac.com,
    /// iCloud+ custom domains): hit by the simulated Apple incident.
    var appleMailbox = false
}

/// A provider's share of the audience and its domains.
struct ProviderProfile: Sendable {
    let name: String
    let share: Double
    let domains: [DomainProfile]
}

extension ProviderProfile {
    // Apple MX hosts and 17.57.x.x addresses as Apple's postmaster pages and real Postfix logs show them.
    static let appleRelays = [
        Relay(host: "mx01.mail.icloud.com", ips: ["17.57.154.6", "17.57.154.7", "17.57.154.33"]),
        Relay(host: "mx02.mail.icloud.com", ips: ["17.57.155.25", "17.57.155.34", "17.57.152.5"]),
    ]
    static let gmailRelays = [
        Relay(host: "gmail-smtp-in.l.google.com", ips: ["74.125.133.26", "142.250.27.26", "142.251.9.26"]),
        Relay(host: "alt1.gmail-smtp-in.l.google.com", ips: ["142.250.153.27"]),
    ]
    static func olc(_ domain: String) -> [Relay] {
        [Relay(host: domain.replacingOccurrences(of: ".", with: "-") + ".olc.protection.outlook.com",
               ips: ["52.101.68.15", "52.101.73.2", "52.101.42.10", "52.101.9.1"])]
    }
    static let yahooRelays = [
        Relay(host: "mta5.am0.yahoodns.net", ips: ["67.195.204.72", "98.136.96.74"]),
        Relay(host: "mta6.am0.yahoodns.net", ips: ["67.195.228.106"]),
    ]

    /// A typical B2C audience: Gmail biggest, Apple about a fifth.
    static let builtIn: [ProviderProfile] = [
        ProviderProfile(name: "apple", share: 0.20, domains: [
            DomainProfile(name: "icloud.com", weight: 0.72, relays: appleRelays, style: .apple, appleMailbox: true),
            DomainProfile(name: "me.com", weight: 0.11, relays: appleRelays, style: .apple, appleMailbox: true),
            DomainProfile(name: "mac.com", weight: 0.04, relays: appleRelays, style: .apple, appleMailbox: true),
            // iCloud+ custom domains: not Apple by name, Apple by MX (docs/DECISIONS.md, "Providers").
            DomainProfile(name: "lindqvist.se", weight: 0.02, relays: appleRelays, style: .apple, appleMailbox: true),
            DomainProfile(name: "kwan.family", weight: 0.02, relays: appleRelays, style: .apple, appleMailbox: true),
            DomainProfile(name: "studio-aurora.de", weight: 0.02, relays: appleRelays, style: .apple, appleMailbox: true),
            DomainProfile(name: "pereira.dev", weight: 0.02, relays: appleRelays, style: .apple, appleMailbox: true),
            // Hide My Email forwards elsewhere: not part of the mailbox incident.
            DomainProfile(name: "privaterelay.appleid.com", weight: 0.05, relays: appleRelays, style: .apple),
        ]),
        ProviderProfile(name: "google", share: 0.38, domains: [
            DomainProfile(name: "gmail.com", weight: 0.93, relays: gmailRelays, style: .gmail),
            DomainProfile(name: "googlemail.com", weight: 0.02, relays: gmailRelays, style: .gmail),
            // Google Workspace: Google by MX.
            DomainProfile(name: "northwind-traders.com", weight: 0.05, relays: [
                Relay(host: "aspmx.l.google.com", ips: ["142.250.102.27"]),
                Relay(host: "alt1.aspmx.l.google.com", ips: ["142.250.153.26"]),
            ], style: .gmail),
        ]),
        ProviderProfile(name: "microsoft", share: 0.17, domains: [
            DomainProfile(name: "hotmail.com", weight: 0.45, relays: olc("hotmail.com"), style: .outlook),
            DomainProfile(name: "outlook.com", weight: 0.35, relays: olc("outlook.com"), style: .outlook),
            DomainProfile(name: "live.com", weight: 0.12, relays: olc("live.com"), style: .outlook),
            DomainProfile(name: "msn.com", weight: 0.03, relays: olc("msn.com"), style: .outlook),
            // A Microsoft 365 tenant.
            DomainProfile(name: "contoso-bikes.com", weight: 0.05, relays: [
                Relay(host: "contosobikes-com.mail.protection.outlook.com", ips: ["52.101.194.4", "52.101.194.19"]),
            ], style: .office365),
        ]),
        ProviderProfile(name: "yahoo", share: 0.13, domains: [
            DomainProfile(name: "yahoo.com", weight: 0.70, relays: yahooRelays, style: .yahoo),
            DomainProfile(name: "aol.com", weight: 0.20, relays: [
                Relay(host: "mx-aol.mail.gm0.yahoodns.net", ips: ["67.195.204.79", "98.136.96.92"]),
            ], style: .yahoo),
            DomainProfile(name: "ymail.com", weight: 0.05, relays: yahooRelays, style: .yahoo),
            DomainProfile(name: "rocketmail.com", weight: 0.05, relays: yahooRelays, style: .yahoo),
        ]),
        ProviderProfile(name: "other", share: 0.12, domains: [
            DomainProfile(name: "comcast.net", weight: 0.35, relays: [
                Relay(host: "mx1.comcast.net", ips: ["96.114.157.80"]),
                Relay(host: "mx2.comcast.net", ips: ["2001:558:fe21:2a::6"]),
            ], style: .comcast),
            DomainProfile(name: "gmx.de", weight: 0.20, relays: [
                Relay(host: "mx00.emig.gmx.net", ips: ["212.227.15.9"]),
                Relay(host: "mx01.emig.gmx.net", ips: ["212.227.17.5"]),
            ], style: .gmx),
            DomainProfile(name: "web.de", weight: 0.15, relays: [
                Relay(host: "mx-ha02.web.de", ips: ["212.227.15.17"]),
                Relay(host: "mx-ha03.web.de", ips: ["212.227.17.8"]),
            ], style: .gmx),
            DomainProfile(name: "orange.fr", weight: 0.15, relays: [
                Relay(host: "smtp-in.orange.fr", ips: ["80.12.242.130", "193.252.22.65"]),
            ], style: .orange),
            DomainProfile(name: "mailbox.org", weight: 0.15, relays: [
                Relay(host: "mx1.mailbox.org", ips: ["80.241.60.212"]),
                Relay(host: "mx2.mailbox.org", ips: ["80.241.60.215"]),
            ], style: .postfixSite),
        ]),
    ]
}
