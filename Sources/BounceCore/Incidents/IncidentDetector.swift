import Foundation

/// Opens, follows and closes incidents from a `RateBoard`, one completed minute at a time
/// (docs/ARCHITECTURE.md, "Rates and incidents").
///
/// For each provider it tests the failure rate of each `FailureClass` (address, sender/policy,
/// message/system scope, and deferrals) over the short window against the provider's own
/// baseline (see `DetectorConfig`). One provider's address-scope rate elevated while the others
/// are not rising → a `provider` incident; most providers with volume rising together in any one
/// class → one `senderWide` incident (provider `"*"`), never one per provider, and while it is
/// open no provider incident opens (an Apple reputation rejection worded `550 5.1.1` is part of
/// it). One provider's deferral burst (a throttle) or one domain's outage moves one provider's
/// deferral or system rate only: no incident. The start is the change point found by a
/// CUSUM scan back over per-minute counts, not the detection time.
///
/// ```swift
/// var detector = IncidentDetector()
/// for minute in completedMinutes {            // in order; gaps are fine
///     for event in detector.evaluate(minute: minute, board: board) { timeline.append(event) }
/// }
/// ```
///
/// A value type with no clock reads: the engine stores it (`Codable`) in the same transaction as
/// the counters, and a restart continues exactly; replaying a log reproduces the same events.
public struct IncidentDetector: Codable, Sendable, Equatable {
    public var config: DetectorConfig
    /// The last minute evaluated (nil before the first call). Earlier or equal minutes are ignored.
    public internal(set) var lastEvaluatedMinute: Int?
    /// The id the next incident gets.
    public internal(set) var nextID = 1
    /// Open incidents with their running state.
    var tracked: [TrackedIncident] = []
    /// Incidents closed within `config.closedRetentionMinutes`, oldest first.
    public internal(set) var recentlyClosed: [Incident] = []
    /// Providers elevated while a minority of others rise: the minute the ambiguity began.
    var pendingSince: [String: Int] = [:]

    public init(config: DetectorConfig = DetectorConfig()) {
        self.config = config
    }

    /// Incidents currently open, in the order they opened.
    public var openIncidents: [Incident] { tracked.map(\.incident) }

    /// True when a `provider`-kind incident of `provider` covers `time` (epoch seconds): open and
    /// started at or before `time`, or closed after it (recently closed incidents are kept).
    /// Sender-wide incidents never count: they must not trigger holds.
    public func isIncidentOpen(provider: String, at time: Int) -> Bool {
        incident(provider: provider, at: time) != nil
    }

    /// The `provider`-kind incident of `provider` covering `time`, newest first.
    public func incident(provider: String, at time: Int) -> Incident? {
        let all = recentlyClosed + openIncidents
        return all.last { $0.kind == .provider && $0.provider == provider && $0.covers(time) }
    }

    /// Evaluates every minute after the last evaluated one up to `minute` (epoch minute) against
    /// `board`, returning the timeline events in order. Call once per newly completed minute.
    public mutating func evaluate(minute: Int, board: RateBoard) -> [DetectorEvent] {
        var events: [DetectorEvent] = []
        var t = lastEvaluatedMinute.map { $0 + 1 } ?? minute
        guard t <= minute else { return [] }
        if minute - t > config.maxCatchUpMinutes {
            // A long hole in the log: its minutes are empty, so after enough of them every open
            // incident has closed and nothing else can happen until the data resumes.
            let settle = t + config.shortWindowMinutes + config.closeMinutes + 1
            while t < settle {
                events += step(t, board: board)
                t += 1
            }
            t = minute - config.shortWindowMinutes
        }
        while t <= minute {
            events += step(t, board: board)
            t += 1
        }
        lastEvaluatedMinute = minute
        return events
    }

    // MARK: One minute

    mutating func step(_ t: Int, board: RateBoard) -> [DetectorEvent] {
        var events: [DetectorEvent] = []
        let readings = config.providers.map { reading(provider: $0, at: t, board: board) }

        // 1. Follow open incidents: reasons, peak, calm run, close.
        var stillOpen: [TrackedIncident] = []
        for var item in tracked {
            events += follow(&item, at: t, board: board)
            if item.incident.isOpen { stillOpen.append(item) } else { recentlyClosed.append(item.incident) }
        }
        tracked = stillOpen
        let retainFrom = (t - config.closedRetentionMinutes) * 60
        recentlyClosed.removeAll { ($0.closedAt ?? Int.max) < retainFrom }

        // 2. Sender-wide: most providers with volume rising together in one failure class, at
        //    least one of them elevated in it. Any class counts: a reputation window is policy
        //    blocks and 4.7.x deferrals everywhere with hardly any address-scope failures.
        let withOpenProvider = Set(tracked.filter { $0.incident.kind == .provider }.map(\.incident.provider))
        let senderWideOpen = tracked.contains { $0.incident.kind == .senderWide }
        let candidates = readings.filter { $0.hasVolume && !withOpenProvider.contains($0.name) }
        if !senderWideOpen, let c = senderWideClass(candidates) {
            events.append(open(kind: .senderWide, members: candidates, on: c, at: t, board: board))
            pendingSince = [:]
            return events
        }
        if senderWideOpen {
            // Everyone's rise is explained by the sender-wide incident.
            pendingSince = [:]
            return events
        }

        // 3. Provider incidents: elevated while the others with volume are not rising (in the
        //    address or sender class: a throttle or an outage elsewhere is no ambiguity).
        for r in readings {
            guard r.elevated, !withOpenProvider.contains(r.name) else {
                pendingSince[r.name] = nil
                continue
            }
            let othersRising = candidates.contains { $0.name != r.name && $0.risingWithCause }
            let waited = pendingSince[r.name].map { t - $0 >= config.ambiguityWaitMinutes } ?? false
            if !othersRising || waited {
                pendingSince[r.name] = nil
                events.append(open(kind: .provider, members: [r], on: .address, at: t, board: board))
            } else if pendingSince[r.name] == nil {
                pendingSince[r.name] = t
            }
        }
        return events
    }

    /// The class in which most `candidates` rise together (≥ 2 of them, more than half, one
    /// elevated), preferring the class with the most risers, then `FailureClass` order.
    func senderWideClass(_ candidates: [ProviderReading]) -> FailureClass? {
        var best: (c: FailureClass, risers: Int)?
        for c in FailureClass.allCases {
            let risers = candidates.filter { $0.rising(c) }
            guard risers.count >= 2, risers.count * 2 > candidates.count, risers.contains(where: { $0.elevated(c) })
            else { continue }
            if best.map({ risers.count > $0.risers }) ?? true { best = (c, risers.count) }
        }
        return best?.c
    }
}
