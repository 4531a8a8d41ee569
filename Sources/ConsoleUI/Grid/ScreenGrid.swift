import BounceCore
/// One frame of the console: rows × cols of cells, drawn by panes and copied to the terminal by
/// the adapter. Pure value type, so whole frames can be asserted on in tests.
///
/// Wide characters take a lead cell (width 2) plus a continuation cell (width 0).
public struct ScreenGrid: Sendable, Equatable {
    /// One screen cell. `width` is 1 or 2 for a drawn character, 0 for the right half of a wide one.
    public struct Cell: Sendable, Hashable {
        public var ch: Character
        public var width: UInt8
        public var role: StyleRole
        public static let blank = Cell(ch: " ", width: 1, role: .normal)
    }

    public let rows: Int
    public let cols: Int
    /// Whether Unicode box drawing and block characters may be used (false: ASCII fallback).
    public let unicode: Bool
    public let widths: DisplayWidth
    public private(set) var cells: [Cell]

    public init(rows: Int, cols: Int, unicode: Bool = true, widths: DisplayWidth = .fallback) {
        self.rows = max(0, rows); self.cols = max(0, cols)
        self.unicode = unicode; self.widths = widths
        cells = Array(repeating: .blank, count: self.rows * self.cols)
    }

    public static func == (a: ScreenGrid, b: ScreenGrid) -> Bool {
        a.rows == b.rows && a.cols == b.cols && a.cells == b.cells
    }

    public subscript(row: Int, col: Int) -> Cell { cells[row * cols + col] }

    /// Draws `text` at (row, col) clipped to `maxWidth` columns and the grid edge; returns the
    /// column after the last cell written. Text must already be sanitised (`TextSanitizer`);
    /// anything non-printable left over becomes `?`, zero-width clusters are dropped.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, row: Int, col: Int, role: StyleRole = .normal,
                             maxWidth: Int = .max) -> Int {
        guard row >= 0, row < rows, col < cols else { return col }
        let limit = maxWidth >= cols ? cols : min(cols, col + max(0, maxWidth))
        var x = col
        for var ch in text {
            var w = widths.width(of: ch)
            if w < 0 { ch = "?"; w = 1 }
            if w == 0 { continue }
            if x + w > limit {
                // A wide char that does not fit whole becomes a space so the edge stays aligned.
                if x < limit && x >= 0 { setCell(row, x, " ", 1, role) }
                x = limit
                break
            }
            if x >= 0 { setCell(row, x, ch, w, role) }
            x += w
        }
        return x
    }

    /// Fills `width` cells starting at (row, col) with `ch` in `role`.
    public mutating func fill(row: Int, col: Int, width: Int, role: StyleRole = .normal, ch: Character = " ") {
        guard row >= 0, row < rows else { return }
        let end = min(cols, col + width)
        var x = max(0, col)
        while x < end { setCell(row, x, ch, 1, role); x += 1 }
    }

    /// Fills a rectangle with blanks of `role` (clears a pane or an overlay's background).
    public mutating func fill(_ r: Rect, role: StyleRole = .normal) {
        for y in r.row..<r.bottom { fill(row: y, col: r.col, width: r.width, role: role) }
    }

    /// Sets the role of existing cells without changing their characters (selection highlight).
    public mutating func restyle(row: Int, col: Int, width: Int, role: StyleRole) {
        guard row >= 0, row < rows else { return }
        for x in max(0, col)..<max(max(0, col), min(cols, col + width)) { cells[row * cols + x].role = role }
    }

    /// Draws a border around `r` with an optional title in the top edge.
    public mutating func box(_ r: Rect, role: StyleRole = .border, title: String? = nil,
                             titleRole: StyleRole = .title) {
        guard r.width >= 2, r.height >= 2 else { return }
        let g: [Character] = unicode ? ["┌", "┐", "└", "┘", "─", "│"] : ["+", "+", "+", "+", "-", "|"]
        fill(row: r.row, col: r.col + 1, width: r.width - 2, role: role, ch: g[4])
        fill(row: r.bottom - 1, col: r.col + 1, width: r.width - 2, role: role, ch: g[4])
        for y in r.row + 1..<r.bottom - 1 {
            fill(row: y, col: r.col, width: 1, role: role, ch: g[5])
            fill(row: y, col: r.right - 1, width: 1, role: role, ch: g[5])
        }
        fill(row: r.row, col: r.col, width: 1, role: role, ch: g[0])
        fill(row: r.row, col: r.right - 1, width: 1, role: role, ch: g[1])
        fill(row: r.bottom - 1, col: r.col, width: 1, role: role, ch: g[2])
        fill(row: r.bottom - 1, col: r.right - 1, width: 1, role: role, ch: g[3])
        if let title, r.width > 6 {
            put(" \(title) ", row: r.row, col: r.col + 2, role: titleRole, maxWidth: r.width - 4)
        }
    }

    /// The visible text of a row (continuation cells skipped), for tests and screen dumps.
    public func text(row: Int) -> String {
        var s = ""
        for x in 0..<cols where self[row, x].width > 0 { s.append(self[row, x].ch) }
        return s
    }

    /// Style role of every cell in a row.
    public func roles(row: Int) -> [StyleRole] { (0..<cols).map { self[row, $0].role } }

    /// All rows as text.
    public var lines: [String] { (0..<rows).map { text(row: $0) } }

    /// Writes one character, first repairing any wide character it would cut in half.
    private mutating func setCell(_ row: Int, _ x: Int, _ ch: Character, _ w: Int, _ role: StyleRole) {
        let base = row * cols
        if cells[base + x].width == 0, x > 0 {           // overwriting the right half of a wide char
            cells[base + x - 1] = Cell(ch: " ", width: 1, role: cells[base + x - 1].role)
        }
        let end = x + w - 1                              // last column this char covers
        if end + 1 < cols, cells[base + end].width == 2 { // our last cell was a wide lead: blank its half
            cells[base + end + 1] = Cell(ch: " ", width: 1, role: cells[base + end + 1].role)
        }
        cells[base + x] = Cell(ch: ch, width: UInt8(w), role: role)
        if w == 2 { cells[base + x + 1] = Cell(ch: " ", width: 0, role: role) }
    }
}
