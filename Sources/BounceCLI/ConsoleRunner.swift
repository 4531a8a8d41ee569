import BounceCore
import ConsoleApp
import ConsoleUI
import Foundation
import NcursesTerminal

/// Runs the console on a session in the real terminal: signal handlers before curses
/// (a signal watcher polled from the loop), the loop, then terminal restore, and the exit status (0, or 130/143
/// after SIGINT/SIGTERM). Nothing is printed while curses owns the screen.
enum ConsoleRunner {
    static func run(session: ConsoleSession, themeName: String?, readOnly: Bool,
                    profile: EscalationProfile, draftDirectory: String, status: StatusLine?) -> Int32 {
        // Without a terminal curses would draw into a pipe and wait for keys forever.
        guard isatty(0) == 1, isatty(1) == 1 else {
            FileHandle.standardError.write(Data("bouncewatch: the console needs a terminal; for scripts use 'bouncewatch report', 'queue list' or 'incidents'\n".utf8))
            return 1
        }
        SignalWatcher.install()
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal.open() } catch {
            FileHandle.standardError.write(Data("bouncewatch: \(error)\n".utf8))
            return 1
        }
        let env = ProcessInfo.processInfo.environment
        let (theme, note) = Theme.select(requested: themeName, environment: env, colors: terminal.colors,
                                         searchPaths: Theme.defaultSearchPaths(environment: env,
                                                                               executablePath: CommandLine.arguments[0]))
        var state = ConsoleState(readOnly: readOnly, profile: profile, draftDirectory: draftDirectory)
        state.status = note.map { StatusLine($0, isError: true) } ?? status
        // BW_FRAME_STATS=1: time every present() and report on stderr after the screen is restored.
        let timed = env["BW_FRAME_STATS"].map { _ in TimedTerminal(terminal) }
        var loop = ConsoleLoop(terminal: timed ?? terminal, theme: theme, state: state,
                               snapshot: session.snapshot, perform: session.perform,
                               shouldStop: { SignalWatcher.pending != 0 }, inbox: session.inbox)
        let result = loop.run()
        terminal.shutdown()
        // A release in flight finishes its transaction (and command) before we go.
        session.drain()
        if let timed { FileHandle.standardError.write(Data("\(timed.report)\n".utf8)) }
        if result == .stopped, SignalWatcher.pending != 0 { return SignalWatcher.exitStatus(for: SignalWatcher.pending) }
        return 0
    }
}
