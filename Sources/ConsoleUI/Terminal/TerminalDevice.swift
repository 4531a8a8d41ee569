/// Size of the terminal in cells.
public struct TerminalSize: Sendable, Hashable {
    public var rows: Int
    public var cols: Int
    public init(rows: Int, cols: Int) { self.rows = rows; self.cols = cols }
}

/// The seam between the pure console and a real terminal (ncurses in production,
/// `VirtualTerminal` in tests). Implementations are confined to one thread; they are not Sendable.
public protocol TerminalDevice: AnyObject {
    /// Current size; re-read after a `.resize` key.
    var size: TerminalSize { get }
    /// Whether box drawing and block characters can be shown (UTF-8 locale).
    var unicode: Bool { get }
    /// Column widths as this terminal computes them (`wcwidth` for ncurses).
    var widths: DisplayWidth { get }
    /// Shows a full frame. Implementations may skip rows that did not change.
    func present(_ grid: ScreenGrid, theme: Theme)
    /// Waits at most `timeoutMs` for a key; nil on timeout (the console's tick).
    func readKey(timeoutMs: Int) -> KeyEvent?
}
