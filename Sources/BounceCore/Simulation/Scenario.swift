/// What the simulated day looks like (the demo and the detector's scenario tests).
public enum Scenario: String, Sendable, Codable, CaseIterable {
    /// A normal day: a low background of genuinely invalid addresses bouncing 5.1.1 at every
    /// provider, a few full mailboxes, rate limits and timeouts. No incident.
    case quiet
    /// Normal traffic plus an Apple-only incident: for ~40 minutes Apple's MX answers a growing
    /// share of **valid** icloud.com / me.com / mac.com / iCloud-hosted mailboxes
    /// `550 5.1.1 <x>: user does not exist` or `452 4.2.2 user is overquota` (the 2019-08-08 pattern).
    case appleIncident = "apple-incident"
    /// Our own trouble, seen at every provider at once: a stale list segment is mailed by mistake
    /// (5.1.1 everywhere, in each provider's words), and ten minutes in its spam traps get our IP
    /// listed (5.7.1 / banner refusals). The detector must call it sender-wide.
    case senderWide = "sender-wide"
    /// An ageing list: mailboxes that took our mail earlier die at random times during the day
    /// (on every provider) and answer 5.1.1 from then on, and invalid-address bounces of newly
    /// acquired addresses rise slowly. No incident; the dead addresses must end suppressed.
    case listDecay = "list-decay"
    /// A sender-reputation window: for about an hour every provider refuses a growing share of
    /// our mail with policy codes in its own words (Gmail 550-5.7.1, Microsoft S3140, Yahoo
    /// BL21/TSS04, Apple `[CS01]` and — to valid mailboxes — Apple's `550 5.1.1 user does not
    /// exist`) and defers more (421 4.7.x). One sender-wide incident, no Apple incident, no holds.
    case reputation = "reputation-window"
}

/// One provider answering a share of its attempts with 4.7.x deferrals for a few minutes (a
/// throttle: benign, not an incident).
public struct ThrottleBurst: Sendable, Codable, Equatable {
    public var provider: String
    /// Epoch seconds.
    public var start: Int
    public var minutes: Int
    /// Share of the provider's attempts deferred while it lasts.
    public var share: Double
    public init(provider: String, start: Int, minutes: Int, share: Double) {
        self.provider = provider
        self.start = start
        self.minutes = minutes
        self.share = share
    }
    func covers(_ time: Int) -> Bool { time >= start && time < start + minutes * 60 }
}

/// One small domain whose MX cannot be reached for a while (every attempt times out and is
/// deferred): an outage of theirs, not an incident of ours.
public struct DomainOutage: Sendable, Codable, Equatable {
    public var domain: String
    public var start: Int
    public var minutes: Int
    public init(domain: String, start: Int, minutes: Int) {
        self.domain = domain
        self.start = start
        self.minutes = minutes
    }
    func covers(_ time: Int) -> Bool { time >= start && time < start + minutes * 60 }
}

/// Knobs of the simulator. Defaults give ~200 messages/minute with a realistic provider mix.
public struct SimulationConfig: Sendable, Codable, Equatable {
    public var scenario: Scenario
    public var seed: UInt64
    /// First simulated second (epoch seconds).
    public var start: Int
    /// Mean messages per minute over a day; the diurnal curve and campaign bursts vary around it.
    public var messagesPerMinute: Double = 200
    /// Diurnal swing: volume is `1 + a·cos(2π(hour − 15)/24)` times the mean (UTC; low at 03:00).
    public var diurnalAmplitude: Double = 0.6
    /// Recipients in the audience (split by provider share); each is mailed many times a day.
    public var audienceSize: Int = 24_000
    /// Share of the audience that is genuinely invalid (always bounces 5.1.1).
    public var invalidShare: Double = 0.018
    /// Share of valid mailboxes that are full (deferred or bounced as over quota).
    public var fullMailboxShare: Double = 0.003
    /// Per-attempt chance of a rate-limit deferral (421/451 4.7.x).
    public var rateLimitShare: Double = 0.004
    /// Per-attempt chance of transient trouble (timeouts, 4.3.x).
    public var systemErrorShare: Double = 0.002

