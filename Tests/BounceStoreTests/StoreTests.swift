import BounceCore
import Foundation
import Testing
@testable import BounceStore

@Suite struct StoreTests {
    func tempPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bw-store-\(UUID().uuidString)")
        return dir.appendingPathComponent("sub/bw.sqlite").path
    }

    @Test func databaseIsCreatedOwnerOnlyWithWAL() throws {
        let path = tempPath()
        let store = try Store(path: path)
        try store.write { tx in try tx.addStats(["x": 1]) }
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let dirAttrs = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect((dirAttrs[.posixPermissions] as? Int) == 0o700)
        for companion in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + companion) {
            let a = try FileManager.default.attributesOfItem(atPath: path + companion)
            #expect((a[.posixPermissions] as? Int) == 0o600, "\(companion) must be owner-only")
        }
        let mode = try store.read { tx in try String.fetchOne(tx.db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func countersAddUpAcrossTransactions() throws {
        let store = try Store()
        let k = CounterKey(minute: 100, domain: "icloud.com", provider: "apple", outcome: .bounced, reason: .userUnknown)
        let e = CounterKey(minute: 101, domain: "icloud.com", provider: "apple", outcome: .expired, reason: .systemError)
        #expect(e.outcome == .bounced && e.reason == .expired)
        try store.write { tx in try tx.addCounters([k: 2, e: 1]) }
        try store.write { tx in try tx.addCounters([k: 3]) }
        let r = try store.read { tx in try tx.report(from: nil, to: nil) }
        #expect(r.totals.bounced == 6)
        #expect(r.providers.first?.counts.reasons[.userUnknown] == 5)
        #expect(r.providers.first?.counts.reasons[.expired] == 1)
        #expect(r.from == 6000 && r.to == 6120)
    }

    @Test func failedTransactionLeavesNothingBehind() throws {
        let store = try Store()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write { tx in
                try tx.addStats(["parsed_lines": 10])
                throw Boom()
            }
        }
        #expect(try store.read { tx in try tx.stat("parsed_lines") } == 0)
    }

    @Test func transitionIsOncePerChangeAndAudited() throws {
        let store = try Store()
        let item = RetryItem(address: "a@icloud.com", domain: "icloud.com", provider: "apple", state: .held,
                             reason: .userUnknown, status: EnhancedStatus("5.1.1"), replyCode: 550, lastReply: "550 5.1.1",
                             firstBounceAt: 10, lastBounceAt: 10, bounces: 1, lastDeliveredAt: nil, incidentID: nil,
                             evidence: .knownGood, stateSince: 10, updatedBy: "engine", updatedAt: 10)
        try store.write { tx in try tx.saveRetryItem(item) }
        let first = try store.write { tx in
            try tx.transition(addresses: ["a@icloud.com"], from: [.held], to: .released, by: "ann", evidence: .operatorAction, at: 20)
        }
        let second = try store.write { tx in
            try tx.transition(addresses: ["a@icloud.com"], from: [.held], to: .released, by: "bob", evidence: .operatorAction, at: 21)
        }
        #expect(first == ["a@icloud.com"])
        #expect(second.isEmpty)
        let trail = try store.read { tx in try tx.auditTrail(address: "a@icloud.com") }
        #expect(trail.count == 1 && trail[0].by == "ann" && trail[0].from == .held && trail[0].to == .released)
        let stored = try store.read { tx in try tx.retryItem(address: "a@icloud.com") }
        #expect(stored?.state == .released && stored?.updatedBy == "ann")
    }

    @Test func queuePagingAndFilter() throws {
        let store = try Store()
        try store.write { tx in
            for i in 0..<250 {
                try tx.saveRetryItem(RetryItem(
                    address: "u\(i)@\(i % 2 == 0 ? "icloud.com" : "gmail.com")", domain: i % 2 == 0 ? "icloud.com" : "gmail.com",
                    provider: i % 2 == 0 ? "apple" : "google", state: .held, reason: .userUnknown, status: nil, replyCode: nil,
                    lastReply: i == 7 ? "550 5.1.1 special_text 100%" : "550 5.1.1 user does not exist",
                    firstBounceAt: i, lastBounceAt: i, bounces: 1, lastDeliveredAt: nil, incidentID: nil,
                    evidence: .knownGood, stateSince: i, updatedBy: "engine", updatedAt: i))
            }
        }
        let page = try store.read { tx in try tx.queuePage(QueueQuery(state: .held, provider: "apple", offset: 100, limit: 10)) }
        #expect(page.total == 125)
        #expect(page.items.count == 10)
        #expect(page.items.first?.lastBounceAt == 248 - 200)
        let filtered = try store.read { tx in try tx.queuePage(QueueQuery(state: nil, text: "l_text 100%")) }
        #expect(filtered.items.map(\.address) == ["u7@gmail.com"])
    }
}
