/// Maps every `StyleRole` to a `ThemeStyle`. Loaded from `themes/NAME.theme`:
///
/// ```
/// # role = fg bg attrs…
/// selected = black cyan bold
/// alert    = bright-red default bold
/// ```
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [StyleRole: ThemeStyle]

    public init(name: String, styles: [StyleRole: ThemeStyle]) { self.name = name; self.styles = styles }

    public subscript(role: StyleRole) -> ThemeStyle { styles[role] ?? ThemeStyle() }

    /// Errors name the line so a broken theme file is easy to fix.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses theme text. Every role must be present; unknown roles, colours or attributes fail.
    public static func parse(name: String, text: String) throws(ParseError) -> Theme {
        var styles: [StyleRole: ThemeStyle] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ParseError(message: "\(name).theme:\(n + 1): expected `role = fg bg attrs`") }
            let roleName = parts[0].trimmingWhitespace()
            guard let role = StyleRole(rawValue: roleName) else {
                throw ParseError(message: "\(name).theme:\(n + 1): unknown role `\(roleName)`")
            }
            let words = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
            guard words.count >= 2, let fg = TermColor(name: words[0]), let bg = TermColor(name: words[1]) else {
                throw ParseError(message: "\(name).theme:\(n + 1): expected two colours (name, bright-name, 0–255 or default)")
            }
            var attrs: TextAttributes = []
            for w in words.dropFirst(2) {
                guard let a = TextAttributes.byName[w.lowercased()] else {
                    throw ParseError(message: "\(name).theme:\(n + 1): unknown attribute `\(w)`")
                }
                attrs.formUnion(a)
            }
            styles[role] = ThemeStyle(fg: fg, bg: bg, attrs: attrs)
        }
        let missing = StyleRole.allCases.filter { styles[$0] == nil }
        guard missing.isEmpty else {
            throw ParseError(message: "\(name).theme: missing roles: \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        return Theme(name: name, styles: styles)
    }

    /// True when any role uses a colour (mono themes use attributes only).
    public var usesColor: Bool { styles.values.contains { $0.fg != .default || $0.bg != .default } }

    /// The same theme for a terminal with `colors` colours.
    public func downgraded(to colors: Int) -> Theme {
        var t = self
        for (role, s) in styles {
            t.styles[role] = ThemeStyle(fg: s.fg.downgraded(to: colors), bg: s.bg.downgraded(to: colors), attrs: s.attrs)
        }
        return t
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
