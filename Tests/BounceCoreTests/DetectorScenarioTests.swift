import Foundation
import Testing
@testable import BounceCore

/// The detector against simulated traffic, fed minute by minute as the engine will.
///
/// Measured with the default `DetectorConfig` at 200 msg/min (the tests print these lines):
/// - apple-incident, seeds 1–3 (17:00 UTC, 4-minute ramp to ~30 % of valid Apple mailboxes):
///   detected +180, +120, +180 s after the true start; estimated start 0, −60, 0 s off; closed
///   +17 to +18 min after the true end (5-minute window + 15 calm minutes); peak 39–41 % against a
///   1.5–2.5 % baseline; reasons [user-unknown, mailbox-full].
/// - sender-wide, seeds 1–3: one sender-wide incident detected +240, +180, +180 s after the start
///   (estimated start 0, 0, +60 s off), no provider incident.
/// - reputation-window, seeds 1–3 (every provider rejecting up to 10 % with policy wording, Apple
///   partly as `550 5.1.1`, 7 % more deferred, 8-minute ramp): one sender-wide incident on the
///   sender/policy class detected +300, +240, +240 s after the start, no provider incident.
/// - quiet, seeds 11–13, 24 h each (~290,000 attempts a day, a Yahoo throttle burst and a small
///   domain's 45-minute outage included): no incident. List decay (10 h, the invalid share rising
///   2 % → 7 % and 5 % of the audience dying): no incident.
@Suite("DetectorScenario")
struct DetectorScenarioTests {
    /// Runs `config` from its start until `minutesAfterIncident` after the incident window.
    static func run(_ config: SimulationConfig, until end: Int) -> ScenarioRun {
        var run = ScenarioRun(config)
        run.run(through: end / 60 - 1)
        #expect(run.providerMismatches == 0)
        return run
    }

