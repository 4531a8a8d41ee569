import BounceCore
import BounceStore
import ConsoleUI
import Foundation

/// The rates pane's data: a `RateBoard` rebuilt from the stored per-minute counters and kept up
/// to date incrementally, so a refresh reads only the last few minutes instead of hours of rows.
///
/// Counters only grow, and new traffic lands in the newest minutes, so each refresh re-reads the
/// rows of the last `lookback` minutes and records the difference against what it saw before.
/// Anything unusual (a jump of more than `span`, a counter that shrank) triggers a full reload.
final class RateCache {
    /// Minutes loaded on a full reload: 6 h baseline + 15 min gap + 60 min chart, with margin.
    static let span = 8 * 60
    /// Minutes re-read on every refresh (late lines of the last minutes still count there).
    static let lookback = 10

    struct Key: Hashable {
        var minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?
    }

    private(set) var board = RateBoard()
    private var seen: [Key: Int] = [:]
    private(set) var newest: Int?
    /// Rows read by the last refresh (tests and benchmarks check the incremental path).
    private(set) var lastRowsRead = 0

    /// Brings the board up to date inside the snapshot's read transaction.
    func refresh(_ tx: StoreTransaction) throws {
        guard let top = try tx.newestMinute() else { reset(); return }
        var full = newest == nil || top - (newest ?? top) > Self.span || top < (newest ?? top)
        if !full {
            let rows = try tx.minuteSeries(since: (newest ?? top) - Self.lookback)
            full = !apply(rows)
            lastRowsRead = rows.count
        }
        if full {
            reset()
            let rows = try tx.minuteSeries(since: top - Self.span)
            _ = apply(rows)
            lastRowsRead = rows.count
        }
        if top != newest { seen = seen.filter { $0.key.minute >= top - Self.lookback - 1 } }
        newest = top
    }

    private func reset() { board = RateBoard(); seen = [:]; newest = nil }

    /// Records deltas; false when a counter went backwards (the store was replaced or rewound).
    private func apply(_ rows: [(minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?, count: Int)]) -> Bool {
        for r in rows {
            let k = Key(minute: r.minute, domain: r.domain, provider: r.provider, outcome: r.outcome, reason: r.reason)
            let delta = r.count - seen[k, default: 0]
            if delta < 0 { return false }
            seen[k] = r.count
            guard delta > 0 else { continue }
            board.record(minute: r.minute, series: r.provider, outcome: r.outcome, reason: r.reason, count: delta)
            if let g = RateBoard.appleGroup(domain: r.domain, provider: r.provider) {
                board.record(minute: r.minute, series: g, outcome: r.outcome, reason: r.reason, count: delta)
            }
        }
        return true
    }

    /// Rate rows in display order: each provider, with Apple's groups right under `apple`.
    func rows(at minute: Int, extraProviders: [String], incidents: [IncidentRecord]) -> [RateRow] {
        let open = incidents.filter { $0.closedAt == nil }
        var out: [RateRow] = []
        let providers = RateBoard.providerOrder + extraProviders.filter {
            !RateBoard.providerOrder.contains($0) && board.contains(series: $0)
        }
        for p in providers {
            let elevated = open.contains { $0.provider == p || $0.kind == "sender-wide" }
            out.append(row(series: p, name: p, kind: .provider, at: minute, provider: p, incidents: incidents, elevated: elevated))
            guard p == Provider.appleName else { continue }
            for g in RateBoard.appleGroups {
                var r = row(series: g, name: Self.displayName(g), kind: .appleGroup, at: minute, provider: p,
                            incidents: incidents, elevated: false)
                // A group is flagged when Apple has an open incident and this group carries it.
                if elevated, let w = r.windows[.m5], w.attempts >= 10,
                   w.bounceRate >= max(2 * r.baselineRate, r.baselineRate + 0.02) { r.elevated = true }
                r.queueFilter = Self.queueFilter(g)
                out.append(r)
            }
        }
        return out
    }

    private func row(series: String, name: String, kind: RateRow.Kind, at minute: Int, provider: String,
                     incidents: [IncidentRecord], elevated: Bool) -> RateRow {
        let trend = ConsoleUI.Trend(rawValue: board.trend(series: series, endingAt: minute).rawValue) ?? .flat
        var windows: [ConsoleUI.RateWindow: WindowRates] = [:]
        for (w, minutes) in [(ConsoleUI.RateWindow.m5, 5), (.m15, 15), (.h1, 60)] {
            let r = board.window(series: series, minutes: minutes, endingAt: minute)
            windows[w] = WindowRates(attempts: r.attempts, bounceRate: r.bounceRate, deferralRate: r.deferralRate, trend: trend)
        }
        // The baseline leaves out this provider's incidents, so a long incident does not become normal.
        let excluded = incidents.filter { $0.provider == provider || $0.kind == "sender-wide" }
            .map { ($0.startedAt / 60)...max($0.startedAt / 60, ($0.closedAt ?? minute * 60) / 60) }
        let baseline = board.baseline(series: series, endingAt: minute, excluding: excluded).bounceRate
        let history: [Double?] = board.history(series: series, minutes: 60, endingAt: minute).map { p in
            p.delivered + p.bounced > 0 ? p.bounceRate : (p.attempts > 0 ? 0 : nil)
        }
        return RateRow(name: name, kind: kind, windows: windows, baselineRate: baseline, history: history, elevated: elevated)
    }

    static func displayName(_ group: String) -> String {
        switch group {
        case RateBoard.hostedGroup: "iCloud-hosted"
        case "privaterelay.appleid.com": "private relay"
        default: group
        }
    }

    /// What Enter on a group row filters the queue by. Hosted custom domains have no common
    /// substring, so that row narrows to Apple as a whole.
    static func queueFilter(_ group: String) -> String {
        switch group {
        case RateBoard.hostedGroup: Provider.appleName
        case "privaterelay.appleid.com": "privaterelay"
        default: "@" + group
        }
    }
}
