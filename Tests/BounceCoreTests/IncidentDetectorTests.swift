import Foundation
import Testing
@testable import BounceCore

@Suite("IncidentDetector")
struct IncidentDetectorTests {
    let t0 = 26_087_880  // 2019-08-08 14:00 UTC as an epoch minute
    let providers = RateBoard.providerOrder

    /// Records `attempts` per minute for `series` over `minutes`, `failures` of them user-unknown bounces.
    func fill(_ board: inout RateBoard, _ series: String, _ minutes: Range<Int>, attempts: Int, failures: Int) {
        for m in minutes {
            board.record(minute: m, series: series, outcome: .delivered, reason: nil, count: attempts - failures)
            board.record(minute: m, series: series, outcome: .bounced, reason: .userUnknown, count: failures)
        }
    }

    /// Two quiet hours for every provider: 100 attempts a minute, 2 % address failures.
    func quietBoard(minutes: Int = 120) -> RateBoard {
        var b = RateBoard()
        for p in providers { fill(&b, p, t0..<(t0 + minutes), attempts: 100, failures: 2) }
        return b
    }

    func evaluate(_ d: inout IncidentDetector, _ b: RateBoard, _ minutes: ClosedRange<Int>) -> [DetectorEvent] {
        minutes.flatMap { d.evaluate(minute: $0, board: b) }
    }

    // MARK: Binomial tail

    @Test func binomialTailMatchesExactValues() {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
        // Values from exact rational sums.
        #expect(close(BinomialTail.logUpperTail(successes: 22, trials: 200, probability: 0.02), log(1.5351144050180814e-10)))
        #expect(close(BinomialTail.logUpperTail(successes: 8, trials: 60, probability: 0.02), log(2.5919616266247347e-05)))
        #expect(close(BinomialTail.upperTail(successes: 8, trials: 10, probability: 0.5), 56.0 / 1024))
        #expect(close(BinomialTail.upperTail(successes: 1, trials: 10, probability: 0.5), 1023.0 / 1024))
        // Far below Double's range: still exact in log space.
        #expect(close(BinomialTail.logUpperTail(successes: 200, trials: 200, probability: 0.02), 200 * log(0.02)))
        #expect(BinomialTail.logUpperTail(successes: 600, trials: 1000, probability: 0.02) < -1500)
        #expect(BinomialTail.logUpperTail(successes: 0, trials: 10, probability: 0.1) == 0)
        #expect(BinomialTail.logUpperTail(successes: 11, trials: 10, probability: 0.1) == -.infinity)
        #expect(BinomialTail.logUpperTail(successes: 3, trials: 10, probability: 0) == -.infinity)
        // Monotone in k.
        let tails = (0...50).map { BinomialTail.logUpperTail(successes: $0, trials: 300, probability: 0.03) }
        #expect(zip(tails, tails.dropFirst()).allSatisfy { $0 >= $1 })
    }

    // MARK: Opening and closing

    @Test func quietTrafficOpensNothing() {
        let b = quietBoard(minutes: 480)
        var d = IncidentDetector()
        #expect(evaluate(&d, b, t0...(t0 + 479)).isEmpty)
        #expect(d.openIncidents.isEmpty && d.lastEvaluatedMinute == t0 + 479)
    }

    @Test func appleOnlySpikeIsAProviderIncident() throws {
        let spike = t0 + 120
        // Apple goes to 40 % for 30 minutes, then back to 2 %.
        var b = RateBoard()
        for p in providers where p != "apple" { fill(&b, p, t0..<(t0 + 200), attempts: 100, failures: 2) }
        fill(&b, "apple", t0..<spike, attempts: 100, failures: 2)
        fill(&b, "apple", spike..<(spike + 30), attempts: 100, failures: 40)
        fill(&b, "apple", (spike + 30)..<(t0 + 200), attempts: 100, failures: 2)
        var d = IncidentDetector()
        let events = evaluate(&d, b, t0...(t0 + 199))
        let opened = try #require(events.first)
        guard case .opened(let incident) = opened else { Issue.record("first event \(opened)"); return }
        #expect(incident.kind == .provider && incident.provider == "apple" && incident.id == 1)
        #expect(incident.startedAt == spike * 60, "change point = first spike minute")
        #expect(incident.detectedAt <= (spike + 1) * 60, "one spike minute is enough at this size")
        #expect(incident.reasons == [.userUnknown])
        #expect(abs(incident.baselineRate - 0.02) < 0.002)
        let closed = try #require(events.last)
        guard case .closed(let final) = closed else { Issue.record("last event \(closed)"); return }
        #expect(final.id == 1)
        // Calm windows start once the window has left the spike; 15 of them close.
        #expect(final.closedAt == (spike + 30 + 4 + 15) * 60)
        #expect(final.recoveredAt == (spike + 30) * 60)
        #expect(abs(final.peakRate - 0.40) < 1e-9)
        #expect(events.count == 3, "opened, one peak, closed: \(events.map(\.name))")
        #expect(d.openIncidents.isEmpty)
        #expect(d.isIncidentOpen(provider: "apple", at: spike * 60 + 600))
        #expect(!d.isIncidentOpen(provider: "apple", at: spike * 60 - 1))
        #expect(!d.isIncidentOpen(provider: "apple", at: final.closedAt!))
        #expect(!d.isIncidentOpen(provider: "google", at: spike * 60 + 600))
    }

