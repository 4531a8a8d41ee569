/// Where everything goes for a terminal size. Pure: the reducer uses it for page sizes, the
/// view for drawing, so scrolling and drawing always agree.
///
/// - below 80×24: `tooSmall`, only a message is drawn;
/// - 80–139 columns: rates, queue and timeline stacked; on short terminals (body < 30 rows) the
///   focused pane gets the spare rows, lazygit-style, so 80×24 shows 7 queue rows instead of 5;
/// - 140+ columns: rates | timeline side by side on top, the queue full width below.
public struct Layout: Sendable, Equatable {
    public static let minRows = 24
    public static let minCols = 80
    public static let wideCols = 140

    public let rows: Int
    public let cols: Int
    public let tooSmall: Bool
    public let header: Rect
    public let banner: Rect
    public let rates: Rect
    public let queue: Rect
    public let timeline: Rect
    public let footer: Rect

    public init(rows: Int, cols: Int, focus: Pane = .queue) {
        self.rows = rows; self.cols = cols
        tooSmall = rows < Layout.minRows || cols < Layout.minCols
        header = Rect(row: 0, col: 0, height: 1, width: cols)
        banner = Rect(row: 1, col: 0, height: 1, width: cols)
        footer = Rect(row: rows - 1, col: 0, height: 1, width: cols)
        let top = 2
        let body = max(0, rows - 3)
        if cols >= Layout.wideCols {
            let upper = max(8, min(body * 2 / 5, 16))
            let leftW = cols * 3 / 5
            rates = Rect(row: top, col: 0, height: upper, width: leftW)
            timeline = Rect(row: top, col: leftW, height: upper, width: cols - leftW)
            queue = Rect(row: top + upper, col: 0, height: body - upper, width: cols)
        } else if body < 30 {
            let minimum: [Pane: Int] = [.rates: 6, .queue: 6, .timeline: 5]   // 3 rows each + borders/header
            var h = minimum
            h[focus]! += max(0, body - minimum.values.reduce(0, +))
            rates = Rect(row: top, col: 0, height: h[.rates]!, width: cols)
            queue = Rect(row: top + h[.rates]!, col: 0, height: h[.queue]!, width: cols)
            timeline = Rect(row: top + h[.rates]! + h[.queue]!, col: 0, height: body - h[.rates]! - h[.queue]!, width: cols)
        } else {
            let r = max(7, body * 3 / 10)
            let t = max(6, body / 4)
            rates = Rect(row: top, col: 0, height: r, width: cols)
            queue = Rect(row: top + r, col: 0, height: body - r - t, width: cols)
            timeline = Rect(row: top + body - t, col: 0, height: t, width: cols)
        }
    }

    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .rates: rates
        case .queue: queue
        case .timeline: timeline
        }
    }

    /// Data rows visible in a pane (inside the border, below its column header where it has one).
    public func listHeight(of pane: Pane) -> Int {
        switch pane {
        case .rates: max(1, rates.inner.height - 1)
        case .queue: max(1, queue.inner.height - 1)
        case .timeline: max(1, timeline.inner.height)
        }
    }

    public var queueListHeight: Int { listHeight(of: .queue) }

    /// The centred rectangle for an overlay of at most `height`×`width`, with a margin.
    public func overlay(height: Int, width: Int) -> Rect {
        let h = min(height, rows - 2), w = min(width, cols - 4)
        return Rect(row: max(1, (rows - h) / 2), col: max(2, (cols - w) / 2), height: h, width: w)
    }
}
