import BounceCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One PostgreSQL connection used synchronously: the rest of bouncewatch runs on plain threads
/// (ingest, commit, console), so a query here blocks its caller on the connection's future.
/// Never called on an event-loop thread. One transaction at a time per session (`lock`).
final class PostgresSession: Sendable {
    /// A bind value: `Int` (int8), `Double` (float8), `String` (text), `Data` (bytea), or nil (NULL).
    typealias Value = (any PostgresThrowingDynamicTypeEncodable)?
    /// A result row; read it with `row.decode((Int, String?).self)`. The one PostgresNIO type the
    /// query code names, so only this file imports the driver.
    typealias Row = PostgresRow

    let url: PostgresURL
    private let connection: PostgresConnection
    private let logger: Logger
    /// Serialises transactions of threads sharing this session.
    let lock = Mutex<Void>(())

    init(url: PostgresURL, applicationName: String = "bouncewatch") throws {
        self.url = url
        var logger = Logger(label: "bouncewatch.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var config: PostgresConnection.Configuration
        if let socket = url.socketPath {
            config = .init(unixSocketPath: socket, username: url.user, password: url.password, database: url.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch url.tls {
            case .disable: tls = .disable
            case .prefer, .require:
                let context: NIOSSLContext
                do { context = try NIOSSLContext(configuration: .makeClientConfiguration()) } catch {
                    throw StoreError.cannotOpen(url.redacted, "TLS setup failed: \(error)")
                }
                tls = url.tls == .require ? .require(context) : .prefer(context)
            }
            config = .init(host: url.host ?? "localhost", port: url.port, username: url.user, password: url.password,
                           database: url.database, tls: tls)
        }
        config.options.connectTimeout = .seconds(10)
        config.options.additionalStartupParameters = [("application_name", applicationName)]
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: config,
                                                        id: 1, logger: logger).wait()
        } catch {
            throw StoreError.cannotOpen(url.redacted, Self.describe(error))
        }
    }

    deinit {
        _ = try? connection.close().wait()
    }

    /// Runs `sql` with `$1…$n` bound to `binds`; returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [Value] = []) throws -> [Row] {
        try run(sql, binds).rows
    }

    /// Runs a statement; returns how many rows it changed (INSERT/UPDATE/DELETE).
    @discardableResult
    func execute(_ sql: String, _ binds: [Value] = []) throws -> Int {
        try run(sql, binds).metadata.rows ?? 0
    }

    /// Runs several statements without binds in one round trip (schema, BEGIN/COMMIT).
    func simple(_ sql: String) throws {
        do { _ = try connection.simpleQuery(sql).wait() } catch { throw StoreError.writeFailed(Self.describe(error)) }
    }

    private func run(_ sql: String, _ binds: [Value]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: binds.count)
        for b in binds {
            if let b { try bindings.append(b) } else { bindings.appendNull() }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).wait()
        } catch {
            throw PostgresFailure(message: Self.describe(error), sqlState: (error as? PSQLError)?.serverInfo?[.sqlState])
        }
    }

    /// A one-line description of a PostgreSQL or connection error for users.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let info = e.serverInfo, let message = info[.message] {
                return message + (info[.detail].map { " (\($0))" } ?? "")
            }
            if e.code == .connectionError, let u = e.underlying {
                // NIO says "connect(descriptor:addr:size:): No such file or directory (errno: 2)".
                let text = "\(u)"
                let why = text.range(of: "): ").map { String(text[$0.upperBound...]) } ?? text
                return "cannot connect: \(why)"
            }
            if let u = e.underlying { return "\(e.code): \(u)" }
            return "\(e.code)"
        }
        if let e = error as? StoreError { return e.description }
        return "\(error)"
    }
}

/// A failed statement: the server's message and SQLSTATE (40001 serialization failure, 40P01
/// deadlock, 23505 unique violation, …) so callers can tell a retryable conflict from a bug.
struct PostgresFailure: Error, CustomStringConvertible {
    var message: String
    var sqlState: String?
    var description: String { message }
}