    @Test func threeBouncesOfFiveAtNightIsNotAnIncident() {
        var b = RateBoard()
        // A quiet night: one Apple attempt every few minutes, all delivered.
        for m in stride(from: t0, to: t0 + 240, by: 3) { fill(&b, "apple", m..<(m + 1), attempts: 1, failures: 0) }
        fill(&b, "apple", (t0 + 240)..<(t0 + 241), attempts: 5, failures: 3)
        var d = IncidentDetector()
        #expect(evaluate(&d, b, t0...(t0 + 260)).isEmpty)
        // The same 60 % at daytime volume is one.
        fill(&b, "apple", (t0 + 300)..<(t0 + 301), attempts: 100, failures: 60)
        let events = evaluate(&d, b, (t0 + 261)...(t0 + 301))
        #expect(events.count == 1)
        #expect(events.first?.incident.provider == "apple")
    }

    @Test func everyoneRisingIsOneSenderWideIncident() throws {
        var b = RateBoard()
        let rise = t0 + 120
        for (i, p) in providers.enumerated() {
            fill(&b, p, t0..<rise, attempts: 60 + 20 * i, failures: 1 + i % 2)
            fill(&b, p, rise..<(rise + 20), attempts: 60 + 20 * i, failures: (60 + 20 * i) / 4)
            fill(&b, p, (rise + 20)..<(rise + 60), attempts: 60 + 20 * i, failures: 1 + i % 2)
        }
        var d = IncidentDetector()
        let events = evaluate(&d, b, t0...(rise + 59))
        let incidents = Set(events.map(\.incident.id))
        #expect(incidents == [1], "\(events)")
        let first = try #require(events.first?.incident)
        #expect(first.kind == .senderWide && first.provider == "*")
        #expect(first.startedAt == rise * 60)
        #expect(events.last.map { if case .closed = $0 { true } else { false } } == true)
        #expect(!d.isIncidentOpen(provider: "apple", at: rise * 60 + 300), "sender-wide never holds")
    }

    @Test func twoProvidersOfFiveIsNotSenderWide() {
        var b = quietBoard(minutes: 150)
        fill(&b, "apple", (t0 + 120)..<(t0 + 150), attempts: 100, failures: 35)
        fill(&b, "yahoo", (t0 + 120)..<(t0 + 150), attempts: 100, failures: 35)
        var d = IncidentDetector()
        let opened = evaluate(&d, b, t0...(t0 + 149)).filter { $0.name == "opened" }.map(\.incident)
        // Each is elevated while another rises: the ambiguity wait, then one incident each.
        #expect(opened.map(\.kind) == [.provider, .provider])
        #expect(Set(opened.map(\.provider)) == ["apple", "yahoo"])
        #expect(opened.allSatisfy { $0.startedAt == (t0 + 120) * 60 })
    }

    // MARK: Replay, persistence and gaps

    @Test func evaluatingTwiceOrBackwardsDoesNothing() {
        var b = quietBoard()
        fill(&b, "apple", (t0 + 100)..<(t0 + 120), attempts: 100, failures: 50)
        var d = IncidentDetector()
        let first = evaluate(&d, b, t0...(t0 + 119))
        #expect(first.count == 1)
        let snapshot = d
        #expect(d.evaluate(minute: t0 + 119, board: b).isEmpty)
        #expect(d.evaluate(minute: t0 + 50, board: b).isEmpty)
        #expect(d == snapshot)
    }