    /// 75 minutes of history before the incident (at 17:00 UTC, as on 2019-08-08), enough for a
    /// baseline; the prior covers the first minutes.
    static func incidentConfig(_ scenario: Scenario, seed: UInt64) -> SimulationConfig {
        let incident = SimulationConfig.defaultStart + 3 * 3600
        return SimulationConfig(scenario: scenario, seed: seed, start: incident - 75 * 60, incidentStart: incident)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func appleIncidentIsOneAppleProviderIncident(seed: UInt64) throws {
        let config = Self.incidentConfig(.appleIncident, seed: seed)
        let truth = try #require(config.incidentWindow)
        let run = Self.run(config, until: truth.upperBound + 40 * 60)
        let incidents = run.incidents
        #expect(incidents.count == 1, "\(incidents)")
        let incident = try #require(incidents.first)
        #expect(incident.kind == .provider)
        #expect(incident.provider == "apple")
        #expect(!incidents.contains { $0.kind == .senderWide })
        // Detected within five minutes of the true start; the start estimated within three.
        let delay = incident.detectedAt - truth.lowerBound
        #expect(delay > 0 && delay <= 5 * 60, "detection delay \(delay) s")
        #expect(abs(incident.startedAt - truth.lowerBound) <= 3 * 60, "start error \(incident.startedAt - truth.lowerBound) s")
        // Closed after the spike ended.
        let closed = try #require(incident.closedAt)
        #expect(closed > truth.upperBound)
        #expect(closed - truth.upperBound <= 30 * 60, "closed \(closed - truth.upperBound) s after the end")
        #expect(incident.reasons.contains(.userUnknown))
        #expect(incident.peakRate > 0.15 && incident.baselineRate < 0.05)
        // The timeline stays short: opened, at most two peaks, closed.
        #expect(run.events.count <= 4, "\(run.events.map(\.event.name))")
        #expect(run.detector.isIncidentOpen(provider: "apple", at: truth.lowerBound + 600))
        #expect(!run.detector.isIncidentOpen(provider: "google", at: truth.lowerBound + 600))
        print("[detector] apple-incident seed \(seed): detected +\(delay) s after the true start, "
              + "start estimate \(incident.startedAt - truth.lowerBound) s, closed +\(closed - truth.upperBound) s "
              + "after the true end, recovered est. \((incident.recoveredAt ?? 0) - truth.upperBound) s, "
              + "peak \(Int(incident.peakRate * 1000)) ‰ vs baseline \(Int(incident.baselineRate * 1000)) ‰, "
              + "reasons \(incident.reasons.map(\.rawValue))")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func senderWideIsOneSenderWideIncident(seed: UInt64) throws {
        let config = Self.incidentConfig(.senderWide, seed: seed)
        let truth = try #require(config.incidentWindow)
        let run = Self.run(config, until: truth.upperBound + 40 * 60)
        let incidents = run.incidents
        let wide = incidents.filter { $0.kind == .senderWide }
        #expect(wide.count == 1, "\(incidents)")
        #expect(!incidents.contains { $0.kind == .provider }, "\(incidents)")
        let incident = try #require(wide.first)
        #expect(incident.provider == "*")
        #expect(incident.reasons.contains(.userUnknown))
        #expect(incident.closedAt != nil)
        #expect(!run.detector.isIncidentOpen(provider: "apple", at: truth.lowerBound + 600), "no holds")
        print("[detector] sender-wide seed \(seed): detected +\(incident.detectedAt - truth.lowerBound) s, "
              + "start estimate \(incident.startedAt - truth.lowerBound) s, reasons \(incident.reasons.map(\.rawValue))")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func reputationWindowIsOneSenderWideIncidentAndNoAppleIncident(seed: UInt64) throws {
        let config = Self.incidentConfig(.reputation, seed: seed)
        let truth = try #require(config.incidentWindow)
        let run = Self.run(config, until: truth.upperBound + 40 * 60)
        let incidents = run.incidents
        let wide = incidents.filter { $0.kind == .senderWide }
        #expect(wide.count == 1, "\(incidents)")
        #expect(!incidents.contains { $0.kind == .provider }, "Apple's 5.1.1-worded rejections are part of it: \(incidents)")
        let incident = try #require(wide.first)
        let delay = incident.detectedAt - truth.lowerBound
        #expect(delay > 0 && delay <= 5 * 60, "detection delay \(delay) s")
        #expect(incident.reasons.contains(.policyBlocked), "\(incident.reasons)")
        #expect(incident.failureClass == .sender || incident.failureClass == .deferral, "\(String(describing: incident.failureClass))")
        #expect(incident.closedAt != nil)
        #expect(!run.detector.isIncidentOpen(provider: "apple", at: truth.lowerBound + 1200), "no holds")
        // The window really did hit Apple with 5.1.1 wording.
        let appleUnknown = run.board.window(series: "apple", minutes: 30, endingAt: truth.lowerBound / 60 + 40)
        #expect(appleUnknown.reasons[.userUnknown, default: 0] > 20)
        print("[detector] reputation-window seed \(seed): sender-wide on \(incident.failureClass?.rawValue ?? "?") "
              + "detected +\(delay) s, start estimate \(incident.startedAt - truth.lowerBound) s, "
              + "peak \(Int(incident.peakRate * 1000)) ‰ vs baseline \(Int(incident.baselineRate * 1000)) ‰, "
              + "reasons \(incident.reasons.map(\.rawValue))")
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func quietDayHasNoIncidents(seed: UInt64) throws {
        let config = SimulationConfig(scenario: .quiet, seed: seed)
        let run = Self.run(config, until: config.start + 24 * 3600)
        #expect(run.events.isEmpty, "\(run.events.map(\.event))")
        #expect(run.deliveries > 250_000)
        // The day had a Yahoo throttle burst and a small domain's outage, and neither is an incident.
        let burst = try #require(config.throttle)
        let throttled = run.board.window(series: "yahoo", minutes: burst.minutes, endingAt: burst.start / 60 + burst.minutes - 1)
        #expect(throttled.deferralRate > 0.3, "throttle burst: \(throttled.deferralRate)")
        let outage = try #require(config.outage)
        let other = run.board.window(series: "other", minutes: 30, endingAt: outage.start / 60 + 30)
        #expect(other.deferralRate > 0.1, "outage: \(other.deferralRate)")
    }

    @Test func listDecayHasNoIncident() {
        // Overnight and into the morning: low volume while the decay starts, as lists age unnoticed.
        var config = SimulationConfig(scenario: .listDecay, seed: 4, start: SimulationConfig.defaultStart - 14 * 3600)
        config.decayHours = 8
        config.decayExtraInvalid = 0.05
        let run = Self.run(config, until: config.start + 10 * 3600)
        #expect(run.events.isEmpty, "\(run.events.map(\.event))")
        // The decay is real: the address-failure rate more than doubled.
        let early = run.board.window(series: "google", minutes: 60, endingAt: config.start / 60 + 60).addressFailureRate
        let late = run.board.window(series: "google", minutes: 60, endingAt: config.start / 60 + 599).addressFailureRate
        #expect(late > 2 * early, "\(early) → \(late)")
    }
}
