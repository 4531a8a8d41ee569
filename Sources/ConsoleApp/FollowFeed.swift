import BounceService
import Foundation

/// In-console ingestion: on each tick, reads at most `maxLines` lines from the followed files
/// (`LogFollower.poll`, which commits them in one transaction) so a backlog of millions of lines
/// is worked off in small bites and keys stay responsive between them.
public final class FollowFeed {
    public let follower: LogFollower
    unowned let backend: ConsoleBackend
    /// Lines per tick: ~20k lines is a few tens of ms of ingest work on the 2-core box.
    public var maxLines: Int
    /// Lines ingested since start.
    public private(set) var total = 0

    /// Bytes per line used to show the backlog (the follower reports bytes; Postfix lines average
    /// ~200–300 bytes, so the header's line count is an estimate).
    static let bytesPerLine: Int64 = 220

    public init(follower: LogFollower, backend: ConsoleBackend, maxLines: Int = 20_000) {
        self.follower = follower; self.backend = backend; self.maxLines = maxLines
    }

    /// One bounded batch; returns a problem for the status bar, if any.
    public func tick() -> String? {
        do {
            let s = try follower.poll(maxLines: maxLines)
            total += s.lines
            if s.lines > 0 { backend.noteLocalWrite() }
            backend.backlogLines = Int((s.backlogBytes + Self.bytesPerLine - 1) / Self.bytesPerLine)
            return s.problems.first
        } catch {
            return "ingest stopped: \(error)"
        }
    }
}
