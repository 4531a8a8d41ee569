/// A terminal colour: the terminal's default, or a palette index (0–7 basic, 8–15 bright, 16–255 xterm).
public enum TermColor: Sendable, Hashable {
    case `default`
    case index(Int)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `default`, `red`, `bright-red`, or a number 0–255.
    public init?(name: String) {
        let n = name.lowercased()
        if n == "default" || n == "-1" { self = .default; return }
        if let i = TermColor.names.firstIndex(of: n) { self = .index(i); return }
        if n.hasPrefix("bright-"), let i = TermColor.names.firstIndex(of: String(n.dropFirst(7))) { self = .index(i + 8); return }
        if let i = Int(n), (0...255).contains(i) { self = .index(i); return }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours can show.
    public func downgraded(to colors: Int) -> TermColor {
        guard case .index(let i) = self, i >= colors else { return self }
        if i < 16 { return .index(i - 8) }                  // bright → basic on 8-colour terminals
        if i >= 232 { return .index(i < 244 ? 0 : 7) }      // grey ramp
        let c = i - 16, r = c / 36, g = c / 6 % 6, b = c % 6
        let basic = (r > 2 ? 1 : 0) | (g > 2 ? 2 : 0) | (b > 2 ? 4 : 0)
        return .index(colors >= 16 && max(r, g, b) > 4 ? basic + 8 : basic)
    }
}

/// Text attributes. Mono themes carry all meaning with these.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let reverse = TextAttributes(rawValue: 4)
    public static let underline = TextAttributes(rawValue: 8)
    public static let italic = TextAttributes(rawValue: 16)
    public static let standout = TextAttributes(rawValue: 32)

    static let byName: [String: TextAttributes] = [
        "bold": .bold, "dim": .dim, "reverse": .reverse, "underline": .underline, "italic": .italic,
        "standout": .standout, "none": [], "normal": [], "-": [],
    ]
}

/// How one role looks: foreground, background, attributes.
public struct ThemeStyle: Sendable, Hashable {
    public var fg: TermColor
    public var bg: TermColor
    public var attrs: TextAttributes
    public init(fg: TermColor = .default, bg: TermColor = .default, attrs: TextAttributes = []) {
        self.fg = fg; self.bg = bg; self.attrs = attrs
    }
}
