import BounceCore
import Foundation

/// The SQLite file as a `BounceStorage`: the embedded default, one host, one writer at a time.
extension Store: BounceStorage {
    public var location: String { path ?? ":memory:" }

    public func transaction<T>(_ body: (any StorageTransaction) throws -> T) throws -> T {
        try write { tx in try body(tx) }
    }

    public func snapshot<T>(_ body: (any StorageTransaction) throws -> T) throws -> T {
        try read { tx in try body(tx) }
    }

    public func changeWatcher(readOnly: Bool) throws -> any StorageChangeWatcher {
        try StoreChangeWatcher(store: self, readOnly: readOnly)
    }
}

extension StoreChangeWatcher: StorageChangeWatcher {}

extension StoreTransaction: StorageTransaction {
    /// `meta` key of the engine state: one ingester per file.
    static let engineStateKey = "engine-state"

    public func engineState() throws -> Data? { try meta(Self.engineStateKey) }
    public func saveEngineState(_ value: Data) throws { try setMeta(Self.engineStateKey, value) }

    /// One cached statement per row: in-process SQLite has no round trip to save.
    public func saveRetryItems(_ items: [RetryItem]) throws {
        for i in items { try saveRetryItem(i) }
    }

    public func addAudit(_ entries: [AuditEntry]) throws {
        for e in entries {
            try audit(address: e.address, from: e.from, to: e.to, by: e.by, evidence: e.evidence, incidentID: e.incidentID,
                      at: e.at, note: e.note)
        }
    }
}
