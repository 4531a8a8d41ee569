import ArgumentParser
import BounceCore
import BouncePostgres
import BounceStore
import Foundation
import Logging

/// Options every subcommand accepts anywhere on its command line (README.md, "Command line").
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Database: a SQLite file, or postgres://user@host/db for a fleet's shared store (default: $BOUNCEWATCH_DB, else $XDG_DATA_HOME/bouncewatch/bouncewatch.sqlite).",
        valueName: "path-or-url"))
    public var db: String?

    @Option(name: .long, help: "Configuration file (default: $XDG_CONFIG_HOME/bouncewatch/config.toml if present).")
    public var config: String?

    @Option(name: .long, help: "Name recorded in the audit trail (default: $BOUNCEWATCH_OPERATOR, $SUDO_USER, $USER).")
    public var `operator`: String?

    @Option(name: .long, help: "Diagnostics on stderr from this level up (default: $BOUNCEWATCH_LOG_LEVEL, else info).")
    public var logLevel: Logger.Level?

    public init() {}

    /// The database path after defaults.
    public var databasePath: String { db ?? Store.defaultPath() }

    /// The operator name after defaults.
    public var operatorName: String {
        if let o = `operator`, !o.isEmpty { return o }
        let env = ProcessInfo.processInfo.environment
        for key in ["BOUNCEWATCH_OPERATOR", "SUDO_USER", "USER"] {
            if let v = env[key], !v.isEmpty { return v }
        }
        // No environment (cron, tmux started with an empty env): the login name of the uid.
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// True when `--db` (or its default) names a PostgreSQL database.
    var usesPostgres: Bool { PostgresURL.isPostgres(databasePath) }

    /// Opens the store — the SQLite file or, for a `postgres://` URL, the shared PostgreSQL
    /// database — turning failures into a one-line runtime error.
    func openStore(readOnly: Bool = false) throws -> any BounceStorage {
        do {
            if usesPostgres { return try PostgresStorage(url: PostgresURL(databasePath)) }
            return try Store(path: databasePath, readOnly: readOnly)
        } catch {
            throw RuntimeError("\(error)")
        }
    }
}

/// A runtime failure: exit code 1 with this one-line message.
public struct RuntimeError: Error, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
