import Foundation

/// One provider's short-window state in one minute.
struct ProviderReading: Sendable {
    var name: String
    var attempts: Int
    var failures: Int
    /// The provider's baseline (floored); nil when it was not needed.
    var baseline: Double?
    var hasVolume: Bool
    var elevated = false
    var rising = false

    var rate: Double { attempts > 0 ? Double(failures) / Double(attempts) : 0 }
}

/// An open incident and what the detector tracks while it is open (persisted with the detector).
struct TrackedIncident: Codable, Sendable, Equatable {
    var incident: Incident
    /// Provider series whose pooled counts the incident follows (one for `provider` incidents).
    var members: [String]
    /// Failures per reason since the start, in `BounceReason.allCases` order.
    var reasonCounts: [Int]
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

    func baseline(provider: String, at t: Int, board: RateBoard) -> Double {
        let b = board.baseline(series: provider, endingAt: t, span: config.baselineSpanMinutes,
                               excludingRecent: config.baselineGapMinutes,
                               excluding: exclusions(for: provider, at: t), prior: config.baselinePrior)
        return max(b.addressFailureRate, config.baselineFloor)
    }

    func reading(provider: String, at t: Int, board: RateBoard) -> ProviderReading {
        let w = board.tally(series: provider, from: t - config.shortWindowMinutes + 1, through: t)
        var r = ProviderReading(name: provider, attempts: w.attempts, failures: w.addressFailures, baseline: nil,
                                hasVolume: w.attempts >= config.minAttempts)
        let rate = r.rate
        // Neither test can pass below floor + the smaller rise: skip the 6-hour baseline sum.
        guard r.hasVolume, rate >= config.baselineFloor + min(config.risingMinRise, config.minRise) else { return r }
        let p0 = baseline(provider: provider, at: t, board: board)
        r.baseline = p0
        let risingSize = rate >= config.risingMultiple * p0 && rate - p0 >= config.risingMinRise
        let elevatedSize = w.addressFailures >= config.minFailures && rate >= config.rateMultiple * p0
            && rate - p0 >= config.minRise
        guard risingSize || elevatedSize else { return r }
        let logP = BinomialTail.logUpperTail(successes: w.addressFailures, trials: w.attempts, probability: p0)
        r.elevated = elevatedSize && logP <= log(config.significance)
        r.rising = r.elevated || (risingSize && logP <= log(config.risingSignificance))
        return r
    }

    /// Opens an incident over `members` at minute `t`.
    mutating func open(kind: IncidentKind, members: [ProviderReading], at t: Int, board: RateBoard) -> DetectorEvent {
        let names = members.map(\.name)
        let n = members.reduce(0) { $0 + $1.attempts }
        let k = members.reduce(0) { $0 + $1.failures }
        // Sender-wide: the baseline the current traffic mix would have.
        let weighted = members.reduce(0.0) {
            $0 + Double($1.attempts) * ($1.baseline ?? baseline(provider: $1.name, at: t, board: board))
        }
        let p0 = n > 0 ? weighted / Double(n) : config.baselineFloor
        let rate = n > 0 ? Double(k) / Double(n) : 0
        var lower = t - config.changePointLookbackMinutes + 1
        for i in recentlyClosed where i.kind == .senderWide || names.contains(i.provider) {
            lower = max(lower, (i.closedAt ?? 0) / 60)
        }
        let start = changePoint(series: names, endingAt: t, notBefore: lower, p0: p0,
                                p1: max(rate, p0 * config.rateMultiple), board: board)
        var reasons = Tally()
        for name in names { reasons.add(board.tally(series: name, from: start, through: t, withReasons: true)) }
        let incident = Incident(
            id: nextID, provider: kind == .senderWide ? Incident.senderWideProvider : names[0], kind: kind,
            reasons: dominantReasons(reasons.reasons), startedAt: start * 60, detectedAt: (t + 1) * 60,
            peakRate: rate, peakAt: (t + 1) * 60, baselineRate: p0
        )
        nextID += 1
        tracked.append(TrackedIncident(incident: incident, members: names, reasonCounts: reasons.reasons,
                                       reportedPeak: rate, calmSince: nil))
        return .opened(incident)
    }

    /// Advances an open incident by minute `t`: reasons, peak, calm run; closes it when calm long enough.
    func follow(_ item: inout TrackedIncident, at t: Int, board: RateBoard) -> [DetectorEvent] {
        var events: [DetectorEvent] = []
        var window = Tally()
        for name in item.members {
            window.add(board.tally(series: name, from: t - config.shortWindowMinutes + 1, through: t))
            let minute = board.tally(series: name, from: t, through: t, withReasons: true)
            for i in item.reasonCounts.indices where i < minute.reasons.count { item.reasonCounts[i] += minute.reasons[i] }
        }
        item.incident.reasons = dominantReasons(item.reasonCounts)
        let rate = window.attempts > 0 ? Double(window.addressFailures) / Double(window.attempts) : 0
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
        let calm = near || BinomialTail.logUpperTail(successes: window.addressFailures, trials: window.attempts,
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
    func changePoint(series: [String], endingAt t: Int, notBefore lower: Int, p0: Double, p1: Double,
                     board: RateBoard) -> Int {
        guard p0 > 0, p1 > p0, p1 < 1 else { return t }
        let hit = log(p1 / p0), miss = log((1 - p1) / (1 - p0))
        var sum = 0.0, best = 0.0, bestStart = t
        var s = t
        while s >= lower {
            var k = 0, n = 0
            for name in series {
                let m = board.tally(series: name, from: s, through: s)
                k += m.addressFailures
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
