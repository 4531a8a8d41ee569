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
    func run(_ scenario: Scenario, seed: UInt64, hours: Double, adjust: (inout SimulationConfig) -> Void = { _ in }) throws -> Run {
        var config = SimulationConfig(scenario: scenario, seed: seed)
        adjust(&config)
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
        let apple = r.incidents.filter { $0.provider == "apple" && $0.kind == .provider }
        #expect(apple.count == 1)
        #expect(r.incidents.filter { $0.kind == .senderWide }.isEmpty)
        let i = try #require(apple.first)
        let delay = i.detectedAt - truth.lowerBound
        print("seed \(seed): apple incident detected \(delay) s after the true start; estimated start off by \(i.startedAt - truth.lowerBound) s; closed \(i.closedAt.map { $0 - truth.upperBound } ?? -1) s after the true end")
        #expect(delay <= 300, "opened within 5 minutes of the spike's start")
        #expect(abs(i.startedAt - truth.lowerBound) <= 180)
        #expect(i.closedAt != nil && i.closedAt! >= truth.upperBound)
        #expect(i.reasons.contains(.userUnknown))

        // Valid addresses that bounced during the incident: held and linked to it (or, having
        // delivered again since, left the queue as recovered — still linked), never suppressed.
        let victims = Set(r.deliveries.filter { $0.causedByIncident && $0.addressIsValid && $0.event.outcome == .bounced }
            .map { AsciiCase.lowered($0.event.recipient) })
        #expect(victims.count > 50)
        let items = try r.store.read { tx in try victims.compactMap { try tx.retryItem(address: $0) } }
        let linked = items.filter { $0.incidentID == i.id && ($0.state == .held || $0.evidence == .recovered) }
        let stillHeld = items.filter { $0.state == .held }
        let share = Double(linked.count) / Double(victims.count)
        print("seed \(seed): \(linked.count) of \(victims.count) valid bounced addresses held or recovered and linked to incident \(i.id) "
              + "(\(String(format: "%.1f", share * 100)) %): \(stillHeld.count) still held, "
              + "\(items.filter { $0.evidence == .recovered }.count) recovered, \(items.filter { $0.state == .suppressed }.count) suppressed")
        #expect(share >= 0.98)
        #expect(stillHeld.allSatisfy { $0.incidentID == i.id }, "every hold of a victim is linked")
        // Every Apple hold whose bounce lies in the incident window is linked to it.
        let window = i.startedAt...((i.closedAt ?? Int.max) + RetryPolicy().gracePeriod)  // the estimated window
        let appleHolds = try r.store.read { tx in try tx.queuePage(QueueQuery(state: .held)).items }
            .filter { $0.provider == "apple" && window.contains($0.lastBounceAt) }
        #expect(appleHolds.allSatisfy { $0.incidentID == i.id }, "\(appleHolds.filter { $0.incidentID != i.id }.count) unlinked")
        // "Release incident N" releases every one of them.
        let heldForIncident = try r.store.read { tx in try tx.addresses(incidentID: i.id, state: .held) }
        #expect(Set(stillHeld.map(\.address)).isSubset(of: Set(heldForIncident)))
        // Genuinely invalid addresses outside the incident are still suppressed.
        let invalid = neverDelivered(r) { !$0.addressIsValid && !$0.duringIncident && $0.event.outcome == .bounced && $0.provider != "apple" }
        let invalidStates = try r.store.read { tx in try invalid.compactMap { try tx.retryItem(address: $0)?.state } }
        #expect(Double(invalidStates.filter { $0 == .suppressed }.count) / Double(max(1, invalidStates.count)) > 0.9)
        // The timeline tells the story.
        let timeline = try r.store.read { tx in try tx.timeline(incidentID: i.id) }
        #expect(timeline.first?.text.contains("apple incident opened") == true)
        #expect(timeline.last?.text.contains("closed") == true)
        // "Release incident N" releases every one of them.
        let released = try QueueActions(store: r.store).release(.incident(i.id), by: "test", now: i.closedAt ?? i.detectedAt)
        #expect(Set(released.changed) == Set(heldForIncident))
        #expect(try r.store.read { tx in try tx.addresses(incidentID: i.id, state: .held) }.isEmpty)
    }

    @Test func senderWideRiseCausesNoAppleIncidentAndNoMassHolds() throws {
        let r = try run(.senderWide, seed: 3, hours: 4.5)
        #expect(r.incidents.contains { $0.kind == .senderWide })
        #expect(!r.incidents.contains { $0.kind == .provider })
        let counts = try r.store.read { tx in try tx.queueCounts() }
        let held = counts[.held] ?? 0, suppressed = counts[.suppressed] ?? 0
        print("sender-wide: \(held) held, \(suppressed) suppressed, incidents \(r.incidents.map { "\($0.provider)/\($0.kind.rawValue)" })")
        // Holds come only from the known-good and mailbox-full rules, never from the incident.
        let byIncident = try r.store.read { tx in try tx.queuePage(QueueQuery(state: .held)).items.filter { $0.incidentID != nil } }
        #expect(byIncident.isEmpty)
    }

    @Test func reputationWindowIsOneSenderWideIncidentWithNoIncidentHolds() throws {
        let r = try run(.reputation, seed: 4, hours: 4.5)
        let truth = try #require(SimulationConfig(scenario: .reputation, seed: 4).incidentWindow)
        let wide = r.incidents.filter { $0.kind == .senderWide }
        #expect(wide.count == 1, "\(r.incidents.map { "\($0.provider)/\($0.kind.rawValue)" })")
        #expect(!r.incidents.contains { $0.kind == .provider }, "Apple's 5.1.1-worded reputation rejections open no Apple incident")
        let i = try #require(wide.first)
        let delay = i.detectedAt - truth.lowerBound
        #expect(delay > 0 && delay <= 300, "detected \(delay) s after the rise")
        #expect(i.reasons.contains(.policyBlocked))
        let linked = try r.store.read { tx in try tx.queuePage(QueueQuery(state: nil)).items.filter { $0.incidentID != nil } }
        #expect(linked.isEmpty, "a sender-wide incident never causes holds")
        let timeline = try r.store.read { tx in try tx.timeline(incidentID: i.id) }
        #expect(timeline.first?.text.contains("sender-wide incident opened") == true)
        #expect(timeline.first?.text.contains("no holds") == true)
        print("reputation window: sender-wide incident \(i.id) detected +\(delay) s, reasons \(i.reasons.map(\.rawValue)), "
              + "\(linked.count) incident holds, \(r.incidents.count) incident(s) in all")
    }

    @Test func listDecayDaySuppressesDeadAddresses() throws {
        // A day (16 hours of traffic) whose dying mailboxes all die in the first 10 hours; our
        // audience is mailed about every two hours, so most dead addresses bounce more than once.
        let r = try run(.listDecay, seed: 8, hours: 16)
        #expect(r.incidents.isEmpty, "\(r.incidents.map { "\($0.provider)/\($0.kind.rawValue)" })")
        // Dead: delivered earlier in the run, then hard-bounced user-unknown (known-good at first).
        var firstBounce: [String: Int] = [:], delivered: [String: Int] = [:]
        for d in r.deliveries {
            let a = AsciiCase.lowered(d.event.recipient)
            if d.event.outcome == .delivered { delivered[a] = min(delivered[a] ?? .max, d.epochSecond) }
            if d.event.outcome == .bounced, !d.addressIsValid, d.event.status?.description != "5.2.2" {
                firstBounce[a] = min(firstBounce[a] ?? .max, d.epochSecond)
            }
        }
        let dead = firstBounce.filter { a, t in (delivered[a] ?? .max) < t }.map(\.key)
        #expect(dead.count > 200)
        let items = try r.store.read { tx in try dead.compactMap { try tx.retryItem(address: $0) } }
        let suppressed = items.filter { $0.state == .suppressed }
        let share = Double(suppressed.count) / Double(dead.count)
        let held = items.filter { $0.state == .held }
        print("list decay: \(suppressed.count) of \(dead.count) dead addresses suppressed (\(String(format: "%.1f", share * 100)) %), "
              + "\(held.count) still held (in probation at the end of the log), \(items.filter { $0.evidence == .repeatHardBounce }.count) by repeat hard bounce")
        #expect(share >= 0.95)
        #expect(held.allSatisfy { $0.bounces == 1 || $0.lastBounceAt - $0.firstBounceAt < RetryPolicy().repeatBounceGap },
                "only a first bounce is protected")
    }

    @Test func cutDeliveryLinesAreCountedAsRejectedAndTotalsStayExact() throws {
        let config = SimulationConfig(scenario: .quiet, seed: 9)
        let deliveries = TrafficSimulator(config: config).generate(from: config.start, to: config.start + 1800)
        var lines: [String] = [], cut = 0, kept: [SimulatedDelivery] = []
        for (n, d) in deliveries.enumerated() {
            let line = d.syslogLine
            if n % 40 == 7, let status = line.range(of: ", status=") {
                lines.append(String(line[..<status.lowerBound]))  // a shipper's line limit, a crash
                cut += 1
            } else {
                lines.append(line)
                kept.append(d)
            }
        }
        let dir = Fixture.tempDir()
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/mail.log", atomically: true, encoding: .utf8)
        let store = try Store(path: dir + "/bw.sqlite")
        let p = try IngestPipeline(store: store).ingest(path: dir + "/mail.log", format: .postfix)
        #expect(cut > 50)
        #expect(p.rejected == cut, "every cut delivery line is counted")
        #expect(p.events == kept.count)
        let report = try store.read { tx in try tx.report(from: nil, to: nil) }
        #expect(report.totals.attempts == kept.count)
        #expect(report.totals.bounced == kept.filter { $0.event.outcome == .bounced || $0.event.outcome == .expired }.count)
        print("cut lines: \(cut) of \(deliveries.count) delivery lines cut before status=, \(p.rejected) rejected, \(p.events) events")
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
