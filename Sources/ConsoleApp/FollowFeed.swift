import BounceService
import Foundation

/// In-console ingestion: on each tick, reads at most `maxLines` lines from the followed files
/// (`LogFollower.poll`, which commits them in one transaction) so a backlog of millions of lines
/// is worked off in small bites and keys stay responsive between them.
public final class FollowFeed {
    public let follower: LogFollower
    unowned let backend: ConsoleBackend
    /// Upper bound of lines per tick (the adaptive budget below usually decides).
    public var maxLines: Int
    /// Lines ingested since start.
    public private(set) var total = 0

    /// Bytes per line used to show the backlog (the follower reports bytes; Postfix lines average
    /// ~200–300 bytes, so the header's line count is an estimate).
    static let bytesPerLine: Int64 = 220

    public init(follower: LogFollower, backend: ConsoleBackend, maxLines: Int = 20_000) {
        self.follower = follower; self.backend = backend; self.maxLines = maxLines
    }

    /// Wall time one tick may spend ingesting; the line budget adapts to it so a slow machine
    /// (or a debug build) still answers keys within ~`tickBudget` + the tick.
    public var tickBudget: Duration = .milliseconds(60)
    private var budget = 2_000
    private let clock = ContinuousClock()

    /// One bounded batch; returns a problem for the status bar, if any.
    public func tick() -> String? {
        do {
            let want = min(maxLines, budget)
            let started = clock.now
            let s = try follower.poll(maxLines: want)
            let took = Self.seconds(clock.now - started)
            if s.lines >= want / 2, took > 0 {
                // Lines per budget at the rate just seen, moved halfway there to damp noise.
                let target = Double(s.lines) / took * Self.seconds(tickBudget)
                budget = max(200, min(maxLines, (budget + Int(target)) / 2))
            }
            total += s.lines
            if s.lines > 0 { backend.noteLocalWrite() }
            backend.backlogLines = Int((s.backlogBytes + Self.bytesPerLine - 1) / Self.bytesPerLine)
            return s.problems.first
        } catch {
            return "ingest stopped: \(error)"
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
