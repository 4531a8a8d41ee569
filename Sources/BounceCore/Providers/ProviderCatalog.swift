/// Maps a recipient domain and relay to a provider (docs/DECISIONS.md, "Providers").
///
/// Order of evidence: the relay (host pattern, then IP range) wins over the recipient domain,
/// because an iCloud+ custom domain (`kyuhyuk.kr` delivered to `mx02.mail.icloud.com`) is Apple.
/// When there is no relay (`relay=none`, ESP events without an MX), the domain decides.
public struct ProviderCatalog: Sendable {
    /// Providers in match order; `other` is implicit.
    public private(set) var providers: [Provider]
    private var exactDomains: [String: String] = [:]
    private var tldWildcards: [(prefix: String, provider: String)] = []

    public init(providers: [Provider] = ProviderCatalog.builtIn) {
        self.providers = providers
        for p in providers {
            for d in p.domains {
                if d.hasSuffix(".") { tldWildcards.append((d, p.name)) } else { exactDomains[d] = p.name }
            }
        }
    }

    /// Provider names in display order, `other` last.
    public var names: [String] { providers.map(\.name) + [Provider.otherName] }

    /// The provider for a recipient domain alone (nil when the domain says nothing).
    public func provider(forDomain domain: String) -> String? {
        if let p = exactDomains[domain] { return p }
        for (prefix, name) in tldWildcards where domain.hasPrefix(prefix) {
            // `yahoo.` matches `yahoo.de` and `yahoo.co.uk`, not `yahoo.example.com`… close enough:
            // require at most two labels after the prefix.
            let rest = domain.dropFirst(prefix.count)
            if !rest.isEmpty, rest.split(separator: ".").count <= 2 { return name }
        }
        return nil
    }

    /// The provider for a relay host and/or IP (nil when neither matches).
    public func provider(forRelayHost host: String?, ip: String?) -> String? {
        if let host, !host.isEmpty {
            let h = host.lowercased()
            for p in providers {
                for s in p.relaySuffixes where h.hasSuffix(s) || "." + h == s { return p.name }
            }
        }
        if let ip, let v4 = IPv4Network.parse(ip) {
            for p in providers where p.relayNetworks.contains(where: { $0.contains(v4) }) { return p.name }
        }
        return nil
    }

    /// Classifies an event: relay evidence first, then the recipient domain, else `other`.
    public func provider(domain: String, relayHost: String?, relayIP: String?) -> String {
        provider(forRelayHost: relayHost, ip: relayIP) ?? provider(forDomain: domain) ?? Provider.otherName
    }

    /// Built-in providers. Apple: its consumer domains, iCloud+ custom domains by MX, and its 17.0.0.0/8 relays.
    public static let builtIn: [Provider] = [
        Provider(
            name: Provider.appleName,
            domains: Provider.appleDomains,
            relaySuffixes: [".mail.icloud.com", ".icloud.com", ".me.com", ".mac.com", ".apple.com"],
            relayNetworks: [IPv4Network("17.0.0.0/8")!]
        ),
        Provider(
            name: "google",
            domains: ["gmail.com", "googlemail.com", "google.com"],
            relaySuffixes: [".google.com", ".googlemail.com", ".gmail.com", ".aspmx.l.google.com"]
        ),
        Provider(
            name: "microsoft",
            domains: ["outlook.com", "hotmail.com", "live.com", "msn.com", "hotmail.", "live.", "outlook.",
                      "passport.com", "windowslive.com"],
            relaySuffixes: [".protection.outlook.com", ".outlook.com", ".hotmail.com", ".olc.protection.outlook.com"]
        ),
        Provider(
            name: "yahoo",
            domains: ["yahoo.com", "ymail.com", "rocketmail.com", "aol.com", "aim.com", "yahoo.", "aol.",
                      "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net"],
            relaySuffixes: [".yahoodns.net", ".yahoo.com", ".aol.com"]
        ),
    ]
}
