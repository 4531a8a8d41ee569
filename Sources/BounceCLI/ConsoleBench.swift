import ConsoleApp
import ConsoleUI
import Foundation

/// `bouncewatch console --bench-frames N` (hidden): frame cost on the real store without a
/// terminal — snapshot read + reduce + render at 200×60, moving the cursor a page at a time so
/// every frame reads a different queue page (the data does not change, as when an operator pages
/// through a quiet queue). Prints ms per frame.
enum ConsoleBench {
    static func run(backend: ConsoleBackend, frames: Int) throws {
        let reducer = ConsoleReducer()
        var state = ConsoleState(rows: 60, cols: 200)
        _ = reducer.reduce(&state, .resize(rows: 60, cols: 200))
        _ = reducer.reduce(&state, .snapshot(try backend.build(state.request)))
        let view = ConsoleView()
        let clock = ContinuousClock()
        var snapshotTime = Duration.zero, renderTime = Duration.zero
        for i in 0..<max(1, frames) {
            _ = reducer.reduce(&state, .key(i % 20 < 10 ? .pageDown : .pageUp))
            snapshotTime += try clock.measure {
                if let snap = backend.snapshot(for: state.request) { _ = reducer.reduce(&state, .snapshot(snap)) }
            }
            renderTime += clock.measure { _ = view.render(state) }
        }
        func ms(_ d: Duration) -> Double {
            (Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) / Double(max(1, frames))
        }
        print(String(format: "200x60, %@ queue rows: snapshot %.2f ms + render %.2f ms per frame (%d frames, offset %d)",
                     Fmt.count(state.snapshot.queue.totalCount), ms(snapshotTime), ms(renderTime), frames,
                     state.snapshot.queue.offset))
    }
}
