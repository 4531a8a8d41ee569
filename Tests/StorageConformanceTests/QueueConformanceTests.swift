import BounceCore
import BounceService
import Foundation
import Testing

/// Queue, incident and timeline behaviour every backend must share.
@Suite struct QueueConformanceTests {
    static func item(_ address: String, state: RetryState = .held, incident: Int? = nil, at: Int = 1000,
                     provider: String = "apple", reply: String? = nil) -> RetryItem {
        RetryItem(address: address, domain: DeliveryEvent.domain(of: address), provider: provider, state: state,
                  reason: .userUnknown, status: EnhancedStatus("5.1.1"), replyCode: 550,
                  lastReply: reply ?? "550 5.1.1 <\(address)>: user does not exist", firstBounceAt: at, lastBounceAt: at,
                  bounces: 1, lastDeliveredAt: nil, incidentID: incident, evidence: .openIncident, stateSince: at,
                  updatedBy: "engine", updatedAt: at)
    }

    static func incident(_ id: Int, start: Int = 900, closed: Int? = nil) -> IncidentRecord {
        IncidentRecord(id: id, provider: "apple", kind: .provider, reasons: [.userUnknown], startedAt: start,
                       detectedAt: start + 240, closedAt: closed, peakRate: 0.4, baselineRate: 0.01)
    }

    @Test(arguments: Backend.available)
    func threeOperatorsReleasingOneIncidentAtOnceMoveEachAddressOnce(_ backend: Backend) throws {
        let store = try TestStore(backend)
        defer { store.close() }
        let addresses = (0..<300).map { "user\($0)@icloud.com" }
        try store.primary.transaction { tx in
            try tx.saveIncident(Self.incident(7))
            for a in addresses { try tx.saveRetryItem(Self.item(a, incident: 7)) }
        }
        let handles = [store.primary, try store.another(host: "laptop-ann"), try store.another(host: "laptop-bo")]
        let results = WorkerResults()
        DispatchQueue.concurrentPerform(iterations: 3) { k in
            let r = Result { try QueueActions(store: handles[k]).release(.incident(7), by: "op\(k)", now: 5000 + k) }
            results.set(k, r)
        }
        let changed = try results.all().flatMap { try $0.get().changed }
        #expect(changed.count == addresses.count, "every address released exactly once across the three")
        #expect(Set(changed) == Set(addresses))
        let audit = try store.primary.snapshot { tx in try tx.auditTrail() }
        #expect(audit.count == addresses.count)
        #expect(Set(audit.map(\.address)) == Set(addresses))
        #expect(audit.allSatisfy { $0.from == .held && $0.to == .released })
        let counts = try store.primary.snapshot { tx in try tx.queueCounts() }
        #expect(counts == [.released: addresses.count])
    }

    @Test(arguments: Backend.available)
    func aTransitionIsCompareAndSetWithOneAuditRowPerChange(_ backend: Backend) throws {
        let store = try TestStore(backend)
        defer { store.close() }
        try store.primary.transaction { tx in
            try tx.saveIncident(Self.incident(3))
            for a in ["a@icloud.com", "b@me.com", "c@mac.com"] { try tx.saveRetryItem(Self.item(a)) }
            try tx.saveRetryItem(Self.item("d@icloud.com", state: .suppressed))
        }
        let first = try store.primary.transaction { tx in
            try tx.transition(addresses: ["c@mac.com", "a@icloud.com", "d@icloud.com", "nobody@icloud.com"], from: [.held],
                              to: .released, by: "ann", evidence: .operatorAction, incidentID: 3, at: 2000, note: "postmaster ok")
        }
        #expect(first == ["c@mac.com", "a@icloud.com"], "only held ones, in the order asked")
        let second = try store.primary.transaction { tx in
            try tx.transition(addresses: ["a@icloud.com"], from: [.held], to: .released, by: "bo", evidence: .operatorAction,
                              incidentID: nil, at: 2001, note: nil)
        }
        #expect(second.isEmpty, "a second release of the same address changes nothing")
        let (trail, item) = try store.primary.snapshot { tx in
            (try tx.auditTrail(), try tx.retryItem(address: "a@icloud.com"))
        }
        #expect(trail.map(\.address) == ["c@mac.com", "a@icloud.com"])
        #expect(trail.allSatisfy { $0.by == "ann" && $0.note == "postmaster ok" && $0.incidentID == 3 && $0.at == 2000 })
        #expect(item?.state == .released && item?.incidentID == 3 && item?.updatedBy == "ann" && item?.stateSince == 2000)
    }

