import BounceCore
import BounceStore
import Foundation
import Testing
@testable import BounceService

/// Issue 3 acceptance, end to end: simulator → Postfix log lines → parser → classifier →
/// detector → decisions → store. The simulator's ground truth says which addresses are valid.
@Suite(.serialized) struct EngineScenarioTests {
    struct Run {
        var store: Store
        var deliveries: [SimulatedDelivery]
        var incidents: [IncidentRecord]
    }

    /// Addresses the simulator treats as invalid that never delivered in the run (its generated
    /// audience can give a valid and an invalid person the same address; such an address has
    /// known-good evidence and is rightly held).
    func neverDelivered(_ r: Run, _ keep: (SimulatedDelivery) -> Bool) -> Set<String> {
        let delivered = Set(r.deliveries.filter { $0.event.outcome == .delivered }.map { AsciiCase.lowered($0.event.recipient) })
        return Set(r.deliveries.filter(keep).map { AsciiCase.lowered($0.event.recipient) }).subtracting(delivered)
    }

    /// Simulates `hours` of `scenario` from 14:00 (an incident, if any, starts at 17:00) and ingests it.
    func run(_ scenario: Scenario, seed: UInt64, hours: Double) throws -> Run {
        let config = SimulationConfig(scenario: scenario, seed: seed)
        let sim = TrafficSimulator(config: config)
        let deliveries = sim.generate(from: config.start, to: config.start + Int(hours * 3600))
        let dir = Fixture.tempDir()
        let log = dir + "/mail.log"
        try (deliveries.map(\.syslogLine).joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let store = try Store(path: dir + "/bw.sqlite")
        let pipeline = try IngestPipeline(store: store)
        let p = try pipeline.ingest(path: log, format: .postfix)
        #expect(p.rejected == 0)
        #expect(p.events == deliveries.count)
        return Run(store: store, deliveries: deliveries, incidents: try store.read { tx in try tx.incidents() })
    }

    @Test(arguments: [UInt64(1), 2])
    func appleOnlySpikeIsDetectedAndValidAddressesAreHeld(seed: UInt64) throws {
        let r = try run(.appleIncident, seed: seed, hours: 4.5)
        let truth = try #require(SimulationConfig(scenario: .appleIncident, seed: seed).incidentWindow)
        let apple = r.incidents.filter { $0.provider == "apple" && $0.kind == "provider" }
        #expect(apple.count == 1)
        #expect(r.incidents.filter { $0.kind == "sender-wide" }.isEmpty)
        let i = try #require(apple.first)
        let delay = i.detectedAt - truth.lowerBound
        print("seed \(seed): apple incident detected \(delay) s after the true start; estimated start off by \(i.startedAt - truth.lowerBound) s; closed \(i.closedAt.map { $0 - truth.upperBound } ?? -1) s after the true end")
        #expect(delay <= 300, "opened within 5 minutes of the spike's start")
        #expect(abs(i.startedAt - truth.lowerBound) <= 180)
        #expect(i.closedAt != nil && i.closedAt! >= truth.upperBound)
        #expect(i.reasons.contains(.userUnknown))

        // Valid addresses that bounced during the incident: held, not suppressed.
        let victims = Set(r.deliveries.filter { $0.causedByIncident && $0.addressIsValid && $0.event.outcome == .bounced }
            .map { AsciiCase.lowered($0.event.recipient) })
        #expect(victims.count > 50)
        let states = try r.store.read { tx in try victims.map { try tx.retryItem(address: $0)?.state } }
        let held = states.filter { $0 == .held }.count
        let share = Double(held) / Double(victims.count)
        print("seed \(seed): \(held) of \(victims.count) valid bounced addresses held (\(String(format: "%.1f", share * 100)) %), \(states.filter { $0 == .suppressed }.count) suppressed")
        #expect(share >= 0.98)
        // Genuinely invalid addresses outside the incident are still suppressed.
        let invalid = neverDelivered(r) { !$0.addressIsValid && !$0.duringIncident && $0.event.outcome == .bounced && $0.provider != "apple" }
        let invalidStates = try r.store.read { tx in try invalid.compactMap { try tx.retryItem(address: $0)?.state } }
        #expect(Double(invalidStates.filter { $0 == .suppressed }.count) / Double(max(1, invalidStates.count)) > 0.9)
        // The timeline tells the story.
        let timeline = try r.store.read { tx in try tx.timeline(incidentID: i.id) }
        #expect(timeline.first?.text.contains("apple incident opened") == true)
        #expect(timeline.last?.text.contains("closed") == true)
    }

    @Test func senderWideRiseCausesNoAppleIncidentAndNoMassHolds() throws {
        let r = try run(.senderWide, seed: 3, hours: 4.5)
        #expect(r.incidents.contains { $0.kind == "sender-wide" })
        #expect(!r.incidents.contains { $0.kind == "provider" })
        let counts = try r.store.read { tx in try tx.queueCounts() }
        let held = counts[.held] ?? 0, suppressed = counts[.suppressed] ?? 0
        print("sender-wide: \(held) held, \(suppressed) suppressed, incidents \(r.incidents.map { "\($0.provider)/\($0.kind)" })")
        // Holds come only from the known-good and mailbox-full rules, never from the incident.
        let byIncident = try r.store.read { tx in try tx.queuePage(QueueQuery(state: .held)).items.filter { $0.incidentID != nil } }
        #expect(byIncident.isEmpty)
    }

    @Test func quietDayHasNoIncidentsAndSuppressesInvalidAddresses() throws {
        let r = try run(.quiet, seed: 5, hours: 6)
        #expect(r.incidents.isEmpty)
        let invalid = neverDelivered(r) { !$0.addressIsValid && $0.event.outcome == .bounced && $0.event.status?.description != "5.2.2" }
        let states = try r.store.read { tx in try invalid.compactMap { try tx.retryItem(address: $0)?.state } }
        let suppressed = states.filter { $0 == .suppressed }.count
        print("quiet: \(suppressed) of \(states.count) genuinely invalid addresses suppressed")
        #expect(Double(suppressed) / Double(max(1, states.count)) > 0.9)
    }

    @Test func slowListDecayIsNoIncident() throws {
        let r = try run(.listDecay, seed: 7, hours: 6)
        #expect(r.incidents.isEmpty)
    }
}
