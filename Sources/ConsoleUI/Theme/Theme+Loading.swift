import Foundation

/// Finding and choosing a theme at startup.
extension Theme {
    /// Chooses the theme for this terminal:
    /// - fewer than 8 colours → `mono`, whatever was asked;
    /// - an explicit `--theme` wins over `NO_COLOR` (no-color.org: per-instance flags override it);
    /// - `NO_COLOR` set and non-empty → `mono`;
    /// - otherwise `default`.
    /// Unknown or broken theme files fall back to the built-in theme and return a note for the status bar.
    public static func select(requested: String?, environment: [String: String], colors: Int,
                              searchPaths: [String]) -> (theme: Theme, note: String?) {
        if colors < 8 { return (builtinMono, nil) }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let name = requested ?? (noColor ? "mono" : "default")
        do {
            let theme = try load(named: name, searchPaths: searchPaths)
            return (colors >= 256 ? theme : theme.downgraded(to: colors), nil)
        } catch {
            let fallback = name == "mono" ? builtinMono : builtinDefault
            return (colors >= 256 ? fallback : fallback.downgraded(to: colors), "theme \(name): \(error); using built-in")
        }
    }

    /// Loads `NAME.theme` from the first directory that has it; the built-in `default` and `mono`
    /// are used when no file is found.
    public static func load(named name: String, searchPaths: [String]) throws -> Theme {
        for dir in searchPaths {
            let path = (dir as NSString).appendingPathComponent("\(name).theme")
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                return try parse(name: name, text: text)
            }
        }
        if name == "default" { return builtinDefault }
        if name == "mono" { return builtinMono }
        throw ParseError(message: "no \(name).theme in \(searchPaths.joined(separator: ":"))")
    }

    /// `$BOUNCEWATCH_THEMES`, `./themes`, then `../share/bouncewatch/themes` beside the executable.
    public static func defaultSearchPaths(environment: [String: String], executablePath: String) -> [String] {
        var paths: [String] = []
        if let dir = environment["BOUNCEWATCH_THEMES"], !dir.isEmpty { paths.append(dir) }
        paths.append("themes")
        let bin = (executablePath as NSString).deletingLastPathComponent
        paths.append(((bin as NSString).appendingPathComponent("../share/bouncewatch/themes") as NSString).standardizingPath)
        return paths
    }

    /// Copy of `themes/default.theme` (a test keeps them identical) so a lone binary still has colours.
    public static let builtinDefaultText = """
# bouncewatch default theme: for dark or default terminal backgrounds.
# Format: role = fg bg attrs…   colours: default, black…white, bright-black…bright-white, 0–255.
# Every role must be present. Meaning never rests on colour alone (letters, arrows, markers).
normal         = default default
dim            = default default dim
header         = white blue bold
title          = cyan default bold
title-focused  = black cyan bold
border         = 244 default
border-focused = cyan default bold
column-header  = default default bold underline
selected       = black cyan
tagged         = yellow default bold
alert          = red default bold
banner         = white red bold
warning        = yellow default
ok             = green default
chart-bar      = cyan default
status-message = green default bold
status-error   = white red bold
footer-key     = cyan default bold
footer-label   = default default
dialog         = default default
input          = black yellow
"""
    /// Copy of `themes/mono.theme`.
    public static let builtinMonoText = """
# bouncewatch mono theme: attributes only. Used for NO_COLOR and terminals with < 8 colours.
normal         = default default
dim            = default default dim
header         = default default reverse
title          = default default bold
title-focused  = default default bold reverse
border         = default default
border-focused = default default bold
column-header  = default default underline
selected       = default default reverse
tagged         = default default bold
alert          = default default bold
banner         = default default bold reverse
warning        = default default bold
ok             = default default
chart-bar      = default default
status-message = default default bold
status-error   = default default bold reverse
footer-key     = default default bold
footer-label   = default default
dialog         = default default
input          = default default underline
"""
    // The texts above are tested to parse, so `try!` cannot fail at run time.
    public static let builtinDefault = try! parse(name: "default", text: builtinDefaultText)
    public static let builtinMono = try! parse(name: "mono", text: builtinMonoText)
}
