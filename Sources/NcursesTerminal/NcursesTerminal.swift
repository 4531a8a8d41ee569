import CNcursesW
import CWidth
import ConsoleUI
import Glibc

/// The production `TerminalDevice`: the only code that talks to ncurses.
///
/// Not Sendable: ncurses is not thread-safe, so the instance stays on the thread that opened it
/// (the main thread). Swift 6 rejects the C globals (`stdscr`, `COLS` …), so the shim's accessor
/// functions are used instead.
///
/// Crash safety: `endwin` is registered with `atexit`; run the binary with
/// `SWIFT_BACKTRACE=interactive=no` so a crash report does not wait ~30 s on the alternate
/// screen, and launch it as `app || { stty sane; tput rmcup; tput cnorm; }` for hard crashes.
public final class NcursesTerminal: TerminalDevice {
    public private(set) var size: TerminalSize
    public let unicode: Bool
    public let widths: DisplayWidth
    /// Colours the terminal supports (0 without colour support).
    public let colors: Int
    let win: UnsafeMutablePointer<WINDOW>
    var pairs: [Int32: Int16] = [:]                 // (fg << 16 | bg) → pair number
    var roleStyles: [StyleRole: (attr_t, Int16)] = [:]
    var styledTheme: Theme?
    var rowHashes: [Int] = []
    var closed = false

    public enum OpenError: Error, CustomStringConvertible {
        case noTerminal(String)
        public var description: String {
            switch self { case .noTerminal(let t): "cannot open terminal (TERM=\(t)); try TERM=xterm" }
        }
    }

    /// Sets up the locale and the screen. Falls back from an unknown `TERM` to `xterm`/`vt100`
    /// instead of letting ncurses exit (so the terminal is always restored).
    public static func open() throws -> NcursesTerminal {
        let utf8 = cw_setup_utf8_locale() == 1                  // must precede newterm: ncursesw reads the locale once
        let term = getenv("TERM").map { String(cString: $0) } ?? "xterm"
        guard let out = fdopen(1, "w"), let inp = fdopen(0, "r") else { throw OpenError.noTerminal(term) }
        for candidate in [term, "xterm", "vt100"] {
            if newterm(candidate, out, inp) != nil { return NcursesTerminal(unicode: utf8) }
        }
        throw OpenError.noTerminal(term)
    }

    private init(unicode: Bool) {
        nc_register_atexit_endwin()
        win = nc_stdscr()
        _ = cbreak(); _ = noecho(); _ = nonl()
        _ = keypad(win, true)
        _ = curs_set(0)
        nc_set_ESCDELAY(25)                                     // default 1000 ms makes Esc feel broken
        var colors = 0
        if has_colors() {
            _ = start_color()
            _ = use_default_colors()                            // -1 = the terminal's own colours
            colors = Int(nc_COLORS())
        }
        self.colors = colors
        self.unicode = unicode
        widths = unicode ? DisplayWidth { Int(cw_wcwidth($0.value)) } : DisplayWidth.fallback
        size = TerminalSize(rows: Int(getmaxy(win)), cols: Int(getmaxx(win)))
    }

    /// Restores the terminal (cursor, cooked mode, main screen). Idempotent.
    public func shutdown() {
        guard !closed else { return }
        closed = true
        _ = curs_set(1)
        _ = endwin()
    }

    deinit { shutdown() }

    public func readKey(timeoutMs: Int) -> KeyEvent? {
        wtimeout(win, Int32(timeoutMs))
        var ch: wint_t = 0
        switch wget_wch(win, &ch) {
        case OK:
            return KeyEvent.fromScalar(UInt32(ch))
        case KEY_CODE_YES:
            let code = Int32(ch)
            if code == KEY_RESIZE {
                // ncurses has already resized stdscr; every row must be repainted.
                size = TerminalSize(rows: Int(getmaxy(win)), cols: Int(getmaxx(win)))
                rowHashes = []
                return .resize
            }
            return Self.functionKey(code)
        default:
            return nil                                          // ERR: timeout, or a signal interrupted the wait
        }
    }

    static func functionKey(_ code: Int32) -> KeyEvent? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case nc_KEY_F(1)...nc_KEY_F(24): return .function(Int(code - nc_KEY_F(0)))
        default: return nil
        }
    }
}
