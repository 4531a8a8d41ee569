import Foundation

/// One provider's short-window state in one minute, per `FailureClass`.
struct ProviderReading: Sendable {
    var name: String
    var attempts: Int
    /// Failures per class, in `FailureClass.allCases` order.
    var failures: [Int]
    /// The provider's baseline per class (floored); nil when it was not needed.
    var baselines: [Double?]
    var hasVolume: Bool
    var elevatedIn: [Bool] = [false, false, false, false]
    var risingIn: [Bool] = [false, false, false, false]

    func rate(_ c: FailureClass) -> Double { attempts > 0 ? Double(failures[c.index]) / Double(attempts) : 0 }
    func elevated(_ c: FailureClass) -> Bool { elevatedIn[c.index] }
    func rising(_ c: FailureClass) -> Bool { risingIn[c.index] }
    /// Address-scope failures far above baseline: what a provider incident needs.
    var elevated: Bool { elevatedIn[FailureClass.address.index] }
    /// Rising in a class that says something about the mail itself (address or sender/policy);
    /// a deferral-only or system-error rise elsewhere (a throttle, an outage) does not make an
    /// Apple spike ambiguous.
    var risingWithCause: Bool { risingIn[FailureClass.address.index] || risingIn[FailureClass.sender.index] }
}

/// An open incident and what the detector tracks while it is open (persisted with the detector).
struct TrackedIncident: Codable, Sendable, Equatable {
    var incident: Incident
    /// Provider series whose pooled counts the incident follows (one for `provider` incidents).
    var members: [String]
    /// Failures per reason since the start, in `BounceReason.allCases` order.
    var reasonCounts: [Int]
    /// The class whose rate the incident follows (nil in state saved before classes existed:
    /// address).
    var failureClass: FailureClass?
    /// The last peak rate put on the timeline (the opening rate counts).
    var reportedPeak: Double
    /// First minute of the current run of calm minutes.
    var calmSince: Int?
}

