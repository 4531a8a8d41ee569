import BounceCore
import ConsoleApp
import ConsoleUI
import BounceService
import Foundation
import Testing

/// A console on either backend: it reads its frame in one snapshot, re-reads nothing while
/// nothing changed, and sees another host's commit on its next tick.
@Suite struct ConsoleConformanceTests {
    @Test(arguments: Backend.available)
    func aConsoleSeesAnotherHostsCommitOnItsNextTickAndNothingElse(_ backend: Backend) throws {
        let store = try TestStore(backend)
        defer { store.close() }
        try store.primary.transaction { tx in
            try tx.saveIncident(QueueConformanceTests.incident(4))
            for k in 0..<30 { try tx.saveRetryItem(QueueConformanceTests.item("held\(k)@icloud.com", incident: 4, at: 1000 + k)) }
        }
        let console = try ConsoleBackend(store: store.primary, sourceLabel: "test")
        let request = SnapshotRequest(queue: ConsoleUI.QueueQuery(state: .held, filter: "held2", sort: .address, offset: 0, limit: 5))
        let first = try #require(console.snapshot(for: request))
        #expect(first.queue.totalCount == 11, "held2, held20…held29")
        // Byte order, as the SQLite file sorts: '0' sorts before '@'.
        #expect(first.queue.rows.map(\.address) == (20...24).map { "held\($0)@icloud.com" })
        #expect(first.incidents.first?.id == 4)
        #expect(console.snapshot(for: request) == nil, "an idle console re-reads nothing")

        // An operator on another host releases two of them.
        let other = try store.another(host: "laptop-ann")
        let released = try QueueActions(store: other).release(.addresses(["held2@icloud.com", "held21@icloud.com"]), by: "ann")
        #expect(released.changed.count == 2)
        let next = try #require(console.snapshot(for: request), "the other host's commit is noticed")
        #expect(next.queue.totalCount == 9)
        #expect(next.queue.rows.map(\.address) == [20, 22, 23, 24, 25].map { "held\($0)@icloud.com" })
        #expect(console.snapshot(for: request) == nil)
    }
}
