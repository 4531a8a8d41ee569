import BounceCore
import Foundation

/// A `RateBoard` rebuilt from the stored per-minute counters and kept up to date incrementally,
/// so a refresh reads only the last few minutes instead of hours of rows. The console's rates
/// pane and the `/metrics` gauges read it through `RateBoard.summaries`.
///
/// Counters only grow, and new traffic lands in the newest minutes, so each refresh re-reads the
/// rows of the last `lookback` minutes and records the difference against what it saw before.
/// Anything unusual (a jump of more than `span`, a counter that shrank) triggers a full reload.
public final class RateCache {
    /// Minutes loaded on a full reload: 6 h baseline + 15 min gap + 60 min chart, with margin.
    public static let span = 8 * 60
    /// Minutes re-read on every refresh (late lines of the last minutes still count there).
    public static let lookback = 10

    public init() {}

    struct Key: Hashable {
        var minute: Int, domain: String, provider: String, outcome: Outcome, reason: BounceReason?
    }

    public private(set) var board = RateBoard()
    private var seen: [Key: Int] = [:]
    /// The newest minute with stored counters, after the last refresh.
    public private(set) var newest: Int?
    /// Rows read by the last refresh (tests and benchmarks check the incremental path).
    public private(set) var lastRowsRead = 0

    /// Brings the board up to date inside the snapshot's read transaction.
    public func refresh(_ tx: any StorageTransaction) throws {
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
}
