import Foundation

/// A `postgres://` (or `postgresql://`) URL as libpq writes them, parsed into what a connection
/// needs: `postgres://user:password@host:port/database?sslmode=require`, or a unix socket with
/// `postgres://user@/database?host=/run/postgresql` (the socket is `<host>/.s.PGSQL.<port>`).
public struct PostgresURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var user: String
    public var password: String?
    /// A TCP host, or nil when `socketPath` is set.
    public var host: String?
    public var port: Int
    public var socketPath: String?
    public var database: String
    public var tls: TLSMode
    /// `?schema=name`: the tables live in this schema (created if missing) instead of `public`,
    /// so one database can hold several independent stores (tests, staging beside production).
    public var schema: String?

    /// True when `text` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; a malformed URL is a one-line error naming what is wrong (never the password).
    public init(_ text: String) throws {
        guard Self.isPostgres(text), let c = URLComponents(string: text) else {
            throw PostgresURLError("not a postgres:// URL")
        }
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        user = c.user.flatMap { $0.removingPercentEncoding } ?? query["user"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = c.password.flatMap { $0.removingPercentEncoding } ?? query["password"]
        port = c.port ?? query["port"].flatMap(Int.init) ?? 5432
        guard (1...65535).contains(port) else { throw PostgresURLError("port \(port) is out of range") }
        let db = String(c.path.drop { $0 == "/" })
        database = db.isEmpty ? user : (db.removingPercentEncoding ?? db)
        let hostParam = query["host"]
        if let h = hostParam, h.hasPrefix("/") {
            socketPath = h + "/.s.PGSQL.\(port)"
            host = nil
        } else if let h = c.host, !h.isEmpty {
            host = h
            socketPath = nil
        } else if let h = hostParam, !h.isEmpty {
            host = h
            socketPath = nil
        } else {
            // libpq's default: the local socket directory Debian's server uses.
            socketPath = "/var/run/postgresql/.s.PGSQL.\(port)"
            host = nil
        }
        let mode = query["sslmode"] ?? (socketPath == nil ? "prefer" : "disable")
        switch mode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw PostgresURLError("unknown sslmode '\(mode)' (disable, prefer, require)")
        }
        if socketPath != nil { tls = .disable }
        if let name = query["schema"] {
            guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first),
                  name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }),
                  name.count <= 63 else {
                throw PostgresURLError("schema must be lower-case letters, digits and _ (got '\(name)')")
            }
            schema = name
        }
    }

    /// The URL for messages: everything but the password.
    public var redacted: String {
        let at = socketPath.map { "@/\(database)?host=\(($0 as NSString).deletingLastPathComponent)" }
            ?? "@\(host ?? ""):\(port)/\(database)"
        return "postgres://\(user)\(at)"
    }
}

/// Why a `--db postgres://…` URL cannot be used.
public struct PostgresURLError: Error, CustomStringConvertible, Equatable {
    public var description: String
    init(_ why: String) { description = "invalid PostgreSQL URL: \(why)" }
}
