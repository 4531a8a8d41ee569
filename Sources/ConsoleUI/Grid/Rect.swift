/// A rectangle of cells: `row`/`col` of the top-left corner, `height` rows × `width` columns.
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var col: Int
    public var height: Int
    public var width: Int

    public init(row: Int, col: Int, height: Int, width: Int) {
        self.row = row; self.col = col; self.height = max(0, height); self.width = max(0, width)
    }

    /// The area inside a one-cell border.
    public var inner: Rect { Rect(row: row + 1, col: col + 1, height: height - 2, width: width - 2) }
    public var bottom: Int { row + height }
    public var right: Int { col + width }
    public var isEmpty: Bool { height <= 0 || width <= 0 }
    public var description: String { "(\(row),\(col) \(width)x\(height))" }
}
