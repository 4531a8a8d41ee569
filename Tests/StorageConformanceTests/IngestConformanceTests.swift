import BounceCore
import BounceService
import BounceStore
import Foundation
import Testing

/// The whole engine on each backend: the same log gives the same report, incidents, queue and
/// audit trail, to the count, and a restart resumes from the stored cursor exactly once.
@Suite struct IngestConformanceTests {
    /// Everything a user reads back after an ingest (report --json, incident list, queue, audit).
    struct Outcome: Equatable {
        var report: TrafficReport
        var incidents: [IncidentRecord]
        var queue: [RetryItem]
        var audit: [AuditEntry]
        var timeline: [String]
    }

    static func outcome(_ s: any BounceStorage) throws -> Outcome {
        try s.snapshot { tx in
            Outcome(report: try tx.report(from: nil, to: nil), incidents: try tx.incidents(),
                    queue: try tx.queuePage(QueueQuery(state: nil, sort: .address)).items,
                    audit: try tx.auditTrail(), timeline: try tx.timeline().map { "\($0.at) \($0.kind) \($0.text)" })
        }
    }

    /// The reference: the log ingested in one go into a fresh SQLite file.
    static func reference(_ log: String) throws -> Outcome {
        let ref = try TestStore(.sqlite)
        defer { ref.close() }
        _ = try IngestPipeline(store: ref.primary).ingest(path: log, format: .postfix)
        return try outcome(ref.primary)
    }

    @Test(arguments: Backend.available)
    func aSimulatedAppleIncidentGivesTheSameReportIncidentsQueueAndAudit(_ backend: Backend) throws {
        let sim = SimulatedLog.lines(.appleIncident, seed: 7, hours: 4.5)
        let log = SimulatedLog.tempPath("mail.log")
        try SimulatedLog.write(sim.lines, to: log)
        let store = try TestStore(backend)
        defer { store.close() }
        let p = try IngestPipeline(store: store.primary).ingest(path: log, format: .postfix)
        #expect(p.events == sim.events && p.rejected == 0)
        let got = try Self.outcome(store.primary)
        #expect(got.incidents.filter { $0.provider == "apple" && $0.kind == .provider }.count == 1)
        #expect(got.queue.contains { $0.state == .held && $0.incidentID != nil }, "incident victims are held and linked")
        let want = try Self.reference(log)
        #expect(got.report == want.report)
        #expect(got.incidents == want.incidents)
        #expect(got.queue == want.queue)
        #expect(got.audit == want.audit)
        #expect(got.timeline == want.timeline)
    }

    @Test(arguments: Backend.available)
    func aRestartedIngesterResumesFromItsCursorAndCountsEveryLineOnce(_ backend: Backend) throws {
        let sim = SimulatedLog.lines(.appleIncident, seed: 3, hours: 4)
        let log = SimulatedLog.tempPath("mail.log")
        let cut = sim.lines.count * 3 / 5
        try SimulatedLog.write(sim.lines[..<cut], to: log)
        let store = try TestStore(backend)
        defer { store.close() }
        _ = try IngestPipeline(store: store.primary).ingest(path: log, format: .postfix)
        // The log grows while the ingester is down; a new process (new handle, same host) resumes.
        let rest = sim.lines[cut...].joined(separator: "\n") + "\n"
        let h = try #require(FileHandle(forWritingAtPath: log))
        h.seekToEndOfFile()
        h.write(Data(rest.utf8))
        try h.close()
        let again = try store.another(host: "mta1")
        let second = try IngestPipeline(store: again).ingest(path: log, format: .postfix)
        #expect(second.events == sim.events - cut, "only the new lines are read")
        let got = try Self.outcome(again)
        let want = try Self.reference(log)
        #expect(got.report == want.report)
        #expect(got.incidents == want.incidents)
        #expect(got.queue == want.queue)
        let diff = zip(got.queue, want.queue).filter { $0 != $1 }.prefix(3)
        for (a, b) in diff { print("resumed: \(a)\nin one go: \(b)") }
        if got.queue.count != want.queue.count { print("queue sizes \(got.queue.count) vs \(want.queue.count)") }
    }
}
