import BounceCore

/// `[alerts]` and `[metrics]`: how bouncewatch reaches the operator's other tools.
extension ConfigLoader {
    static func operations(_ root: [String: Any], into config: inout BounceConfig, reader: Reader) throws {
        let source = reader.source
        if let alerts = try reader.table(root["alerts"], "alerts") {
            try reader.only(alerts, keys: ["command", "timeout_seconds"], at: "alerts")
            if let cmd = try reader.strings(alerts["command"], "alerts.command") {
                guard let first = cmd.first, !first.isEmpty else {
                    throw ConfigError("\(source): alerts.command: give the program and its arguments as a non-empty array")
                }
                config.alerts.command = cmd
            }
            if let t = try reader.number(alerts["timeout_seconds"], "alerts.timeout_seconds", min: 1) {
                config.alerts.timeoutSeconds = Int(t)
            }
        }
        if let metrics = try reader.table(root["metrics"], "metrics") {
            try reader.only(metrics, keys: ["listen"], at: "metrics")
            if let l = try reader.string(metrics["listen"], "metrics.listen") {
                guard ListenAddress(l) != nil else {
                    throw ConfigError("\(source): metrics.listen: expected HOST:PORT such as 127.0.0.1:9464, got \"\(l)\"")
                }
                config.metrics.listen = l
            }
        }
    }
}

/// `HOST:PORT` (`127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`) for a listening socket.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init?(_ text: String) {
        let host: Substring, port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }),
              let p = Int(port), (0...65535).contains(p) else { return nil }
        self.host = String(host)
        self.port = p
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
