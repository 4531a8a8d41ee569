/// Tells a console whether anything committed since it last looked — its own process, another
/// process on the host, or (PostgreSQL) another host — so an idle console re-reads nothing.
public protocol StorageChangeWatcher: Sendable {
    /// Marks a write made by this process (for stores where the process's own commits are not
    /// seen by the watcher, like an in-memory SQLite database).
    func noteLocalWrite()
    /// True when something committed since the previous call (always true on the first call).
    func changed() throws -> Bool
}
