import BounceCore

/// One batch's view of the queue items it decides on and of their stored deliveries: read in
/// bulk when the batch starts, updated in memory by each decision, written back in one pass.
///
/// Per-event point reads and writes cost more in statement overhead than in SQLite work
/// (docs/DECISIONS.md, "Event streams at byte speed"). The view is private to one write
/// transaction, so nothing else can change those rows meanwhile, except the batch's own
/// detector events. Before one of those runs, `BatchApplier` flushes and invalidates the view;
/// afterwards each address is read on its own again.
struct QueueView {
    /// Known state per address: `.some(nil)` = read, no item yet; missing = not read.
    private var items: [String: RetryItem?] = [:]
    /// Addresses whose item changed since the last flush, in first-change order.
    private var dirty: [String] = []
    private var isDirty: Set<String> = []
    /// Audit rows of this batch's decisions, written with the items at the next flush.
    private var pendingAudit: [AuditEntry] = []
    private var deliveries: [Int64: Int] = [:]
    private var deliveriesRead: Set<Int64> = []

    init(prefetching batch: [BatchItem], in tx: any StorageTransaction) throws {
        var addresses: [String] = []
        var seen = Set<String>()
        for case let .event(a) in batch where a.needsDecision && a.verdict != nil && seen.insert(a.address).inserted {
            addresses.append(a.address)
        }
        guard !addresses.isEmpty else { return }
        let found = try tx.retryItems(addresses: addresses)
        items.reserveCapacity(addresses.count)
        for a in addresses { items[a] = .some(found[a]) }
        let hashes = addresses.map(AddressHash.of)
        deliveries = try tx.lastDeliveries(hashes: hashes)
        deliveriesRead = Set(hashes)
    }

    /// The item as this batch last left it (read from the store if the view does not know it).
    mutating func item(_ address: String, in tx: any StorageTransaction) throws -> RetryItem? {
        if let known = items[address] { return known }
        let stored = try tx.retryItem(address: address)
        items[address] = .some(stored)
        return stored
    }

    /// The stored last delivery of an address hash (the batch's own come on top, at the end).
    mutating func lastDelivery(_ hash: Int64, in tx: any StorageTransaction) throws -> Int? {
        if deliveriesRead.contains(hash) { return deliveries[hash] }
        return try tx.lastDelivery(hash: hash)
    }

    /// Stored last deliveries of the addresses this batch decides on (read up front).
    var storedDeliveries: [Int64: Int] { deliveries }

    /// Records a decision's audit row; it reaches the store, in order, at the next `flush`.
    mutating func audit(_ e: AuditEntry) { pendingAudit.append(e) }

    /// Records a decision's result; it reaches the store at the next `flush`.
    mutating func save(_ item: RetryItem) {
        items[item.address] = .some(item)
        if isDirty.insert(item.address).inserted { dirty.append(item.address) }
    }

    /// Writes every changed item; with `invalidate`, forgets the items (not the deliveries,
    /// which only the end of the batch changes).
    mutating func flush(to tx: any StorageTransaction, invalidate: Bool) throws {
        // Items and their audit rows in one statement each (a network backend pays per round trip).
        try tx.saveRetryItems(dirty.compactMap { items[$0] ?? nil })
        try tx.addAudit(pendingAudit)
        pendingAudit.removeAll(keepingCapacity: true)
        dirty.removeAll(keepingCapacity: true)
        isDirty.removeAll(keepingCapacity: true)
        if invalidate { items.removeAll(keepingCapacity: true) }
    }
}
