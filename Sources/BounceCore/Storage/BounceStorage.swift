/// A bouncewatch store: the embedded SQLite file (`Store`, BounceStore) or a PostgreSQL
/// database shared by a fleet of ingesters and consoles (`PostgresStorage`, BouncePostgres).
/// docs/STORAGE.md says what each promises.
///
/// Every write is one transaction: all of `body` commits, or none of it, so an ingest batch's
/// counters, decisions, audit rows, cursor and engine state land together.
public protocol BounceStorage: AnyObject, Sendable {
    /// Where the data lives, for messages: a file path or a URL without its password.
    var location: String { get }
    /// Runs `body` in one write transaction; a thrown error rolls all of it back.
    @discardableResult
    func transaction<T>(_ body: (any StorageTransaction) throws -> T) throws -> T
    /// Runs `body` in one read-only transaction (a consistent snapshot).
    func snapshot<T>(_ body: (any StorageTransaction) throws -> T) throws -> T
    /// A watcher for consoles: cheap enough to ask several times a second.
    func changeWatcher(readOnly: Bool) throws -> any StorageChangeWatcher
}
