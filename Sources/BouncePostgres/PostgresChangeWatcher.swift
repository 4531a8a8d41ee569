import BounceCore
import Synchronization

/// A console's "did anything change?" on PostgreSQL: one indexed single-row read of the change
/// sequence that every write transaction, on any host, bumps before it commits
/// (Sources/BouncePostgres/PostgresSchema.swift, v2).
final class PostgresChangeWatcher: StorageChangeWatcher {
    private let storage: PostgresStorage
    private let seen = Mutex<(last: Int?, localWrite: Bool)>((nil, false))

    init(storage: PostgresStorage) { self.storage = storage }

    func noteLocalWrite() { seen.withLock { $0.localWrite = true } }

    func changed() throws -> Bool {
        let n = try storage.changeSequence()
        return seen.withLock { s in
            defer { s = (n, false) }
            return s.last != n || s.localWrite
        }
    }
}
