/// Recipients of Postfix queue ids that were deferred and not yet delivered or bounced, so that a
/// recipient-less `postfix/qmgr … status=expired, returned to sender` line can be turned into one
/// `expired` event per recipient still pending.
///
/// Bounded: at most `capacity` queue ids are remembered; when full, the queue id first remembered
/// longest ago is forgotten (FIFO, each queue id keeps the slot of its first deferral).
struct PendingDeliveries: Sendable {
    /// What the last deferral of one recipient said.
    struct Recipient: Sendable, Equatable {
        var address: String
        var domain: String
        var relayHost: String?
        var relayIP: String?
        var replyCode: Int?
        var status: EnhancedStatus?
        var stage: SMTPStage?
        var diagnostic: String
    }

    private struct Entry: Sendable {
        var recipients: [Recipient]
        var generation: Int
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    /// Ring of (queue id, generation) in insertion order; a slot is stale when its generation no
    /// longer matches the live entry (the queue id was resolved and seen again).
    private var ring: [(String, Int)] = []
    private var next = 0
    private var generation = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var isEmpty: Bool { entries.isEmpty }
    /// Queue ids currently remembered.
    var count: Int { entries.count }

    /// Records (or updates) a deferred recipient of `queueID`.
    mutating func deferred(_ queueID: String, _ recipient: Recipient) {
        if var entry = entries[queueID] {
            entries[queueID] = nil  // keep the array uniquely referenced while mutating it
            if let i = entry.recipients.firstIndex(where: { $0.address == recipient.address }) {
                entry.recipients[i] = recipient
            } else {
                entry.recipients.append(recipient)
            }
            entries[queueID] = entry
            return
        }
        generation += 1
        let slot = (queueID, generation)
        if ring.count < capacity {
            ring.append(slot)
        } else {
            let (old, oldGeneration) = ring[next]
            if entries[old]?.generation == oldGeneration { entries[old] = nil }
            ring[next] = slot
            next = (next + 1) % capacity
        }
        entries[queueID] = Entry(recipients: [recipient], generation: generation)
    }

    /// Forgets `address` of `queueID` (it was delivered, bounced or expired on its own line).
    mutating func resolved(_ queueID: String, address: String) {
        guard var entry = entries[queueID] else { return }
        entries[queueID] = nil
        entry.recipients.removeAll { $0.address == address }
        if !entry.recipients.isEmpty { entries[queueID] = entry }
    }

    /// Removes and returns the recipients still pending for `queueID` (empty when none).
    mutating func expire(_ queueID: String) -> [Recipient] {
        entries.removeValue(forKey: queueID)?.recipients ?? []
    }

    /// Forgets `queueID` entirely (`postfix/qmgr … removed`).
    mutating func remove(_ queueID: String) {
        entries[queueID] = nil
    }
}