    @Test(arguments: Backend.available)
    func incidentsUpsertAndTheTimelineKeepsOrderAndLimits(_ backend: Backend) throws {
        let store = try TestStore(backend)
        defer { store.close() }
        try store.primary.transaction { tx in
            try tx.saveIncident(Self.incident(1, start: 900), peakAt: 1500)
            try tx.saveIncident(Self.incident(2, start: 5000))
            var closed = Self.incident(1, start: 900, closed: 3000)
            closed.reasons = [.userUnknown, .mailboxFull]
            try tx.saveIncident(closed, peakAt: nil)
            for k in 0..<6 {
                try tx.addTimeline(TimelineEntry(at: 1000 + k * 10, incidentID: k % 2 == 0 ? 1 : nil, kind: .note, by: "ann",
                                                 text: "note \(k) — contacted Apple postmaster"))
            }
        }
        let (all, one, overlapping, recent, ofOne) = try store.primary.snapshot { tx in
            (try tx.incidents(), try tx.incident(id: 1), try tx.incidents(from: 3500, to: 6000),
             try tx.timeline(incidentID: nil, limit: 2), try tx.timeline(incidentID: 1, limit: 100))
        }
        #expect(all.map(\.id) == [2, 1], "newest first")
        #expect(one?.closedAt == 3000 && one?.reasons == [.userUnknown, .mailboxFull])
        #expect(overlapping.map(\.id) == [2])
        #expect(recent.map(\.text) == ["note 4 — contacted Apple postmaster", "note 5 — contacted Apple postmaster"])
        #expect(ofOne.map(\.at) == [1000, 1020, 1040])
        #expect(Set(ofOne.compactMap(\.id)).count == 3, "each entry has its own id")
    }

    @Test(arguments: Backend.available)
    func queuePagesFilterSortAndCountAlike(_ backend: Backend) throws {
        let store = try TestStore(backend)
        defer { store.close() }
        try store.primary.transaction { tx in
            for k in 0..<40 {
                let domain = ["icloud.com", "me.com", "gmail.com"][k % 3]
                try tx.saveRetryItem(Self.item("u\(k)@\(domain)", state: k % 4 == 0 ? .suppressed : .held, at: 1000 + k,
                                               provider: domain == "gmail.com" ? "gmail" : "apple",
                                               reply: k == 5 ? "452 4.2.2 The email account that you tried to reach is over quota 100%_done" : nil))
            }
        }
        let pages = try store.primary.snapshot { tx in
            [try tx.queuePage(QueueQuery(state: .held, provider: "apple", sort: .lastBounce, offset: 2, limit: 5)),
             try tx.queuePage(QueueQuery(state: nil, domain: "ME.COM", sort: .address, limit: 100)),
             try tx.queuePage(QueueQuery(state: nil, text: "OVER QUOTA 100%_", limit: 10)),
             try tx.queuePage(QueueQuery(state: nil, text: "100%x", limit: 10))]
        }
        #expect(pages[0].items.map(\.lastBounceAt) == [1034, 1033, 1031, 1030, 1027])
        #expect(pages[0].total == 20)
        #expect(pages[1].total == 13 && pages[1].items.first?.address == "u10@me.com")
        #expect(pages[2].items.map(\.address) == ["u5@gmail.com"], "case-insensitive, % and _ taken literally")
        #expect(pages[3].total == 0)
        let held = try store.primary.snapshot { tx in
            (try tx.addresses(state: .suppressed).count, try tx.heldBefore(1003), try tx.queueCounts())
        }
        #expect(held.0 == 10 && held.1 == ["u1@me.com", "u2@gmail.com"] && held.2 == [.held: 30, .suppressed: 10])
    }
}

/// Results of concurrent workers, by index.
final class WorkerResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Result<QueueActions.Result, any Error>] = [:]
    func set(_ k: Int, _ r: Result<QueueActions.Result, any Error>) { lock.lock(); values[k] = r; lock.unlock() }
    func all() -> [Result<QueueActions.Result, any Error>] { lock.lock(); defer { lock.unlock() }; return values.sorted { $0.key < $1.key }.map(\.value) }
}