extension IncidentDetector {
    /// Minutes of `provider`'s history to leave out of its baseline: its own incidents and
    /// sender-wide ones, open or recently closed.
    func exclusions(for provider: String, at t: Int) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        for i in recentlyClosed where i.kind == .senderWide || i.provider == provider {
            let first = i.startedAt / 60, last = (i.closedAt ?? (t + 1) * 60) / 60 - 1
            if first <= last { spans.append(first...last) }
        }
        for item in tracked where item.incident.kind == .senderWide || item.incident.provider == provider {
            let first = item.incident.startedAt / 60
            if first <= t { spans.append(first...t) }
        }
        return spans
    }

    /// The provider's baseline rate of each class, floored: the higher of its trailing
    /// `baselineSpanMinutes` and its last `recentBaselineMinutes` (both before the gap). The
    /// recent span lets the baseline follow a slow drift (a list decaying all day long lifts
    /// every provider's address-failure rate by several points) that a 6-hour mean lags behind;
    /// a real spike is minutes old when tested, so it is inside the gap and in neither span.
    func baselines(provider: String, at t: Int, board: RateBoard) -> [Double] {
        let last = t - config.baselineGapMinutes
        let excluded = exclusions(for: provider, at: t)
        let long = board.tally(series: provider, from: last - max(1, config.baselineSpanMinutes) + 1, through: last,
                               excluding: excluded, withReasons: true)
        let recent = config.recentBaselineMinutes > 0
            ? board.tally(series: provider, from: last - config.recentBaselineMinutes + 1, through: last,
                          excluding: excluded, withReasons: true)
            : Tally()
        let prior = config.baselinePrior
        let w = max(0, prior.weight)
        func shrunk(_ h: Tally, _ c: FailureClass, _ p: Double) -> Double {
            let denominator = Double(h.attempts) + w
            return denominator > 0 ? (Double(h.failures(c)) + p * w) / denominator : p
        }
        return FailureClass.allCases.map { c in
            let p = c == .deferral ? prior.deferralRate : prior.addressFailureRate
            return max(shrunk(long, c, p), shrunk(recent, c, p), config.baselineFloor)
        }
    }

    func reading(provider: String, at t: Int, board: RateBoard) -> ProviderReading {
        let w = board.tally(series: provider, from: t - config.shortWindowMinutes + 1, through: t, withReasons: true)
        var r = ProviderReading(name: provider, attempts: w.attempts, failures: FailureClass.allCases.map { w.failures($0) },
                                baselines: [nil, nil, nil, nil], hasVolume: w.attempts >= config.minAttempts)
        guard r.hasVolume else { return r }
        // Neither test can pass below floor + the smaller rise: skip the 6-hour baseline sum.
        let smallest = config.baselineFloor + min(config.risingMinRise, config.minRise)
        guard FailureClass.allCases.contains(where: { r.rate($0) >= smallest }) else { return r }
        let p0s = baselines(provider: provider, at: t, board: board)
        for c in FailureClass.allCases {
            let i = c.index, rate = r.rate(c), p0 = p0s[i], k = r.failures[i]
            r.baselines[i] = p0
            let risingSize = rate >= config.risingMultiple * p0 && rate - p0 >= config.risingMinRise
            let elevatedSize = k >= config.minFailures && rate >= config.rateMultiple * p0 && rate - p0 >= config.minRise
            guard risingSize || elevatedSize else { continue }
            let logP = BinomialTail.logUpperTail(successes: k, trials: w.attempts, probability: p0)
            r.elevatedIn[i] = elevatedSize && logP <= log(config.significance)
            r.risingIn[i] = r.elevatedIn[i] || (risingSize && logP <= log(config.risingSignificance))
        }
        return r
    }

    /// Opens an incident over `members` at minute `t`.
    mutating func open(kind: IncidentKind, members: [ProviderReading], on c: FailureClass, at t: Int,
                       board: RateBoard) -> DetectorEvent {
        let names = members.map(\.name)
        let n = members.reduce(0) { $0 + $1.attempts }
        let k = members.reduce(0) { $0 + $1.failures[c.index] }
        // Sender-wide: the baseline the current traffic mix would have.
        let weighted = members.reduce(0.0) {
            $0 + Double($1.attempts) * ($1.baselines[c.index] ?? baselines(provider: $1.name, at: t, board: board)[c.index])
        }
        let p0 = n > 0 ? weighted / Double(n) : config.baselineFloor
        let rate = n > 0 ? Double(k) / Double(n) : 0
        var lower = t - config.changePointLookbackMinutes + 1
        for i in recentlyClosed where i.kind == .senderWide || names.contains(i.provider) {
            lower = max(lower, (i.closedAt ?? 0) / 60)
        }
        let start = changePoint(series: names, on: c, endingAt: t, notBefore: lower, p0: p0,
                                p1: max(rate, p0 * config.rateMultiple), board: board)
        var reasons = Tally()
        for name in names { reasons.add(board.tally(series: name, from: start, through: t, withReasons: true)) }
        let incident = Incident(
            id: nextID, provider: kind == .senderWide ? Incident.senderWideProvider : names[0], kind: kind,
            reasons: dominantReasons(reasons.reasons), startedAt: start * 60, detectedAt: (t + 1) * 60,
            peakRate: rate, peakAt: (t + 1) * 60, baselineRate: p0, failureClass: c
        )
        nextID += 1
        tracked.append(TrackedIncident(incident: incident, members: names, reasonCounts: reasons.reasons,
                                       failureClass: c, reportedPeak: rate, calmSince: nil))
        return .opened(incident)
    }

    /// Advances an open incident by minute `t`: reasons, peak, calm run; closes it when calm long enough.
    func follow(_ item: inout TrackedIncident, at t: Int, board: RateBoard) -> [DetectorEvent] {
        var events: [DetectorEvent] = []
        var window = Tally()
        let c = item.failureClass ?? .address
        for name in item.members {
            window.add(board.tally(series: name, from: t - config.shortWindowMinutes + 1, through: t,
                                   withReasons: c == .sender || c == .message))
            let minute = board.tally(series: name, from: t, through: t, withReasons: true)
            for i in item.reasonCounts.indices where i < minute.reasons.count { item.reasonCounts[i] += minute.reasons[i] }
        }
        item.incident.reasons = dominantReasons(item.reasonCounts)
        let failures = window.failures(c)
        let rate = window.attempts > 0 ? Double(failures) / Double(window.attempts) : 0
        if rate > item.incident.peakRate {
            item.incident.peakRate = rate
            item.incident.peakAt = (t + 1) * 60
        }
        // Report a material new peak once the climb stops, so a ramp is one entry, not five.
        if rate < item.incident.peakRate, item.incident.peakRate >= item.reportedPeak * (1 + config.peakGrowth) {
            item.reportedPeak = item.incident.peakRate
            events.append(.peak(item.incident))
        }
        let p0 = item.incident.baselineRate
        let near = rate <= max(p0 * config.closeMultiple, p0 + config.closeMargin)
        let calm = near || BinomialTail.logUpperTail(successes: failures, trials: window.attempts,
                                                     probability: p0) > log(config.closeSignificance)
        guard calm else {
            item.calmSince = nil
            return events
        }
        let since = item.calmSince ?? t
        item.calmSince = since
        if t - since + 1 >= config.closeMinutes {
            item.incident.closedAt = (t + 1) * 60
            item.incident.recoveredAt = max(item.incident.startedAt, (since - config.shortWindowMinutes + 1) * 60)
            events.append(.closed(item.incident))
        }
        return events
    }

    /// The change point: the start `s` maximising the log-likelihood ratio of "rate p1 since s"
    /// against "rate p0 throughout" over the per-minute counts of `s...t` (a CUSUM scanned back).
    /// Ties go to the later minute; returns `t` when no earlier minute supports the change.
    func changePoint(series: [String], on c: FailureClass = .address, endingAt t: Int, notBefore lower: Int,
                     p0: Double, p1: Double, board: RateBoard) -> Int {
        guard p0 > 0, p1 > p0, p1 < 1 else { return t }
        let hit = log(p1 / p0), miss = log((1 - p1) / (1 - p0))
        var sum = 0.0, best = 0.0, bestStart = t
        var s = t
        while s >= lower {
            var k = 0, n = 0
            for name in series {
                let m = board.tally(series: name, from: s, through: s, withReasons: c == .sender || c == .message)
                k += m.failures(c)
                n += m.attempts
            }
            sum += Double(k) * hit + Double(n - k) * miss
            if sum > best {
                best = sum
                bestStart = s
            }
            s -= 1
        }
        return bestStart
    }

    /// The top reasons by count (at most `maxReasons`, each with ≥ `reasonShare` of the top count).
    func dominantReasons(_ counts: [Int]) -> [BounceReason] {
        let ranked = counts.enumerated().filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
        guard let top = ranked.first?.element else { return [] }
        return ranked.prefix(max(1, config.maxReasons))
            .filter { Double($0.element) >= config.reasonShare * Double(top) }
            .map { BounceReason.allCases[$0.offset] }
    }
}
