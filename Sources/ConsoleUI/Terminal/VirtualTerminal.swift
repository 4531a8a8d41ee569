/// An in-memory terminal for tests and headless runs: keys come from a script, frames are kept.
///
/// ```swift
/// let term = VirtualTerminal(rows: 24, cols: 80, keys: [.char("j"), .char("q")])
/// ```
public final class VirtualTerminal: TerminalDevice {
    public var size: TerminalSize
    public var unicode: Bool
    public var widths: DisplayWidth
    /// Keys still to deliver; `nil` entries are timeouts (ticks).
    public var script: [KeyEvent?]
    /// The last frame presented.
    public private(set) var lastGrid: ScreenGrid?
    public private(set) var lastTheme: Theme?
    public private(set) var presentCount = 0
    /// Called when the script runs dry: return true to keep ticking, false to signal "no more input".
    public var exhausted: Bool { script.isEmpty }

    public init(rows: Int, cols: Int, keys: [KeyEvent?] = [], unicode: Bool = true, widths: DisplayWidth = .fallback) {
        size = TerminalSize(rows: rows, cols: cols); script = keys; self.unicode = unicode; self.widths = widths
    }

    /// Screen text of the last frame.
    public var lines: [String] { lastGrid?.lines ?? [] }
    /// Roles of one row of the last frame.
    public func roles(row: Int) -> [StyleRole] { lastGrid?.roles(row: row) ?? [] }
    /// Whole screen as one string (for `contains` assertions).
    public var screen: String { lines.joined(separator: "\n") }

    /// Changes the size and queues a `.resize` key, as ncurses does on SIGWINCH.
    public func resize(rows: Int, cols: Int) {
        size = TerminalSize(rows: rows, cols: cols)
        script.insert(.resize, at: 0)
    }

    public func present(_ grid: ScreenGrid, theme: Theme) {
        lastGrid = grid; lastTheme = theme; presentCount += 1
    }

    public func readKey(timeoutMs: Int) -> KeyEvent? {
        guard !script.isEmpty else { return nil }
        return script.removeFirst()
    }
}
