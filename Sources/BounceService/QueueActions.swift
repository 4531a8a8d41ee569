import BounceCore
import Foundation

/// Operator actions on the retry queue and the timeline (docs/DECISIONS.md, "Retry queue"): release, suppress, notes,
/// hold expiry. Each action is one transaction; release effects (export file, command) run
/// inside it, so a failing effect rolls everything back and the items stay held.
public struct QueueActions: Sendable {
    public let store: any BounceStorage
    public var releaser: (any Releaser)?

    public init(store: any BounceStorage, releaser: (any Releaser)? = nil) {
        self.store = store
        self.releaser = releaser
    }

    /// Builds the releaser a config asks for (export file and/or command), or nil.
    public static func releaser(for settings: ReleaseSettings) -> (any Releaser)? {
        var steps: [any Releaser] = []
        if let f = settings.exportFile { steps.append(ExportFileReleaser(path: f, format: settings.exportFormat)) }
        if let c = settings.command { steps.append(CommandReleaser(argv: c, timeoutSeconds: settings.timeoutSeconds)) }
        return steps.isEmpty ? nil : ReleaserChain(steps)
    }

    /// What to release.
    public enum Scope: Sendable, Equatable {
        /// These addresses, whatever non-released state they are in (un-suppress included).
        case addresses([String])
        /// Everything held for one incident.
        case incident(Int)
        /// Everything held.
        case allHeld
    }

    /// The outcome of a release or suppress.
    public struct Result: Sendable, Equatable {
        /// Addresses that changed state.
        public var changed: [String] = []
        /// Addresses named but not changed, with why.
        public var skipped: [(address: String, why: String)] = []

        public static func == (a: Result, b: Result) -> Bool {
            a.changed == b.changed && a.skipped.map(\.address) == b.skipped.map(\.address)
        }
    }

    /// Releases addresses: runs the release effects, then moves them to `released` with an audit
    /// row each and (for more than one, or an incident) a bulk entry on the timeline.
    public func release(_ scope: Scope, by: String, note: String? = nil, now: Int = Int(Date().timeIntervalSince1970)) throws -> Result {
        try store.transaction { tx in
            var result = Result()
            var candidates: [String]
            var incidentID: Int?
            let from: Set<RetryState>
            switch scope {
            case let .addresses(list):
                from = [.held, .suppressed, .expired]
                candidates = []
                for raw in Self.unique(list) {
                    let a = raw.lowercased()
                    guard let item = try tx.retryItem(address: a) else {
                        result.skipped.append((raw, "not in the queue"))
                        continue
                    }
                    if from.contains(item.state) { candidates.append(a) } else { result.skipped.append((raw, "already \(item.state.rawValue)")) }
                }
            case let .incident(id):
                guard try tx.incident(id: id) != nil else { throw StoreError.notFound("incident \(id)") }
                from = [.held]
                incidentID = id
                candidates = try tx.addresses(incidentID: id, state: .held)
            case .allHeld:
                from = [.held]
                candidates = try tx.addresses(state: .held)
            }
            if releaser is CommandReleaser || (releaser as? ReleaserChain)?.steps.contains(where: { $0 is CommandReleaser }) == true {
                let unsafe = candidates.filter { !CommandReleaser.isLineSafe($0) }
                candidates.removeAll { !CommandReleaser.isLineSafe($0) }
                result.skipped += unsafe.map { ($0, "contains a line break; cannot be passed one per line to the release command") }
            }
            guard !candidates.isEmpty else { return result }
            if let releaser {
                let items = try candidates.compactMap { try tx.retryItem(address: $0) }
                try releaser.release(candidates, context: ReleaseContext(operatorName: by, incidentID: incidentID, note: note, items: items))
            }
            result.changed = try tx.transition(addresses: candidates, from: from, to: .released, by: by,
                                               evidence: .operatorAction, incidentID: incidentID, at: now, note: note)
            if result.changed.count > 1 || incidentID != nil || scope == .allHeld {
                let what = switch scope {
                case .incident(let id): "released \(Self.count(result.changed.count)) of incident \(id)"
                case .allHeld: "released all \(Self.count(result.changed.count)) held"
                case .addresses: "released \(Self.count(result.changed.count))"
                }
                try tx.addTimeline(TimelineEntry(at: now, incidentID: incidentID, kind: .bulk, by: by,
                                                 text: what + (note.map { " — \($0)" } ?? "")))
            }
            return result
        }
    }

    /// Suppresses addresses (an operator confirming they are really gone).
    public func suppress(_ addresses: [String], by: String, note: String? = nil, now: Int = Int(Date().timeIntervalSince1970)) throws -> Result {
        try store.transaction { tx in
            var result = Result()
            var candidates: [String] = []
            for raw in Self.unique(addresses) {
                let a = raw.lowercased()
                guard let item = try tx.retryItem(address: a) else { result.skipped.append((raw, "not in the queue")); continue }
                if item.state == .suppressed { result.skipped.append((raw, "already suppressed")) } else { candidates.append(a) }
            }
            result.changed = try tx.transition(addresses: candidates, from: [.held, .released, .expired], to: .suppressed,
                                               by: by, evidence: .operatorAction, incidentID: nil, at: now, note: note)
            if result.changed.count > 1 {
                try tx.addTimeline(TimelineEntry(at: now, incidentID: nil, kind: .bulk, by: by,
                                                 text: "suppressed \(Self.count(result.changed.count))" + (note.map { " — \($0)" } ?? "")))
            }
            return result
        }
    }

    /// Adds an operator note to the timeline.
    @discardableResult
    public func addNote(kind: TimelineKind, text: String, incidentID: Int?, by: String,
                        now: Int = Int(Date().timeIntervalSince1970)) throws -> TimelineEntry {
        try store.transaction { tx in
            if let incidentID, try tx.incident(id: incidentID) == nil { throw StoreError.notFound("incident \(incidentID)") }
            var e = TimelineEntry(at: now, incidentID: incidentID, kind: kind, by: by, text: text)
            e.id = try tx.addTimeline(e)
            return e
        }
    }

    /// Moves items held longer than the hold limit to `expired`.
    public func expireHolds(policy: RetryPolicy, now: Int = Int(Date().timeIntervalSince1970)) throws -> Int {
        // Same rule as after each ingest batch (there on event time, here on wall time).
        try store.transaction { tx in try BatchApplier(policy: policy).expireHolds(asOf: now, in: tx) }
    }

    static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0.lowercased()).inserted }
    }

    /// "1 address", "1,204 addresses".
    static func count(_ n: Int) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: "en_US_POSIX")
        f.usesGroupingSeparator = true
        f.groupingSeparator = ","
        return (f.string(from: NSNumber(value: n)) ?? String(n)) + (n == 1 ? " address" : " addresses")
    }
}
