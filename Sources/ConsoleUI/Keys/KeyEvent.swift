/// A decoded key press (or resize) from the terminal. Control characters arrive as `.ctrl`.
public enum KeyEvent: Sendable, Hashable {
    case char(Character)
    /// Ctrl + letter, lower-case (`.ctrl("l")` for ^L).
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete
    case function(Int)
    /// The terminal changed size (ncurses `KEY_RESIZE`).
    case resize

    /// How the key is written in the footer and help (`j`, `↓`, `PgDn`, `Space`, `^L`).
    public var displayName: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "^" + c.uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "BS"
        case .delete: "Del"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        }
    }

    /// Maps a raw code point to a key (used by adapters that read characters).
    public static func fromScalar(_ v: UInt32) -> KeyEvent? {
        switch v {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(v) + 96)))
        case 0, 28...31: return nil
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .char(Character(s))
        }
    }
}
