import Foundation

/// Seeded, deterministic mail traffic for the demo and the detector's scenario tests.
///
/// An audience of recipients per provider (mostly valid mailboxes that deliver again and again,
/// so "known-good" evidence builds up, plus a small share of genuinely invalid ones) is mailed at
/// `messagesPerMinute` on a diurnal curve with campaign bursts. Each attempt gets a reply in its
/// provider's own words, Postfix-style retries follow deferrals, and the `Scenario` adds an Apple
/// incident, a sender-wide problem or slow list decay on top.
///
/// ```swift
/// var sim = TrafficSimulator(config: SimulationConfig(scenario: .appleIncident, seed: 7))
/// let firstHour = sim.next(upTo: sim.config.start + 3600)     // incremental (live demo)
/// let all = TrafficSimulator(config: sim.config).generate(from: a, to: b)   // all at once
/// ```
///
/// Same config, same output, on every run and platform: the only randomness is `SplitMix64`.
public struct TrafficSimulator: Sendable {
    public let config: SimulationConfig
    let profiles: [ProviderProfile]
    /// Audience per provider (index parallel to `profiles`).
    let audience: [[Recipient]]
    let providerCumulative: [Double]
    let domainCumulative: [[Double]]
    let pids: [Int]
    var rng: SplitMix64
    /// Next epoch minute to generate.
    var nextMinute: Int
    /// Generated, not yet handed out; sorted by time.
    var buffer: [SimulatedDelivery] = []
    var retries: [Retry] = []
    var lineNumber = 0
    /// Incident intensity (0…1, ramps and per-minute jitter included) of the minute being generated.
    var minuteLevel = 0.0
    let scenario: Scenario
    let sendingIP: String
    let window: Range<Int>?

    /// Postfix gives up logging retries in our horizon after this many attempts.
    static let maxAttempts = 5

    public init(config: SimulationConfig) {
        self.config = config
        profiles = ProviderProfile.builtIn
        providerCumulative = TrafficSimulator.cumulative(profiles.map(\.share))
        domainCumulative = profiles.map { TrafficSimulator.cumulative($0.domains.map(\.weight)) }
        var poolRNG = SplitMix64(seed: SplitMix64.mix(config.seed ^ 0xA11C_E5ED))
        // One person per address: two recipients sharing one (a live and a dead mailbox) would
        // make the ground truth contradict itself.
        var used = Set<String>()
        audience = profiles.enumerated().map { p, profile in
            let count = max(50, Int(Double(config.audienceSize) * profile.share))
            let cumulative = TrafficSimulator.cumulative(profile.domains.map(\.weight))
            return (0..<count).map { _ in
                let d = TrafficSimulator.pick(cumulative, poolRNG.unit())
                let valid = !poolRNG.chance(config.invalidShare)
                var local = AudienceNames.local(for: profile.domains[d].name, rng: &poolRNG)
                while !used.insert("\(local)@\(profile.domains[d].name)").inserted {
                    local = AudienceNames.local(for: profile.domains[d].name, rng: &poolRNG)
                }
                let full = valid && poolRNG.chance(config.fullMailboxShare)
                let hash = poolRNG.next()
                // List decay: a share of the valid audience dies during the day (keyed on the
                // recipient's own hash, so the audience itself is the same in every scenario).
                var diesAt: Int?
                if config.scenario == .listDecay, valid, SplitMix64.unit(hashing: config.seed, hash, 21) < config.dyingShare {
                    diesAt = config.start + Int(SplitMix64.unit(hashing: config.seed, hash, 22) * config.decayHours * 3600)
                }
                return Recipient(address: "\(local)@\(profile.domains[d].name)", provider: p, domain: d,
                                 valid: valid, full: full, hash: hash, diesAt: diesAt)
            }
        }
        rng = SplitMix64(seed: config.seed)
        var pidRNG = SplitMix64(seed: SplitMix64.mix(config.seed ^ 0x9D1D))
        pids = (0..<8).map { _ in 2_000 + pidRNG.below(60_000) }
        nextMinute = TrafficSimulator.floorDiv(config.start, 60)
        scenario = config.scenario
        sendingIP = config.sendingIP
        window = config.incidentWindow
    }

