import BounceCore
import Foundation

/// bouncewatch's store on a shared PostgreSQL: every MTA host's ingester and every console
/// point at one database (README.md, "Fleet"; docs/STORAGE.md).
///
/// Write transactions take one transaction-scoped advisory lock first, so ingest batches and
/// operator actions from any number of hosts apply one after another, each seeing everything
/// committed before it, as in the SQLite file; reads take none. Counters are upserts that add.
///
/// ```swift
/// let storage = try PostgresStorage(url: PostgresURL("postgres://bouncewatch@db.internal/bouncewatch"))
/// let report = try storage.snapshot { tx in try tx.report(from: nil, to: nil) }
/// ```
public final class PostgresStorage: BounceStorage {
    /// Advisory lock key of write transactions ("bwwrite" as bytes): one writer at a time.
    static let writeLockKey: Int64 = 0x6277_7772_6974_65
    /// Advisory lock key held while migrating.
    static let migrateLockKey: Int64 = 0x6277_6d69_6772_61

    let session: PostgresSession
    /// The ingesting host this process speaks for: it scopes cursors and engine state.
    public let host: String

    public var location: String { session.url.redacted }

    /// `$BOUNCEWATCH_HOST`, else this machine's name: who an ingester is in the fleet.
    public static var defaultHost: String {
        let env = ProcessInfo.processInfo.environment["BOUNCEWATCH_HOST"] ?? ""
        return env.isEmpty ? ProcessInfo.processInfo.hostName : env
    }

    /// Connects and brings the schema up to date. `host` names this ingester (`defaultHost`).
    public init(url: PostgresURL, host: String = PostgresStorage.defaultHost) throws {
        session = try PostgresSession(url: url)
        self.host = host
        try migrate()
    }

    func migrate() throws {
        do {
            try session.lock.withLock { _ in
                try session.simple("BEGIN")
                do {
                    try session.execute("SELECT pg_advisory_xact_lock($1)", [Self.migrateLockKey])
                    if let schema = session.url.schema {
                        // Validated identifier (PostgresURL): safe to splice.
                        try session.simple("CREATE SCHEMA IF NOT EXISTS \(schema)")
                        try session.simple("SET search_path TO \(schema)")
                    }
                    try session.simple("CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at bigint NOT NULL)")
                    let done = Set(try session.query("SELECT id FROM schema_migrations").map { try $0.decode(String.self) })
                    for m in PostgresSchema.migrations where !done.contains(m.id) {
                        // One statement per message: the extended protocol takes no batches.
                        for statement in PostgresSchema.statements(m.sql) { try session.simple(statement) }
                        try session.execute("INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)",
                                            [m.id, Int(Date().timeIntervalSince1970)])
                    }
                    try session.simple("COMMIT")
                } catch {
                    try? session.simple("ROLLBACK")
                    throw error
                }
            }
        } catch {
            throw StoreError.cannotOpen(location, "migration failed: \(error)")
        }
    }

    public func transaction<T>(_ body: (any StorageTransaction) throws -> T) throws -> T {
        try run(begin: "BEGIN", write: true, body)
    }

    public func snapshot<T>(_ body: (any StorageTransaction) throws -> T) throws -> T {
        try run(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", write: false, body)
    }

    private func run<T>(begin: String, write: Bool, _ body: (any StorageTransaction) throws -> T) throws -> T {
        try session.lock.withLock { _ in
            do {
                try session.simple(begin)
                if write { try session.execute("SELECT pg_advisory_xact_lock($1)", [Self.writeLockKey]) }
            } catch {
                try? session.simple("ROLLBACK")
                throw write ? StoreError.writeFailed("\(error)") : StoreError.readFailed("\(error)")
            }
            do {
                let result = try body(PostgresTransaction(session: session, host: host, writable: write))
                if write { try session.execute("UPDATE change_seq SET n = n + 1 WHERE id = 1") }
                try session.simple("COMMIT")
                return result
            } catch let failure as PostgresFailure {
                try? session.simple("ROLLBACK")
                throw write ? StoreError.writeFailed(failure.message) : StoreError.readFailed(failure.message)
            } catch {
                try? session.simple("ROLLBACK")
                throw error
            }
        }
    }

    public func changeWatcher(readOnly: Bool) throws -> any StorageChangeWatcher {
        PostgresChangeWatcher(storage: self)
    }

    /// Other hosts that have ingested into this store (they keep an engine state here), sorted.
    public func otherIngesters() throws -> [String] {
        try snapshot { _ in
            try session.query("SELECT host FROM engine_state WHERE host <> $1 ORDER BY host COLLATE \"C\"", [host])
                .map { try $0.decode(String.self) }
        }
    }

    /// The store's change sequence: moves with every committed write, from any host.
    func changeSequence() throws -> Int {
        try session.lock.withLock { _ in
            do { return try session.query("SELECT n FROM change_seq WHERE id = 1").first?.decode(Int.self) ?? 0 } catch {
                throw StoreError.readFailed("\(error)")
            }
        }
    }

    /// Drops the URL's schema with everything in it (tests: each works in a schema of its own).
    public func dropSchema() throws {
        guard let schema = session.url.schema else { return }
        try session.lock.withLock { _ in try session.simple("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
    }
}
