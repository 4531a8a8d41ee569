import BounceCore
import Foundation
import GRDB

/// The SQLite store (GRDB): the only code that knows SQL. WAL mode so consoles read while one
/// ingester writes; every write is an IMMEDIATE transaction so concurrent processes serialise
/// instead of failing on lock upgrades.
///
/// ```swift
/// let store = try Store(path: Store.defaultPath())
/// let report = try store.report(from: nil, to: nil)
/// ```
public final class Store: Sendable {
    let writer: any DatabaseWriter
    /// In-memory index of recent deliveries (known-good evidence), synced per write transaction.
    let journal = DeliveryJournal()
    /// The database file, or nil for an in-memory store.
    public let path: String?

    /// Opens (creating if needed, owner-only) the database at `path` and migrates it.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        if !readOnly { try Store.prepareFile(path: path, directory: dir) }
        var config = Store.configuration()
        config.readonly = readOnly
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.cannotOpen(path, Store.describe(error, path: path))
        }
        if !readOnly { try migrate() }
    }

    /// An in-memory store for tests.
    public init(inMemory: Void = ()) throws {
        path = nil
        writer = try DatabaseQueue(configuration: Store.configuration())
        try migrate()
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // 32 MiB page cache (default 2 MiB): ingest upserts random address hashes, and with
            // the default most of the deliveries b-tree is re-read from the OS on every batch.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        return config
    }

    /// Creates the directory (0700) and an empty file (0600) before SQLite does, so the database
    /// and its -wal/-shm companions (which copy the file's mode) are owner-only from the start.
    static func prepareFile(path: String, directory: String) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: directory) {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotOpen(path, "cannot create directory \(directory): \(error.localizedDescription)")
            }
        }
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError.cannotOpen(path, String(cString: strerror(errno)))
        }
        close(fd)
    }

    func migrate() throws {
        do {
            try Store.migrator.migrate(writer)
        } catch {
            throw StoreError.cannotOpen(path ?? ":memory:", "migration failed: \(Store.describe(error, path: path))")
        }
    }

    /// `$BOUNCEWATCH_DB`, else `$XDG_DATA_HOME/bouncewatch/bouncewatch.sqlite`, else
    /// `~/.local/share/bouncewatch/bouncewatch.sqlite` (README.md, "Command line").
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["BOUNCEWATCH_DB"], !p.isEmpty { return p }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/bouncewatch/bouncewatch.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/bouncewatch/bouncewatch.sqlite"
    }

    /// A one-line description of a database error for users.
    static func describe(_ error: any Error, path: String? = nil) -> String {
        if let e = error as? DatabaseError {
            // SQLite reports a full disk as a plain I/O error when it hits it while opening or
            // growing the -shm/-wal files: say what it is when the device has no space left.
            if [.SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_FULL].contains(e.resultCode), let path, Store.noSpaceLeft(near: path) {
                return "disk full (no space left on the device holding \(path))"
            }
            switch e.resultCode {
            case .SQLITE_FULL: return "disk full"
            case .SQLITE_READONLY: return "database is read-only"
            case .SQLITE_BUSY, .SQLITE_LOCKED: return "database is locked by another process"
            case .SQLITE_CANTOPEN: return "cannot open database file"
            case .SQLITE_NOTADB: return "file is not a bouncewatch database"
            case .SQLITE_CORRUPT: return "database file is corrupt"
            default: return e.message ?? "\(e.resultCode)"
            }
        }
        return "\(error)"
    }

    /// True when the file system holding `path` has (almost) no free blocks for us.
    static func noSpaceLeft(near path: String) -> Bool {
        var st = statvfs()
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard statvfs(dir, &st) == 0 else { return false }
        return UInt64(st.f_bavail) * UInt64(st.f_frsize) < 64 * 1024
    }

    /// Runs `body` in one IMMEDIATE write transaction: all of it commits, or none of it.
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        do {
            return try writer.write { db in
                journal.beginTransaction()
                // Dropped on the writer queue the moment the transaction rolls back (also when
                // COMMIT fails), before another transaction of this store can start and sync.
                let journal = journal
                db.afterNextTransaction(onCommit: { _ in }, onRollback: { _ in journal.invalidate() })
                return try body(StoreTransaction(db: db, journal: journal))
            }
        } catch let error as DatabaseError {
            journal.invalidate()  // rolled back: the index may hold rows that are not in the file
            throw StoreError.writeFailed(Store.describe(error, path: path))
        } catch {
            journal.invalidate()
            throw error
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot).
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        do {
            return try writer.read { db in try body(StoreTransaction(db: db)) }
        } catch let error as DatabaseError {
            throw StoreError.readFailed(Store.describe(error, path: path))
        }
    }

    /// Distinct delivered-address hashes kept in memory before the delivery runs are merged
    /// into the compacted table (default 1,000,000 ≈ 40 MB). Lower it to bound memory further.
    public func setDeliveryCompactionThreshold(_ entries: Int) {
        journal.setCompactionThreshold(entries)
    }

    /// Distinct hashes in uncompacted delivery runs held in memory (tests, diagnostics).
    public var pendingDeliveryHashes: Int { journal.pendingCount }

    /// SQLite's `data_version`: changes when another connection (or process) commits.
    public func dataVersion() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}
