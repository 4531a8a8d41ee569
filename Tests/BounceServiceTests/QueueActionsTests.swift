import BounceCore
import BounceStore
import Foundation
import Testing
@testable import BounceService

@Suite struct QueueActionsTests {
    @Test func releaseCommandGetsHostileAddressesOnStdinAndNothingRunsThroughAShell() throws {
        let dir = Fixture.tempDir()
        let received = dir + "/received.txt"
        let pwned = dir + "/pwned"
        let hostile = [
            "\"a$(touch \(pwned))\"@icloud.com",
            "\"b`touch \(pwned)`\"@icloud.com",
            "\"c'; touch \(pwned); echo '\"@me.com",
            "d\"quoted\"@mac.com",
        ]
        let newline = "\"e\ntouch \(pwned)\"@icloud.com"
        let store = try Store(path: dir + "/bw.sqlite")
        try store.write { tx in for a in hostile + [newline] { try tx.saveRetryItem(Fixture.item(a)) } }
        let script = Fixture.script("cat > '\(received)'", in: dir)
        let actions = QueueActions(store: store, releaser: CommandReleaser(argv: [script]))
        let result = try actions.release(.addresses(hostile + [newline]), by: "ann")

        #expect(Set(result.changed) == Set(hostile.map { $0.lowercased() }))
        #expect(result.skipped.map(\.address) == [newline.lowercased()])
        let got = try String(contentsOfFile: received, encoding: .utf8)
        #expect(got == hostile.map { $0.lowercased() }.joined(separator: "\n") + "\n")
        #expect(!FileManager.default.fileExists(atPath: pwned))
        let still = try store.read { tx in try tx.retryItem(address: newline.lowercased()) }
        #expect(still?.state == .held, "an address with a line break stays held")
    }

    @Test func failingReleaseCommandLeavesItemsHeldAndSaysWhy() throws {
        let dir = Fixture.tempDir()
        let store = try Store(path: dir + "/bw.sqlite")
        try store.write { tx in
            try tx.saveIncident(Fixture.incident(7))
            for i in 0..<3 { try tx.saveRetryItem(Fixture.item("u\(i)@icloud.com", incident: 7)) }
        }
        let script = Fixture.script("cat >/dev/null; echo 'ESP API: 503 upstream down' >&2; exit 3", in: dir)
        let actions = QueueActions(store: store, releaser: CommandReleaser(argv: [script]))
        #expect {
            try actions.release(.incident(7), by: "ann")
        } throws: { error in
            "\(error)".contains("exited with status 3") && "\(error)".contains("503 upstream down")
        }
        let counts = try store.read { tx in try tx.queueCounts() }
        #expect(counts[.held] == 3 && counts[.released] == nil)
        #expect(try store.read { tx in try tx.auditTrail() }.isEmpty)
        #expect(try store.read { tx in try tx.timeline() }.isEmpty)
    }

    @Test func incidentReleaseIsAuditedAndOnTheTimeline() throws {
        let store = try Store()
        try store.write { tx in
            try tx.saveIncident(Fixture.incident(7))
            for i in 0..<1204 { try tx.saveRetryItem(Fixture.item("u\(i)@icloud.com", incident: 7)) }
            try tx.saveRetryItem(Fixture.item("other@icloud.com", incident: nil))
        }
        let r = try QueueActions(store: store).release(.incident(7), by: "ann", note: "Apple confirmed recovery", now: 5000)
        #expect(r.changed.count == 1204)
        let timeline = try store.read { tx in try tx.timeline(incidentID: 7) }
        #expect(timeline.map(\.text) == ["released 1,204 addresses of incident 7 — Apple confirmed recovery"])
        #expect(timeline.first?.by == "ann" && timeline.first?.kind == .bulk)
        let audit = try store.read { tx in try tx.auditTrail() }
        #expect(audit.count == 1204 && audit.allSatisfy { $0.from == .held && $0.to == .released && $0.by == "ann" })
        #expect(try store.read { tx in try tx.retryItem(address: "other@icloud.com") }?.state == .held)
    }

    @Test func exportFileGetsFormulaSafeCSV() throws {
        let dir = Fixture.tempDir()
        let store = try Store()
        var evil = Fixture.item("=cmd|' /C calc'!A0@icloud.com")
        evil.lastReply = "@SUM(1+1) \"quoted\"\nnext"
        try store.write { tx in try tx.saveRetryItem(evil) }
        let out = dir + "/released.csv"
        _ = try QueueActions(store: store, releaser: ExportFileReleaser(path: out, format: .csv))
            .release(.addresses([evil.address]), by: "ann")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("\"'=cmd|' /c calc'!a0@icloud.com\""))
        #expect(lines[1].contains("\"'@SUM(1+1) \"\"quoted\"\" next\""))
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func concurrentOperatorsProduceOneTransitionPerChange() throws {
        let dir = Fixture.tempDir()
        let path = dir + "/bw.sqlite"
        let setup = try Store(path: path)
        let addresses = (0..<200).map { "user\($0)@icloud.com" }
        try setup.write { tx in for a in addresses { try tx.saveRetryItem(Fixture.item(a)) } }

        // Four connections act on overlapping sets at the same time.
        let group = DispatchGroup()
        let errors = LockedList()
        for worker in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let store = try Store(path: path)
                    let actions = QueueActions(store: store)
                    for round in 0..<10 {
                        let slice = Array(addresses[(round * 15)..<(round * 15 + 60)])
                        if (worker + round) % 3 == 0 {
                            _ = try actions.suppress(slice, by: "op\(worker)")
                        } else {
                            _ = try actions.release(.addresses(slice), by: "op\(worker)")
                        }
                    }
                } catch {
                    errors.append("\(error)")
                }
            }.start()
        }
        group.wait()
        #expect(errors.items.isEmpty)
        let (items, audit) = try setup.read { tx in (try tx.queuePage(QueueQuery(state: nil)).items, try tx.auditTrail()) }
        #expect(items.count == 200)
        // Replaying the audit trail from `held` must give each address's final state, and every
        // audit row must be a real change (from != to) chained on the previous one.
        var state = Dictionary(uniqueKeysWithValues: addresses.map { ($0, RetryState.held) })
        for a in audit {
            #expect(a.from == state[a.address], "audit row for \(a.address) does not chain")
            #expect(a.from != a.to)
            state[a.address] = a.to
        }
        for i in items { #expect(state[i.address] == i.state) }
    }

    @Test func holdsExpireAfterTheLimit() throws {
        let store = try Store()
        try store.write { tx in
            try tx.saveRetryItem(Fixture.item("old@icloud.com", at: 0))
            try tx.saveRetryItem(Fixture.item("new@icloud.com", at: 20 * 86400))
        }
        let n = try QueueActions(store: store).expireHolds(policy: RetryPolicy(), now: 21 * 86400)
        #expect(n == 1)
        #expect(try store.read { tx in try tx.retryItem(address: "old@icloud.com") }?.state == .expired)
        #expect(try store.read { tx in try tx.retryItem(address: "new@icloud.com") }?.state == .held)
    }
}

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
