/// Plausible local parts for simulated recipients.
enum AudienceNames {
    static let first = ["anna", "ben", "carla", "david", "emma", "felix", "grace", "hugo", "ines", "jonas",
                        "kate", "liam", "maria", "noah", "olivia", "paul", "quinn", "rosa", "sam", "tara",
                        "umar", "vera", "will", "xenia", "yusuf", "zoe", "mei", "arjun", "sofia", "lucas",
                        "chloe", "mateo", "hana", "omar", "ella", "kai", "nina", "leo", "ava", "ravi"]
    static let last = ["smith", "jones", "garcia", "muller", "rossi", "dubois", "kim", "nguyen", "silva", "kowalski",
                       "johansson", "patel", "chen", "tanaka", "obrien", "schmidt", "martin", "lopez", "wilson", "khan",
                       "novak", "berg", "costa", "ivanova", "haddad", "park", "walsh", "moreau", "fischer", "santos",
                       "ali", "sato", "ward", "reid", "lindqvist", "kwan", "pereira", "weber", "brown", "taylor"]
    private static let relayAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// A local part in one of the common shapes (`anna.smith`, `annasmith84`, `a.smith`, `anna_s`…);
    /// Hide My Email addresses are random (`x7k2m9qp4d`).
    static func local(for domain: String, rng: inout SplitMix64) -> String {
        if domain == "privaterelay.appleid.com" {
            return String((0..<10).map { _ in relayAlphabet[rng.below(relayAlphabet.count)] })
        }
        let f = first[rng.below(first.count)], l = last[rng.below(last.count)]
        switch rng.below(6) {
        case 0: return "\(f).\(l)"
        case 1: return "\(f)\(l)\(rng.below(100))"
        case 2: return "\(f.prefix(1)).\(l)"
        case 3: return "\(f)_\(l.prefix(1))\(1960 + rng.below(50))"
        case 4: return "\(f).\(l)\(rng.below(10))"
        default: return "\(l).\(f)"
        }
    }

    /// An address from an old, unmaintained segment (`davidkim2009`).
    static func staleLocal(rng: inout SplitMix64) -> String {
        "\(first[rng.below(first.count)])\(last[rng.below(last.count)])\(1998 + rng.below(15))"
    }
}