    /// True start of the incident (epoch seconds); `appleIncident` and `senderWide` only.
    public var incidentStart: Int
    /// Incident length, ramps included.
    public var incidentMinutes: Int = 40
    public var rampUpMinutes: Int = 4
    public var rampDownMinutes: Int = 5
    /// Apple: share of affected valid mailboxes at the peak. Sender-wide: share of sends that go
    /// to the stale segment at the peak.
    public var incidentPeakFraction: Double = 0.3
    /// Sender-wide: share of stale-segment addresses that no longer exist.
    public var staleInvalidShare: Double = 0.6
    /// Sender-wide: per-attempt chance of a blocklist rejection once listed (10 minutes in).
    public var blocklistShare: Double = 0.06

    /// List decay: extra invalid share reached after `decayHours` (linear from 0).
    public var decayExtraInvalid: Double = 0.04
    public var decayHours: Double = 10
    /// List decay: share of the valid audience whose mailbox dies at a uniformly random time in
    /// the first `decayHours` (after receiving our mail before).
    public var dyingShare: Double = 0.05

    /// Reputation window: per-attempt chance, at the peak, of a policy rejection…
    public var reputationBlockShare: Double = 0.10
    /// …and of a 4.7.x reputation deferral.
    public var reputationDeferShare: Double = 0.07
    /// Share of Apple's reputation rejections worded `550 5.1.1 user does not exist`.
    public var appleUnknownWordedShare: Double = 0.35

    /// Background phenomena that must not open incidents (quiet, list-decay and reputation
    /// scenarios get one of each by default, two and four hours in).
    public var throttle: ThrottleBurst?
    public var outage: DomainOutage?

    /// Our MTA's syslog host name and sending IP (for reply texts).
    public var hostname: String = "mta1"
    public var sendingIP: String = "203.0.113.25"

    /// 2019-08-08 14:00 UTC: three hours before the day Apple answered valid mailboxes 5.1.1.
    public static let defaultStart = 1_565_272_800

    /// A config for `scenario`; the incident (if any) starts three hours after `start`, so the
    /// detector has a baseline.
    public init(scenario: Scenario, seed: UInt64 = 1, start: Int = SimulationConfig.defaultStart,
                incidentStart: Int? = nil) {
        self.scenario = scenario
        self.seed = seed
        self.start = start
        self.incidentStart = incidentStart ?? start + 3 * 3600
        switch scenario {
        case .reputation:
            incidentMinutes = 60
            rampUpMinutes = 8
            rampDownMinutes = 8
        case .appleIncident, .senderWide:
            break
        case .quiet, .listDecay:
            throttle = ThrottleBurst(provider: "yahoo", start: start + 2 * 3600, minutes: 6, share: 0.5)
            outage = DomainOutage(domain: "mailbox.org", start: start + 4 * 3600, minutes: 45)
        }
    }

    /// The true incident period `[start, end)` in epoch seconds, nil for scenarios without one.
    public var incidentWindow: Range<Int>? {
        switch scenario {
        case .appleIncident, .senderWide, .reputation: return incidentStart..<(incidentStart + incidentMinutes * 60)
        case .quiet, .listDecay: return nil
        }
    }

    /// The incident's intensity at `time` (0…1 of the peak), ramps included, before jitter.
    func incidentLevel(at time: Int) -> Double {
        guard let w = incidentWindow, w.contains(time) else { return 0 }
        let sinceStart = Double(time - w.lowerBound) / 60
        let untilEnd = Double(w.upperBound - time) / 60
        let up = rampUpMinutes > 0 ? min(1, (sinceStart + 0.5) / Double(rampUpMinutes)) : 1
        let down = rampDownMinutes > 0 ? min(1, untilEnd / Double(rampDownMinutes)) : 1
        return max(0, min(up, down))
    }
}
