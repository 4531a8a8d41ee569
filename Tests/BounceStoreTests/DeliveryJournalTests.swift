import BounceCore
import Foundation
import Testing
@testable import BounceStore

/// Known-good evidence must survive the append-only journal: latest time wins across batches,
/// compaction, reopening, other processes and rolled-back transactions.
@Suite struct DeliveryJournalTests {
    func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bw-journal-\(UUID().uuidString)/bw.sqlite").path
    }

    func last(_ store: Store, _ hash: Int64) throws -> Int? {
        try store.write { tx in try tx.lastDelivery(hash: hash) }
    }

    @Test func latestDeliveryWinsAcrossBatchesAndCompaction() throws {
        let store = try Store()
        store.setDeliveryCompactionThreshold(3)
        try store.write { tx in try tx.recordDeliveries([1: 100, 2: 200]) }
        try store.write { tx in try tx.recordDeliveries([1: 50, 3: 300]) }  // older time for 1: kept 100
        #expect(try last(store, 1) == 100)
        #expect(store.pendingDeliveryHashes == 3)
        // The fourth distinct hash crosses the threshold: runs are merged into the table.
        try store.write { tx in try tx.recordDeliveries([4: 400, 2: 250]) }
        #expect(store.pendingDeliveryHashes == 0)
        let runs = try store.read { tx in try Int.fetchOne(tx.db, sql: "SELECT count(*) FROM delivery_runs") }
        #expect(runs == 0)
        #expect(try last(store, 1) == 100)
        #expect(try last(store, 2) == 250)
        #expect(try last(store, 4) == 400)
        #expect(try last(store, 5) == nil)
        // After compaction a newer run still wins over the compacted row, an older one does not.
        try store.write { tx in try tx.recordDeliveries([1: 500, 4: 10]) }
        #expect(try last(store, 1) == 500)
        #expect(try last(store, 4) == 400)
        // Read transactions see the same answer by scanning the runs.
        #expect(try store.read { tx in try tx.lastDelivery(hash: 1) } == 500)
    }

    @Test func rolledBackDeliveriesAreForgotten() throws {
        struct Boom: Error {}
        let store = try Store()
        try store.write { tx in try tx.recordDeliveries([7: 70]) }
        #expect(throws: Boom.self) {
            try store.write { tx in
                try tx.recordDeliveries([7: 700, 8: 800])
                throw Boom()
            }
        }
        #expect(try last(store, 7) == 70)
        #expect(try last(store, 8) == nil)
    }

    @Test func evidenceSurvivesReopenAndIsSharedBetweenProcesses() throws {
        let path = tempPath()
        let a = try Store(path: path)
        try a.write { tx in try tx.recordDeliveries([1: 10, 2: 20]) }
        let b = try Store(path: path)  // another process on the same file
        #expect(try last(b, 1) == 10)
        try b.write { tx in try tx.recordDeliveries([3: 30]) }
        #expect(try last(a, 3) == 30)  // a picks up b's run
        try b.write { tx in try tx.compactDeliveries() }
        try a.write { tx in try tx.recordDeliveries([1: 15]) }  // a notices the compaction and reloads
        #expect(a.pendingDeliveryHashes == 1)
        #expect(try last(b, 1) == 15)
        #expect(try last(b, 2) == 20)
        let reopened = try Store(path: path)
        #expect(try last(reopened, 1) == 15)
        #expect(try last(reopened, 3) == 30)
    }

    @Test func runsWrittenAfterAnotherProcessCompactedAreSeen() throws {
        // Run ids are never reused: after b empties the runs, b's next run must not look like
        // one a already holds.
        let path = tempPath()
        let a = try Store(path: path), b = try Store(path: path)
        for i in 1...3 { try a.write { tx in try tx.recordDeliveries([Int64(i): i]) } }
        #expect(try last(a, 1) == 1)  // a holds runs 1...3
        try b.write { tx in try tx.compactDeliveries() }
        try b.write { tx in try tx.recordDeliveries([42: 4200]) }
        #expect(try last(a, 42) == 4200)
        #expect(try last(a, 3) == 3)
    }

    @Test func manySmallRunsAreCompactedToo() throws {
        // A follower commits a tiny run each poll; their number is bounded as well as their size.
        let store = try Store()
        for i in 0...DeliveryJournal.maxRuns {
            try store.write { tx in try tx.recordDeliveries([Int64(i % 3): i]) }
        }
        let runs = try store.read { tx in try Int.fetchOne(tx.db, sql: "SELECT count(*) FROM delivery_runs") }
        #expect(runs == 0)
        #expect(try last(store, Int64(DeliveryJournal.maxRuns % 3)) == DeliveryJournal.maxRuns)
        #expect(try last(store, Int64((DeliveryJournal.maxRuns - 1) % 3)) == DeliveryJournal.maxRuns - 1)
    }
}

/// The journal's index agrees with a plain dictionary on any sequence of records.
@Suite struct LatestTimeTableTests {
    @Test func agreesWithADictionaryModel() {
        var table = LatestTimeTable()
        var model: [Int64: Int] = [:]
        var rng = SplitMix64(seed: 7)
        // Few distinct keys (many updates, equal home slots likely) plus key 0 and extremes.
        let special: [Int64] = [0, 1, -1, .min, .max]
        for i in 0..<200_000 {
            let key = i % 50 == 0 ? special[i % special.count] : Int64(bitPattern: rng.next() % 60_000 &* 0x1_0000_0001)
            let time = Int(rng.next() % 1_000_000)
            table.record(key, time)
            model[key] = max(model[key] ?? time, time)
            if i % 20_000 == 0 { table.reserve(Int(rng.next() % 5_000)) }
        }
        #expect(table.count == model.count)
        for (k, v) in model { #expect(table.latest(k) == v) }
        #expect(table.latest(123_456_789) == nil)
        let sorted = table.sortedEntries()
        #expect(sorted.map(\.key) == model.keys.sorted())
        #expect(sorted.allSatisfy { model[$0.key] == $0.value })
    }
}