    /// The true incident period `[start, end)` in epoch seconds (nil when the scenario has none).
    public var incidentWindow: Range<Int>? { config.incidentWindow }

    /// Every attempt with a time before `time` (epoch seconds) not yet returned, in time order.
    /// Successive calls continue where the last one stopped (the live demo's accelerated clock).
    public mutating func next(upTo time: Int) -> [SimulatedDelivery] {
        while nextMinute * 60 < time {
            generate(minute: nextMinute)
            nextMinute += 1
        }
        var cut = buffer.count
        while cut > 0, buffer[cut - 1].epochSecond >= time { cut -= 1 }
        guard cut < buffer.count else {
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        let out = Array(buffer[..<cut])
        buffer.removeFirst(cut)
        return out
    }

    /// All attempts with `from ≤ time < to`, from a fresh run of this config (independent of any
    /// `next(upTo:)` calls made on this value).
    public func generate(from: Int, to: Int) -> [SimulatedDelivery] {
        var fresh = TrafficSimulator(config: config)
        return fresh.next(upTo: to).filter { $0.epochSecond >= from }
    }

    // MARK: Generation

    struct Work {
        var second: Int
        var micro: Int
        var recipient: Recipient
        var queueID: String?
        var enqueued: Double
        var attempt: Int
    }

    mutating func generate(minute m: Int) {
        let t0 = m * 60
        let jitter = 0.85 + 0.3 * SplitMix64.unit(hashing: config.seed, UInt64(bitPattern: Int64(m)), 7)
        minuteLevel = config.incidentLevel(at: t0 + 30) * jitter
        var work: [Work] = []
        // Retries due this minute (always scheduled ≥ 5 minutes ahead, so never this minute's own).
        var kept: [Retry] = []
        for r in retries {
            if r.due < t0 + 60 {
                work.append(Work(second: max(r.due, t0), micro: r.micro, recipient: r.recipient,
                                 queueID: r.queueID, enqueued: r.enqueued, attempt: r.attempt))
            } else {
                kept.append(r)
            }
        }
        retries = kept
        let count = rng.poisson(config.messagesPerMinute * volumeFactor(minute: m))
        let stale = staleShare(minute: m)
        for _ in 0..<count {
            let second = t0 + rng.below(60)
            let micro = rng.below(1_000_000)
            let p = TrafficSimulator.pick(providerCumulative, rng.unit())
            let recipient: Recipient
            if stale > 0, rng.chance(stale) {
                recipient = staleRecipient(provider: p)
            } else {
                recipient = audience[p][rng.below(audience[p].count)]
            }
            guard second >= config.start else { continue }
            work.append(Work(second: second, micro: micro, recipient: recipient, queueID: nil,
                             enqueued: Double(second) + Double(micro) / 1e6 - 0.3, attempt: 1))
        }
        for i in TrafficSimulator.timeOrder(work, minuteStart: t0) { buffer.append(attempt(work[i])) }
    }

    mutating func attempt(_ w: Work) -> SimulatedDelivery {
        let r = w.recipient
        let p = r.provider, dx = r.domain
        let domainName = profiles[p].domains[dx].name
        let appleMailbox = profiles[p].domains[dx].appleMailbox
        let (kind, caused) = replyKind(for: r, domain: domainName, appleMailbox: appleMailbox, at: w.second)
        let reply = profiles[p].domains[dx].style.reply(kind, to: r.address, domain: domainName, ourIP: sendingIP, rng: &rng)
        let relayIndex = rng.below(profiles[p].domains[dx].relays.count)
        let host = profiles[p].domains[dx].relays[relayIndex].host
        let ips = profiles[p].domains[dx].relays[relayIndex].ips.count
        let ip = profiles[p].domains[dx].relays[relayIndex].ips[rng.below(ips)]
        let queueID = w.queueID ?? hex(&rng, 10)
        let now = Double(w.second) + Double(w.micro) / 1e6

        // delays=a/b/c/d: a grows with time in the queue on retries.
        let a = w.attempt == 1 ? 0.01 + rng.unit() * 0.4 : max(0, now - w.enqueued - 1)
        let b = rng.chance(0.7) ? 0 : rng.unit() * 0.05
        var c = 0.1 + rng.unit() * 1.2
        var d: Double
        switch reply.form {
        case .sent: d = 0.1 + rng.unit() * 2.5
        case .said(let stage): d = stage == .endOfData ? 0.1 + rng.unit() * 2 : rng.unit() * 0.3
        case .refused: d = 0
        case .connectFailed:
            c = 30
            d = 0
        }
        if reply.outcome == .deferred, w.attempt < TrafficSimulator.maxAttempts {
            // Postfix: minimal_backoff_time 300 s doubling to maximal_backoff_time 4000 s, plus the
            // queue scan interval.
            let backoff = min(4000, 300 << (w.attempt - 1)) + rng.below(300)
            retries.append(Retry(due: w.second + backoff, micro: rng.below(1_000_000), recipient: r,
                                 queueID: queueID, enqueued: w.enqueued, attempt: w.attempt + 1))
        }
        lineNumber += 1
        let stage: SMTPStage?
        switch reply.form {
        case .said(let s): stage = s
        case .refused, .connectFailed: stage = .connect
        case .sent: stage = nil
        }
        let event = DeliveryEvent(
            time: Date(timeIntervalSince1970: now), format: .postfix, queueID: queueID, recipient: r.address,
            recipientDomain: domainName, relayHost: host, relayIP: ip, replyCode: reply.code,
            status: reply.dsn, stage: stage, outcome: reply.outcome, diagnostic: reply.text, line: lineNumber
        )
        return SimulatedDelivery(
            event: event, provider: profiles[p].name, addressIsValid: r.isValid(at: w.second),
            duringIncident: inIncidentScope(appleMailbox: appleMailbox, at: w.second), causedByIncident: caused,
            epochSecond: w.second, microsecond: w.micro, hostname: config.hostname,
            pid: pids[rng.below(pids.count)], delays: PostfixDelays(a, b, c, d), form: reply.form
        )
    }

    /// What the remote side answers `r` at `time`, and whether the simulated incident caused it.
    mutating func replyKind(for r: Recipient, domain: String, appleMailbox: Bool, at time: Int) -> (ReplyKind, Bool) {
        if let outage = config.outage, outage.covers(time), outage.domain == domain { return (.unreachable, false) }
        if !r.isValid(at: time) { return (.userUnknown, false) }
        let level = minuteLevel
        if level > 0 {
            switch scenario {
            case .appleIncident where appleMailbox:
                // A consistent subset of mailboxes (a user-database shard) fails, growing with the level.
                let u = Double(r.hash >> 11) * 0x1.0p-53
                if u < level * config.incidentPeakFraction {
                    return (r.hash & 0xFF < 205 ? .incidentUnknown : .incidentOverquota, true)  // ~80 % / 20 %
                }
            case .senderWide where time >= config.incidentStart + 600:
                if rng.chance(config.blocklistShare * level) { return (.blocklisted, true) }
            case .reputation:
                if rng.chance(config.reputationBlockShare * level) {
                    let apple = profiles[r.provider].name == Provider.appleName
                    return (apple && rng.chance(config.appleUnknownWordedShare) ? .reputationUnknown : .reputationBlock, true)
                }
                if rng.chance(config.reputationDeferShare * level) { return (.rateLimited, true) }
            default:
                break
            }
        }
        if let burst = config.throttle, burst.covers(time), burst.provider == profiles[r.provider].name,
           rng.chance(burst.share) {
            return (.rateLimited, false)
        }
        if r.full { return (.mailboxFull, false) }
        if rng.chance(config.rateLimitShare) { return (.rateLimited, false) }
        if rng.chance(config.systemErrorShare) { return (.systemError, false) }
        return (.accepted, false)
    }

    func inIncidentScope(appleMailbox: Bool, at time: Int) -> Bool {
        guard let w = window, w.contains(time) else { return false }
        return scenario == .senderWide || scenario == .reputation || appleMailbox
    }

    /// Share of sends that go to addresses outside the audience (stale segment, decaying list).
    func staleShare(minute m: Int) -> Double {
        switch config.scenario {
        case .senderWide:
            let level = config.incidentLevel(at: m * 60 + 30)
            guard level > 0 else { return 0 }
            let jitter = 0.85 + 0.3 * SplitMix64.unit(hashing: config.seed, UInt64(m), 11)
            return config.incidentPeakFraction * level * jitter
        case .listDecay:
            let hours = Double(m * 60 - config.start) / 3600
            return config.decayExtraInvalid * max(0, min(1, hours / config.decayHours))
        case .quiet, .appleIncident, .reputation:
            return 0
        }
    }

    mutating func staleRecipient(provider p: Int) -> Recipient {
        let profile = profiles[p]
        let d = TrafficSimulator.pick(domainCumulative[p], rng.unit())
        let local = AudienceNames.staleLocal(rng: &rng)
        let invalidShare = config.scenario == .listDecay ? 1 : config.staleInvalidShare
        return Recipient(address: "\(local)@\(profile.domains[d].name)", provider: p, domain: d,
                         valid: !rng.chance(invalidShare), full: false, hash: rng.next(), diesAt: nil)
    }

    /// Diurnal curve (low at 03:00 UTC, high at 15:00) times campaign bursts: each hour, with a
    /// 20 % chance, a 15–30 minute send at 1.6–2.2× volume. Stateless per minute.
    func volumeFactor(minute m: Int) -> Double {
        let secondOfDay = ((m * 60) % 86400 + 86400) % 86400
        let hour = Double(secondOfDay) / 3600
        let diurnal = 1 + config.diurnalAmplitude * cos(2 * Double.pi * (hour - 15) / 24)
        var burst = 1.0
        let h = TrafficSimulator.floorDiv(m, 60)
        for hh in [h - 1, h] {
            let key = UInt64(bitPattern: Int64(hh))
            guard SplitMix64.unit(hashing: config.seed, key, 1) < 0.2 else { continue }
            let start = hh * 60 + Int(SplitMix64.unit(hashing: config.seed, key, 2) * 60)
            let length = 15 + Int(SplitMix64.unit(hashing: config.seed, key, 3) * 16)
            if m >= start, m < start + length {
                burst = max(burst, 1.6 + 0.6 * SplitMix64.unit(hashing: config.seed, key, 4))
            }
        }
        return max(0, diurnal) * burst
    }

    /// Indices of `work` in time order, ties in generation order: a counting sort on the second,
    /// then insertion sort within each second (a few items). Generic sorts are slow in debug builds
    /// and this runs for every simulated minute.
    static func timeOrder(_ work: [Work], minuteStart t0: Int) -> [Int] {
        let n = work.count
        var start = [Int](repeating: 0, count: 61)
        for w in work { start[w.second - t0 + 1] += 1 }
        for s in 1...60 { start[s] += start[s - 1] }
        var order = [Int](repeating: 0, count: n)
        var next = start
        for i in 0..<n {
            let s = work[i].second - t0
            order[next[s]] = i
            next[s] += 1
        }
        for s in 0..<60 where start[s + 1] - start[s] > 1 {
            var j = start[s] + 1
            while j < start[s + 1] {
                let item = order[j]
                let micro = work[item].micro
                var k = j - 1
                while k >= start[s], work[order[k]].micro > micro {
                    order[k + 1] = order[k]
                    k -= 1
                }
                order[k + 1] = item
                j += 1
            }
        }
        return order
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        let total = weights.reduce(0, +)
        var running = 0.0
        return weights.map { running += $0 / total; return running }
    }

    static func pick(_ cumulative: [Double], _ u: Double) -> Int {
        cumulative.firstIndex { u < $0 } ?? cumulative.count - 1
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : (a - b + 1) / b }
}

/// A recipient of the simulated audience (or a stale address sent to by mistake).
struct Recipient: Sendable {
    let address: String
    let provider: Int
    let domain: Int
    /// Ground truth: the mailbox exists.
    let valid: Bool
    /// A valid mailbox that is full.
    let full: Bool
    /// Stable per-recipient randomness (which mailboxes an Apple incident hits).
    let hash: UInt64
    /// List decay: when the mailbox stops existing (nil: never).
    let diesAt: Int?

    /// Ground truth at `time`: the mailbox exists.
    func isValid(at time: Int) -> Bool { valid && diesAt.map { time < $0 } ?? true }
}

/// A deferred message waiting for its next attempt.
struct Retry: Sendable {
    let due: Int
    let micro: Int
    let recipient: Recipient
    let queueID: String
    let enqueued: Double
    let attempt: Int
}
