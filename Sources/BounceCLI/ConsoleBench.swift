import ConsoleApp
import ConsoleUI
import Foundation

/// `bouncewatch console --bench-frames N [--bench-size 200x60] [--bench-pane queue|queue-all|timeline]
/// [--bench-live]` (hidden, used by `scripts/bench-console.sh`): frame cost on the real store
/// without a terminal — snapshot read + reduce + render — a page per frame so every frame shows
/// different rows: the first half of the frames page down from the top, then `G` jumps to the
/// bottom and the rest page up from there (deep pages cost more: SQLite walks the OFFSET).
///
/// - `queue`: the default view (held); `queue-all`: every state (`A`), i.e. the whole queue.
///   The data does not change, as when an operator pages through a quiet queue, so the queue
///   total is reused.
/// - `timeline`: scrolling the timeline does not change the snapshot request, so the live loop
///   would skip the read; the bench reads the snapshot anyway on every frame (the cost of a frame
///   whose data changed), making it an upper bound.
/// - `--bench-live`: every frame rebuilds as after another process committed (the queue total is
///   counted again), the cost of a frame while a follower ingests.
///
/// The terminal write (`present`, ncurses) is not included; `BW_FRAME_STATS=1` measures it in a
/// real terminal.
enum ConsoleBench {
    enum Pane: String, CaseIterable {
        case queue, queueAll = "queue-all", timeline
    }

    static func run(backend: ConsoleBackend, frames: Int, rows: Int, cols: Int, pane: Pane, live: Bool) throws {
        let reducer = ConsoleReducer()
        var state = ConsoleState(rows: rows, cols: cols)
        _ = reducer.reduce(&state, .resize(rows: rows, cols: cols))
        if pane == .timeline { _ = reducer.reduce(&state, .key(.char("3"))) }
        if pane == .queueAll { _ = reducer.reduce(&state, .key(.char("A"))) }
        _ = reducer.reduce(&state, .snapshot(try backend.build(state.request)))
        let view = ConsoleView()
        let clock = ContinuousClock()
        let frames = max(1, frames)
        var snapshotTime = Duration.zero, renderTime = Duration.zero
        var deepest = 0
        for i in 0..<frames {
            let key: KeyEvent = i < frames / 2 ? .pageDown : (i == frames / 2 ? .char("G") : .pageUp)
            _ = reducer.reduce(&state, .key(key))
            snapshotTime += try clock.measure {
                let snap = live ? try backend.build(state.request)
                    : try backend.snapshot(for: state.request) ?? backend.build(state.request, reuseCount: true)
                _ = reducer.reduce(&state, .snapshot(snap))
            }
            renderTime += clock.measure { _ = view.render(state) }
            deepest = max(deepest, pane == .timeline ? state.timeline.cursor : state.queue.cursor)
        }
        let what = switch pane {
        case .queue: "queue (held), \(Fmt.count(state.snapshot.queue.totalCount)) rows"
        case .queueAll: "queue (all states), \(Fmt.count(state.snapshot.queue.totalCount)) rows"
        case .timeline: "timeline, newest \(Fmt.count(state.snapshot.timeline.count)) entries loaded"
        }
        let snapMs = ms(snapshotTime) / Double(frames), renderMs = ms(renderTime) / Double(frames)
        print(String(format: "%dx%d %@%@: snapshot %.2f ms + render %.2f ms = %.2f ms per frame (%d frames, down from the top, up from row %d)",
                     cols, rows, what, live ? ", data changed every frame" : "", snapMs, renderMs, snapMs + renderMs,
                     frames, deepest))
    }

    /// `200x60` → (rows 60, cols 200).
    static func parseSize(_ text: String) -> (rows: Int, cols: Int)? {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let cols = Int(parts[0]), let rows = Int(parts[1]), cols >= 20, rows >= 5 else { return nil }
        return (rows, cols)
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
