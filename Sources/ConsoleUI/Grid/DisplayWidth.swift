/// Terminal column width of Unicode scalars.
///
/// The ncurses adapter injects the C library's `wcwidth` (so the grid and the terminal agree);
/// tests and headless tools use `DisplayWidth.fallback`, a small pure-Swift table.
public struct DisplayWidth: Sendable {
    /// Width of one scalar: 0 (combining / zero-width), 1, 2, or -1 for non-printable.
    public let scalarWidth: @Sendable (Unicode.Scalar) -> Int

    public init(_ scalarWidth: @escaping @Sendable (Unicode.Scalar) -> Int) {
        self.scalarWidth = scalarWidth
    }

    /// Width of a grapheme cluster: the width of its first scalar. Combining marks, ZWJ and
    /// variation selectors ride along with it (the UI uses no emoji: terminals disagree on their width).
    public func width(of ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        return scalarWidth(first)
    }

    /// Width of a string, counting non-printables as 1 (they are replaced by `?` when drawn).
    public func width(of s: some StringProtocol) -> Int {
        var w = 0
        for ch in s { let cw = width(of: ch); w += cw < 0 ? 1 : cw }
        return w
    }

    /// Pure-Swift approximation of `wcwidth` for a UTF-8 locale.
    public static let fallback = DisplayWidth { scalar in
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return -1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
             0x0E31, 0x0E34...0x0E3A, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F,
             0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0x20D0...0x20FF, 0xFE00...0xFE0F,
             0xFE20...0xFE2F, 0xFEFF, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
