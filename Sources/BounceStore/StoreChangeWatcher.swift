import Foundation
import GRDB
import Synchronization

/// Tells whether anything committed to the database since the last call, for the console's idle
/// ticks (docs/ARCHITECTURE.md, "A log line's path to the screen").
///
/// `PRAGMA data_version` only compares values read on the *same* connection, and a
/// `DatabasePool` hands out whichever reader is free, so the watcher keeps one private
/// connection of its own. Every commit by any other connection, this process's writer included,
/// bumps it. For an in-memory store (one connection: its own writes never bump the value) the
/// caller marks its own writes with `noteLocalWrite()`.
///
/// ```swift
/// let watcher = try StoreChangeWatcher(store: store)
/// if try watcher.changed() { rebuildSnapshot() }
/// ```
public final class StoreChangeWatcher: Sendable {
    private let store: Store
    private let connection: DatabaseQueue?
    /// The `data_version` seen last, and whether this process wrote since.
    private let seen = Mutex<(last: Int?, localWrite: Bool)>((nil, false))

    public init(store: Store, readOnly: Bool = false) throws {
        self.store = store
        if let path = store.path {
            var config = Configuration()
            config.readonly = readOnly
            config.busyMode = .timeout(2)
            connection = try DatabaseQueue(path: path, configuration: config)
        } else {
            connection = nil
        }
    }

    /// Marks a write made by this process (needed for in-memory stores; harmless otherwise).
    public func noteLocalWrite() { seen.withLock { $0.localWrite = true } }

    /// True when something committed since the previous call (always true on the first call).
    public func changed() throws -> Bool {
        let v: Int
        if let connection {
            v = try connection.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        } else {
            v = try store.dataVersion()
        }
        return seen.withLock { s in
            defer { s = (v, false) }
            return s.last != v || s.localWrite
        }
    }
}
