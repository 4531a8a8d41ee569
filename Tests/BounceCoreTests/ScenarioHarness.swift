import Foundation
@testable import BounceCore

/// Test-local stand-in for the classifier (being written elsewhere): the enhanced status decides,
/// and for vague codes (5.0.0, 5.5.0) a few reply phrases do, as the classifier's stages prescribe (BounceClassifier.swift).
func testReason(_ e: DeliveryEvent) -> BounceReason? {
    guard e.outcome != .delivered else { return nil }
    if e.outcome == .expired { return .expired }
    if let s = e.status {
        switch (s.klass, s.subject, s.detail) {
        case (5, 1, _): return .userUnknown          // 5.1.1, 5.1.6, 5.1.10
        case (4, 2, 2), (5, 2, 2): return .mailboxFull
        case (5, 7, _): return .policyBlocked
        case (4, 7, _): return .rateLimited          // 421/451 4.7.0, 4.7.1, 4.7.28, 4.7.650
        default: break
        }
    }
    let text = e.diagnostic.lowercased()
    if text.contains("does not exist") || text.contains("doesn't have") || text.contains("mailbox unavailable") {
        return .userUnknown
    }
    return .systemError
}

/// Drives the simulator, a board and a detector minute by minute, like the engine will.
struct ScenarioRun {
    var sim: TrafficSimulator
    var board = RateBoard()
    var detector: IncidentDetector
    let catalog = ProviderCatalog()
    /// Detector events with the minute whose evaluation produced them.
    var events: [(minute: Int, event: DetectorEvent)] = []
    var nextMinute: Int
    var deliveries = 0
    var providerMismatches = 0

    init(_ config: SimulationConfig, detector: IncidentDetector = IncidentDetector()) {
        sim = TrafficSimulator(config: config)
        self.detector = detector
        nextMinute = config.start / 60
    }

    /// Feeds and evaluates every minute up to and including `last` (epoch minute), evaluating
    /// every `every` minutes (1 = each completed minute).
    mutating func run(through last: Int, every: Int = 1) {
        while nextMinute <= last {
            let batch = sim.next(upTo: (nextMinute + 1) * 60)
            for d in batch { record(d) }
            if (nextMinute + 1) % every == 0 || nextMinute == last {
                events += detector.evaluate(minute: nextMinute, board: board).map { (nextMinute, $0) }
            }
            nextMinute += 1
        }
    }

    mutating func record(_ d: SimulatedDelivery) {
        let e = d.event
        let minute = Int(e.time.timeIntervalSince1970.rounded(.down)) / 60
        // The simulator's routing is checked against the catalog on a sample (the catalog's suffix
        // scan is the slowest step of a debug-build run; TrafficSimulatorTests checks every event).
        let provider = d.provider
        if deliveries % 61 == 0,
           catalog.provider(domain: e.recipientDomain, relayHost: e.relayHost, relayIP: e.relayIP) != provider {
            providerMismatches += 1
        }
        let reason = testReason(e)
        board.record(minute: minute, series: provider, outcome: e.outcome, reason: reason)
        if let group = RateBoard.appleGroup(domain: e.recipientDomain, provider: provider) {
            board.record(minute: minute, series: group, outcome: e.outcome, reason: reason)
        }
        deliveries += 1
    }

    var opened: [Incident] {
        events.compactMap { if case .opened(let i) = $0.event { return i } else { return nil } }
    }

    /// The final state of each incident (its last event).
    var incidents: [Incident] {
        var latest: [Int: Incident] = [:]
        for (_, e) in events { latest[e.incident.id] = e.incident }
        return latest.keys.sorted().map { latest[$0]! }
    }
}
