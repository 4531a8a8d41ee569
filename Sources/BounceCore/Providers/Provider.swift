/// A named group of recipient domains, MX host patterns and relay IP ranges (docs/DECISIONS.md, "Providers").
public struct Provider: Sendable, Hashable, Codable {
    /// Wire name (`apple`, `google`, …, `other`).
    public var name: String
    /// Recipient domains, lower-case, matched exactly or as a parent (`yahoo.com` does not match
    /// `notyahoo.com`, but `aol.com` matches `aol.com` only). Entries ending with `.` match any TLD
    /// (`yahoo.` matches `yahoo.co.uk`, `yahoo.de`).
    public var domains: [String]
    /// Relay host suffixes, lower-case, with a leading dot (`.mail.icloud.com`); `*.x.com` in config.
    public var relaySuffixes: [String]
    /// IPv4 CIDR ranges of the provider's MX hosts.
    public var relayNetworks: [IPv4Network]

    public init(name: String, domains: [String], relaySuffixes: [String] = [], relayNetworks: [IPv4Network] = []) {
        self.name = name
        self.domains = domains
        self.relaySuffixes = relaySuffixes
        self.relayNetworks = relayNetworks
    }

    /// The catch-all provider name.
    public static let otherName = "other"
    /// Apple's provider name, which the console and the detector treat specially.
    public static let appleName = "apple"
    /// Apple's own consumer recipient domains: the one list the catalog, the rate groups, the
    /// mitigation and the simulator read. Any other domain on Apple's MX is "iCloud-hosted".
    public static let appleDomains = ["icloud.com", "me.com", "mac.com", "privaterelay.appleid.com"]
}

/// An IPv4 CIDR range such as `17.0.0.0/8`.
public struct IPv4Network: Sendable, Hashable, Codable, CustomStringConvertible {
    public var base: UInt32
    public var prefix: Int

    public init?(_ cidr: String) {
        let parts = cidr.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let p = Int(parts[1]), (0...32).contains(p),
              let ip = IPv4Network.parse(String(parts[0])) else { return nil }
        prefix = p
        base = p == 0 ? 0 : ip & (UInt32.max << (32 - UInt32(p)))
    }

    public func contains(_ ip: UInt32) -> Bool {
        prefix == 0 || (ip & (UInt32.max << (32 - UInt32(prefix)))) == base
    }

    public var description: String {
        "\(base >> 24).\((base >> 16) & 255).\((base >> 8) & 255).\(base & 255)/\(prefix)"
    }

    /// Parses dotted-quad IPv4 (`17.57.154.6`); nil for anything else (IPv6, junk).
    public static func parse(_ s: String) -> UInt32? {
        var value: UInt32 = 0
        var octets = 0
        for part in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard part.count >= 1, part.count <= 3, let o = UInt32(part), o <= 255 else { return nil }
            value = value << 8 | o
            octets += 1
        }
        return octets == 4 ? value : nil
    }
}
