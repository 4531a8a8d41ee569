/// Why the loop ended.
public enum ConsoleExit: Sendable, Equatable {
    /// The operator quit.
    case quit
    /// `shouldStop` said so (a signal flag, a test's step limit).
    case stopped
}

/// The console's run loop: render → wait for a key (≤ `tickMs`) → a timeout is the tick (ask for a
/// fresh snapshot) → reduce → run effects → repeat. It never blocks beyond the key timeout, so
/// keys are never missed; it only renders when the state changed, so an idle console costs nothing.
///
/// ```swift
/// var loop = ConsoleLoop(terminal: term, theme: theme, state: ConsoleState(),
///                        snapshot: { store.snapshot(for: $0) }, perform: { app.run($0, $1) },
///                        shouldStop: { pendingSignal.load(ordering: .relaxed) != 0 })
/// let exit = loop.run()
/// ```
public struct ConsoleLoop {
    public let terminal: any TerminalDevice
    public var theme: Theme
    public var state: ConsoleState
    public let reducer: ConsoleReducer
    /// Reads the data for a request; nil when nothing changed since the last call (cheap idle ticks).
    public let snapshot: (SnapshotRequest) -> ConsoleSnapshot?
    /// Runs one effect and returns what came of it (`.snapshot`, `.effectSucceeded`, `.effectFailed`).
    /// The request says which queue page / detail the answering snapshot must contain.
    public let perform: (Effect, SnapshotRequest) -> [Action]
    /// Polled after every key wait (signal flag).
    public let shouldStop: () -> Bool
    /// Results that arrived out of band, drained after every key wait: an app that runs a slow
    /// effect (a release command) in the background posts `.effectSucceeded`/`.effectFailed`/
    /// `.snapshot` to a mailbox (e.g. a `Mutex<[Action]>`) and returns `[]` from `perform`, so
    /// keys keep flowing while it runs.
    public let inbox: () -> [Action]
    public var tickMs: Int
    /// Frames actually presented (for tests and benchmarks).
    public private(set) var frames = 0
    private var lastRendered: ConsoleState?

    public init(terminal: any TerminalDevice, theme: Theme, state: ConsoleState, reducer: ConsoleReducer = ConsoleReducer(),
                tickMs: Int = 250, snapshot: @escaping (SnapshotRequest) -> ConsoleSnapshot?,
                perform: @escaping (Effect, SnapshotRequest) -> [Action], shouldStop: @escaping () -> Bool = { false },
                inbox: @escaping () -> [Action] = { [] }) {
        self.terminal = terminal; self.theme = theme; self.state = state; self.reducer = reducer
        self.tickMs = tickMs; self.snapshot = snapshot; self.perform = perform; self.shouldStop = shouldStop
        self.inbox = inbox
    }

    /// Runs until quit or `shouldStop`.
    public mutating func run() -> ConsoleExit {
        start()
        while true {
            if let exit = step() { return exit }
        }
    }

    /// Sizes the state and loads the first snapshot.
    public mutating func start() {
        let s = terminal.size
        dispatch(.resize(rows: s.rows, cols: s.cols))
        if let snap = snapshot(state.request) { dispatch(.snapshot(snap)) }
    }

    /// One iteration; returns non-nil when the loop should end.
    public mutating func step() -> ConsoleExit? {
        renderIfChanged()
        let key = terminal.readKey(timeoutMs: tickMs)
        if shouldStop() { return .stopped }
        for action in inbox() { dispatch(action) }
        switch key {
        case nil:
            if let snap = snapshot(state.request), snap != state.snapshot { dispatch(.snapshot(snap)) }
        case .resize?:
            let s = terminal.size
            dispatch(.resize(rows: s.rows, cols: s.cols))
            lastRendered = nil                        // full repaint after a resize
        case let k?:
            dispatch(.key(k))
        }
        if state.quitRequested { renderIfChanged(); return .quit }
        return nil
    }

    /// Reduces an action and runs the resulting effects; their results are reduced in turn.
    public mutating func dispatch(_ action: Action) {
        var queue = [action]
        var budget = 64                               // effects answering effects must terminate
        while !queue.isEmpty, budget > 0 {
            budget -= 1
            let effects = reducer.reduce(&state, queue.removeFirst())
            for e in effects {
                switch e {
                case .quit: state.quitRequested = true
                default: queue += perform(e, state.request)
                }
            }
        }
    }

    mutating func renderIfChanged() {
        guard lastRendered != state else { return }
        let view = ConsoleView(keyMap: reducer.keyMap, unicode: terminal.unicode, widths: terminal.widths)
        terminal.present(view.render(state), theme: theme)
        lastRendered = state
        frames += 1
    }
}
