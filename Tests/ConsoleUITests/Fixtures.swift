import Foundation
import Testing
@testable import ConsoleUI

/// Shared test data: the sample backend's snapshot, sized states and a reducer that applies keys.
enum Fixtures {
    static let reducer = ConsoleReducer()

    /// A state at `rows`×`cols` showing the sample backend's first queue page.
    static func state(rows: Int = 24, cols: Int = 80, queue: Int = 3000, readOnly: Bool = false,
                      backend: SampleBackend? = nil) -> (ConsoleState, SampleBackend) {
        let b = backend ?? SampleBackend(queueSize: queue, readOnly: readOnly)
        var s = ConsoleState(rows: rows, cols: cols, readOnly: readOnly)
        s.query.limit = s.queueVisibleRows * 3
        _ = reducer.reduce(&s, .snapshot(b.build(s.request)))
        return (s, b)
    }

    /// Applies keys and collects every effect.
    @discardableResult
    static func press(_ keys: [KeyEvent], _ state: inout ConsoleState) -> [Effect] {
        keys.flatMap { reducer.reduce(&state, .key($0)) }
    }

    static func type(_ text: String) -> [KeyEvent] { text.map { KeyEvent.char($0) } }

    static func render(_ state: ConsoleState, unicode: Bool = true) -> ScreenGrid {
        ConsoleView(unicode: unicode).render(state)
    }

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
