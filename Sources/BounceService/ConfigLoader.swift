import BounceCore
import Foundation
import TOMLKit

/// Loads `config.toml`. Every key is checked: a typo or a wrong type is one error naming the key
/// (`config: release.timeout_seconds: expected an integer`), never a silently ignored setting.
///
/// ```toml
/// [hold]
/// grace_hours = 2
/// known_good_days = 30
/// hold_limit_days = 14
///
/// [release]
/// command = ["/usr/local/bin/requeue", "--stdin"]   # argv, never a shell string
/// timeout_seconds = 20
/// export_file = "/var/lib/bouncewatch/released.csv"
/// export_format = "csv"                              # or "jsonl"
///
/// [escalation]
/// company = "Example Corp"
/// contact = "postmaster@example.com"
/// sending_domains = ["example.com"]
/// sending_ips = ["192.0.2.10"]
///
/// [detector]                                          # incident thresholds (defaults shown)
/// short_window_minutes = 5
/// baseline_hours = 6
/// min_attempts = 30
/// min_failures = 8
/// rate_multiple = 3.0
/// min_rise = 0.05
/// significance = 1e-6
/// close_minutes = 15
///
/// [retention]                                       # what old data is kept (defaults shown)
/// minute_days = 14                                    # per-minute counters (hourly ones remain)
/// hour_days = 400                                     # hourly counters
/// deliveries_days = 30                                # known-good evidence (default: hold.known_good_days)
/// audit_days = 400                                    # audit rows (held addresses keep all of theirs)
///
/// [alerts]                                          # incident hook (README.md, "Incident hooks")
/// command = ["/usr/local/bin/page-oncall"]           # argv; the incident as JSON on stdin
/// timeout_seconds = 10
///
/// [metrics]
/// listen = "127.0.0.1:9464"                           # GET /metrics (with --follow)
///
/// [providers.apple]                                   # override a built-in…
/// domains = ["icloud.com", "me.com", "mac.com", "privaterelay.appleid.com"]
/// relay_hosts = ["*.mail.icloud.com", "*.icloud.com"]
/// relay_networks = ["17.0.0.0/8"]
///
/// [providers.fastmail]                                # …or add one
/// domains = ["fastmail.com"]
/// relay_hosts = ["*.messagingengine.com"]
/// ```
public enum ConfigLoader {
    /// `$XDG_CONFIG_HOME/bouncewatch/config.toml`, else `~/.config/bouncewatch/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/bouncewatch/config.toml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/bouncewatch/config.toml"
    }

    /// Loads `path`; with nil, the default path if it exists, else built-in defaults.
    public static func load(path: String?) throws -> BounceConfig {
        let file = path ?? defaultPath()
        guard FileManager.default.fileExists(atPath: file) else {
            if path != nil { throw ConfigError("cannot read \(file): no such file") }
            return BounceConfig()
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigError("cannot read \(file): not readable UTF-8 text")
        }
        return try parse(text, source: file)
    }

    /// Parses TOML text into a config.
    public static func parse(_ text: String, source: String = "config") throws -> BounceConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError("\(source):\(e.source.begin.line): invalid TOML: \(e.description)")
        }
        guard let data = table.convert(to: .json).data(using: .utf8),
              let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigError("\(source): cannot read the configuration")
        }
        var config = BounceConfig()
        let reader = Reader(source: source)
        try reader.only(root, keys: ["hold", "release", "escalation", "providers", "detector", "retention", "alerts", "metrics"], at: "")
        if let hold = try reader.table(root["hold"], "hold") {
            try reader.only(hold, keys: ["grace_hours", "known_good_days", "hold_limit_days", "repeat_bounce_gap_minutes",
                                         "probation_hours"], at: "hold")
            if let v = try reader.number(hold["grace_hours"], "hold.grace_hours", min: 0) { config.policy.gracePeriod = Int(v * 3600) }
            if let v = try reader.number(hold["known_good_days"], "hold.known_good_days", min: 0) { config.policy.knownGoodWindow = Int(v * 86400) }
            if let v = try reader.number(hold["hold_limit_days"], "hold.hold_limit_days", min: 0.01) { config.policy.holdLimit = Int(v * 86400) }
            if let v = try reader.number(hold["repeat_bounce_gap_minutes"], "hold.repeat_bounce_gap_minutes", min: 0) {
                config.policy.repeatBounceGap = Int(v * 60)
            }
            if let v = try reader.number(hold["probation_hours"], "hold.probation_hours", min: 0) { config.policy.probationPeriod = Int(v * 3600) }
        }
        if let rel = try reader.table(root["release"], "release") {
            try reader.only(rel, keys: ["command", "timeout_seconds", "export_file", "export_format"], at: "release")
            if let cmd = try reader.strings(rel["command"], "release.command") {
                guard let first = cmd.first, !first.isEmpty else {
                    throw ConfigError("\(source): release.command: give the program and its arguments as a non-empty array")
                }
                config.release.command = cmd
            }
            if let t = try reader.number(rel["timeout_seconds"], "release.timeout_seconds", min: 1) { config.release.timeoutSeconds = Int(t) }
            if let f = try reader.string(rel["export_file"], "release.export_file") { config.release.exportFile = f }
            if let f = try reader.string(rel["export_format"], "release.export_format") {
                guard let fmt = ExportFormat(rawValue: f) else {
                    throw ConfigError("\(source): release.export_format: expected \"csv\" or \"jsonl\", got \"\(f)\"")
                }
                config.release.exportFormat = fmt
            }
        }
        if let esc = try reader.table(root["escalation"], "escalation") {
            try reader.only(esc, keys: ["company", "contact", "sending_domains", "sending_ips", "recipient"], at: "escalation")
            if let v = try reader.string(esc["company"], "escalation.company") { config.escalation.company = v }
            if let v = try reader.string(esc["contact"], "escalation.contact") { config.escalation.contact = v }
            if let v = try reader.string(esc["recipient"], "escalation.recipient") { config.escalation.recipient = v }
            if let v = try reader.strings(esc["sending_domains"], "escalation.sending_domains") { config.escalation.sendingDomains = v }
            if let v = try reader.strings(esc["sending_ips"], "escalation.sending_ips") { config.escalation.sendingIPs = v }
        }
        if let det = try reader.table(root["detector"], "detector") {
            let keys: Set<String> = ["short_window_minutes", "baseline_hours", "min_attempts", "min_failures", "rate_multiple",
                                     "min_rise", "significance", "close_minutes"]
            try reader.only(det, keys: keys, at: "detector")
            var d = config.detector
            if let v = try reader.number(det["short_window_minutes"], "detector.short_window_minutes", min: 1) { d.shortWindowMinutes = Int(v) }
            if let v = try reader.number(det["baseline_hours"], "detector.baseline_hours", min: 0.5) { d.baselineSpanMinutes = Int(v * 60) }
            if let v = try reader.number(det["min_attempts"], "detector.min_attempts", min: 1) { d.minAttempts = Int(v) }
            if let v = try reader.number(det["min_failures"], "detector.min_failures", min: 1) { d.minFailures = Int(v) }
            if let v = try reader.number(det["rate_multiple"], "detector.rate_multiple", min: 1) { d.rateMultiple = v }
            if let v = try reader.number(det["min_rise"], "detector.min_rise", min: 0) { d.minRise = v }
            if let v = try reader.number(det["significance"], "detector.significance", min: 1e-300) {
                guard v < 1 else { throw ConfigError("\(source): detector.significance: must be below 1 (a p-value, e.g. 1e-6)") }
                d.significance = v
            }
            if let v = try reader.number(det["close_minutes"], "detector.close_minutes", min: 1) { d.closeMinutes = Int(v) }
            config.detector = d
        }
        if let ret = try reader.table(root["retention"], "retention") {
            try retention(ret, into: &config, reader: reader)
        }
        try operations(root, into: &config, reader: reader)
        if let provs = try reader.table(root["providers"], "providers") {
            for name in provs.keys.sorted() {
                let key = "providers.\(name)"
                guard name != Provider.otherName, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw ConfigError("\(source): \(key): provider names are letters, digits, - and _ (and not \"other\")")
                }
                guard let p = try reader.table(provs[name], key) else { continue }
                try reader.only(p, keys: ["domains", "relay_hosts", "relay_networks"], at: key)
                let domains = try reader.strings(p["domains"], key + ".domains") ?? []
                let hosts = try reader.strings(p["relay_hosts"], key + ".relay_hosts") ?? []
                var nets: [IPv4Network] = []
                for n in try reader.strings(p["relay_networks"], key + ".relay_networks") ?? [] {
                    guard let net = IPv4Network(n) else {
                        throw ConfigError("\(source): \(key).relay_networks: \"\(n)\" is not an IPv4 CIDR like 17.0.0.0/8")
                    }
                    nets.append(net)
                }
                let provider = Provider(name: name, domains: domains.map { $0.lowercased() },
                                        relaySuffixes: hosts.map { h in
                                            let l = h.lowercased()
                                            return l.hasPrefix("*.") ? String(l.dropFirst()) : (l.hasPrefix(".") ? l : "." + l)
                                        },
                                        relayNetworks: nets)
                if let i = config.providers.firstIndex(where: { $0.name == name }) {
                    config.providers[i] = provider
                } else {
                    config.providers.append(provider)
                }
            }
        }
        config.detector.providers = config.providers.map(\.name) + [Provider.otherName]
        return config
    }

    /// `[retention]`, in days. Checked against the rules that still need the data: the rate
    /// chart, detector baseline and restart need 26 h of minutes; the known-good rule needs its
    /// whole window of deliveries.
    static func retention(_ t: [String: Any], into config: inout BounceConfig, reader: Reader) throws {
        let source = reader.source
        try reader.only(t, keys: ["minute_days", "hour_days", "deliveries_days", "audit_days"], at: "retention")
        var r = config.retention
        if let v = try reader.number(t["minute_days"], "retention.minute_days", min: 2) { r.minuteBuckets = Int(v * 86400) }
        if let v = try reader.number(t["hour_days"], "retention.hour_days", min: 2) { r.hourBuckets = Int(v * 86400) }
        guard r.hourBuckets >= r.minuteBuckets else {
            throw ConfigError("\(source): retention.hour_days: must be at least retention.minute_days (\(r.minuteBuckets / 86400)): reports count older traffic through them")
        }
        if let v = try reader.number(t["deliveries_days"], "retention.deliveries_days", min: 1) {
            guard Int(v * 86400) >= config.policy.knownGoodWindow else {
                throw ConfigError("\(source): retention.deliveries_days: must be at least hold.known_good_days (\(config.policy.knownGoodWindow / 86400)): those deliveries still make addresses known-good")
            }
            r.deliveries = Int(v * 86400)
        }
        if let v = try reader.number(t["audit_days"], "retention.audit_days", min: 1) { r.audit = Int(v * 86400) }
        config.retention = r
    }

    /// Typed access with key-naming errors.
    struct Reader {
        let source: String

        func only(_ t: [String: Any], keys: Set<String>, at path: String) throws {
            for k in t.keys.sorted() where !keys.contains(k) {
                let full = path.isEmpty ? k : path + "." + k
                throw ConfigError("\(source): unknown key \(full) (known: \(keys.sorted().joined(separator: ", ")))")
            }
        }

        func table(_ v: Any?, _ key: String) throws -> [String: Any]? {
            guard let v else { return nil }
            guard let t = v as? [String: Any] else { throw ConfigError("\(source): \(key): expected a table") }
            return t
        }

        func string(_ v: Any?, _ key: String) throws -> String? {
            guard let v else { return nil }
            guard let s = v as? String else { throw ConfigError("\(source): \(key): expected a string") }
            return s
        }

        func strings(_ v: Any?, _ key: String) throws -> [String]? {
            guard let v else { return nil }
            guard let a = v as? [Any], let s = a as? [String] else {
                throw ConfigError("\(source): \(key): expected an array of strings")
            }
            return s
        }

        func number(_ v: Any?, _ key: String, min: Double) throws -> Double? {
            guard let v else { return nil }
            let value: Double
            if type(of: v) == Bool.self {
                throw ConfigError("\(source): \(key): expected a number, got true/false")
            } else if let i = v as? Int {
                value = Double(i)
            } else if let d = v as? Double {
                value = d
            } else {
                throw ConfigError("\(source): \(key): expected a number")
            }
            guard value >= min else { throw ConfigError("\(source): \(key): must be at least \(min)") }
            return value
        }
    }
}

/// A configuration problem, naming the file and key.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ message: String) { description = "config: " + message }
}