    @Test func longGapClosesOpenIncidents() throws {
        var b = quietBoard()
        fill(&b, "apple", (t0 + 100)..<(t0 + 120), attempts: 100, failures: 50)
        var d = IncidentDetector()
        _ = evaluate(&d, b, t0...(t0 + 119))
        #expect(d.openIncidents.count == 1)
        // The log resumes three days later.
        let later = t0 + 119 + 3 * 1440
        fill(&b, "apple", later..<(later + 1), attempts: 100, failures: 2)
        let events = d.evaluate(minute: later, board: b)
        let closed = try #require(events.first { $0.name == "closed" })
        #expect(closed.incident.closedAt! < (t0 + 200) * 60, "closed where its calm run ended, not at the resume")
        #expect(d.openIncidents.isEmpty && d.lastEvaluatedMinute == later)
    }

    @Test func skippedMinutesGiveTheSameIncidents() {
        let incident = SimulationConfig.defaultStart + 3 * 3600
        let config = SimulationConfig(scenario: .appleIncident, seed: 5, start: incident - 60 * 60, incidentStart: incident)
        let end = (incident + 75 * 60) / 60
        var each = ScenarioRun(config)
        each.run(through: end)
        var sparse = ScenarioRun(config)
        sparse.run(through: end, every: 7)
        #expect(!each.events.isEmpty)
        #expect(sparse.events.map(\.event) == each.events.map(\.event))
    }

    @Test func persistedMidIncidentContinuesIdentically() throws {
        let incident = SimulationConfig.defaultStart + 3 * 3600
        let config = SimulationConfig(scenario: .appleIncident, seed: 8, start: incident - 60 * 60, incidentStart: incident)
        var sim = TrafficSimulator(config: config)
        var run = ScenarioRun(config)  // only its record() and board are used
        var original = IncidentDetector()
        var restored: IncidentDetector?
        var restoredBoard: RateBoard?
        var afterCheckpoint: [DetectorEvent] = []  // the original's events after the checkpoint
        var restoredEvents: [DetectorEvent] = []
        let checkpoint = incident / 60 + 12  // incident open, its peak not yet reported
        for m in (config.start / 60)...((incident + 80 * 60) / 60) {
            let batch = sim.next(upTo: (m + 1) * 60)
            for d in batch { run.record(d) }
            if var board = restoredBoard {
                for d in batch { board.record(from: d, catalog: run.catalog) }
                restoredBoard = board
            }
            let events = original.evaluate(minute: m, board: run.board)
            if var r = restored, let board = restoredBoard {
                afterCheckpoint += events
                restoredEvents += r.evaluate(minute: m, board: board)
                restored = r
            }
            if m == checkpoint {
                #expect(original.openIncidents.count == 1)
                let encoder = JSONEncoder()
                restored = try JSONDecoder().decode(IncidentDetector.self, from: encoder.encode(original))
                restoredBoard = try JSONDecoder().decode(RateBoard.self, from: encoder.encode(run.board))
                #expect(restored == original)
                #expect(restoredBoard == run.board)
            }
        }
        #expect(afterCheckpoint.map(\.name).contains("closed"))
        #expect(restoredEvents == afterCheckpoint)
        #expect(restored == original)
    }

    @Test func partialConfigKeepsDefaults() throws {
        let json = #"{"minAttempts": 50, "significance": 1e-8, "providers": ["apple", "google"]}"#
        let c = try JSONDecoder().decode(DetectorConfig.self, from: Data(json.utf8))
        #expect(c.minAttempts == 50 && c.significance == 1e-8 && c.providers == ["apple", "google"])
        #expect(c.rateMultiple == 3 && c.closeMinutes == 15 && c.shortWindowMinutes == 5)
        let back = try JSONDecoder().decode(DetectorConfig.self, from: JSONEncoder().encode(c))
        #expect(back == c)
        #expect(IncidentKind.senderWide.rawValue == "sender-wide")
    }
}

extension RateBoard {
    /// Records a simulated delivery the way `ScenarioRun` does (for a second, restored board).
    mutating func record(from d: SimulatedDelivery, catalog: ProviderCatalog) {
        let e = d.event
        let minute = Int(e.time.timeIntervalSince1970.rounded(.down)) / 60
        let provider = catalog.provider(domain: e.recipientDomain, relayHost: e.relayHost, relayIP: e.relayIP)
        let reason = testReason(e)
        record(minute: minute, series: provider, outcome: e.outcome, reason: reason)
        if let group = RateBoard.appleGroup(domain: e.recipientDomain, provider: provider) {
            record(minute: minute, series: group, outcome: e.outcome, reason: reason)
        }
    }
}
