import CNcursesW
import ConsoleUI

/// Copying a `ScreenGrid` to the screen: per row, in style runs, with `mvwaddnwstr`
/// (the simplest of the strategies that measured equally fast). Rows whose content hash is
/// unchanged are skipped, so an idle console costs almost no CPU; ncurses then diffs what is left.
extension NcursesTerminal {
    public func present(_ grid: ScreenGrid, theme: Theme) {
        guard !closed else { return }
        if styledTheme != theme {
            roleStyles = [:]
            styledTheme = theme
            rowHashes = []
        }
        if grid.rows != Int(getmaxy(win)) || grid.cols != Int(getmaxx(win)) {
            // A frame for another size (resize raced the render): skip it, the next one will fit.
            return
        }
        if rowHashes.count != grid.rows { rowHashes = Array(repeating: 0, count: grid.rows) }
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(grid.cols * 2)
        for y in 0..<grid.rows {
            var h = Hasher()
            for x in 0..<grid.cols { h.combine(grid[y, x]) }
            let hash = h.finalize()
            if hash == rowHashes[y] { continue }
            rowHashes[y] = hash
            drawRow(grid, y, &buffer, theme)
        }
        _ = wnoutrefresh(win)
        _ = doupdate()
    }

    private func drawRow(_ grid: ScreenGrid, _ y: Int, _ buffer: inout [wchar_t], _ theme: Theme) {
        var x = 0
        while x < grid.cols {
            let role = grid[y, x].role
            let start = x
            buffer.removeAll(keepingCapacity: true)
            // A run: cells of one role; continuation cells of wide chars belong to their lead.
            while x < grid.cols, grid[y, x].role == role || grid[y, x].width == 0 {
                let cell = grid[y, x]
                if cell.width > 0 {
                    for s in cell.ch.unicodeScalars { buffer.append(wchar_t(bitPattern: s.value)) }
                }
                x += 1
            }
            let (attrs, pair) = style(role, theme)
            _ = wattr_set(win, attrs, pair, nil)
            // The bottom-right cell returns ERR (the cursor cannot advance) but is drawn: ignore.
            _ = buffer.withUnsafeBufferPointer { mvwaddnwstr(win, Int32(y), Int32(start), $0.baseAddress, Int32($0.count)) }
        }
        _ = wattr_set(win, NC_A_NORMAL, 0, nil)
    }

    /// Attributes and colour pair for a role; pairs are allocated lazily per (fg, bg).
    private func style(_ role: StyleRole, _ theme: Theme) -> (attr_t, Int16) {
        if let s = roleStyles[role] { return s }
        let t = theme[role]
        var attrs = NC_A_NORMAL
        if t.attrs.contains(.bold) { attrs |= NC_A_BOLD }
        if t.attrs.contains(.dim) { attrs |= NC_A_DIM }
        if t.attrs.contains(.reverse) { attrs |= NC_A_REVERSE }
        if t.attrs.contains(.underline) { attrs |= NC_A_UNDERLINE }
        if t.attrs.contains(.italic) { attrs |= NC_A_ITALIC }
        if t.attrs.contains(.standout) { attrs |= NC_A_STANDOUT }
        let pair = colors > 0 ? pairNumber(fg: t.fg, bg: t.bg) : 0
        roleStyles[role] = (attrs, pair)
        return (attrs, pair)
    }

    private func pairNumber(fg: TermColor, bg: TermColor) -> Int16 {
        func n(_ c: TermColor) -> Int16 {
            if case .index(let i) = c, i < colors { return Int16(i) }
            return -1
        }
        let f = n(fg), b = n(bg)
        if f == -1 && b == -1 { return 0 }
        let key = Int32(f) << 16 | Int32(UInt16(bitPattern: b))
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        guard next < Int(nc_COLOR_PAIRS()), next <= Int(Int16.max) else { return 0 }
        _ = init_pair(Int16(next), f, b)
        pairs[key] = Int16(next)
        return Int16(next)
    }
}
