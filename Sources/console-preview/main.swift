// console-preview: the console on the built-in sample data (SampleBackend), so the ncurses
// adapter can be tried and tested under tmux before the store is wired. `bouncewatch console`
// replaces it later, with the same loop and a store-backed snapshot/effect pair.
//
//   console-preview [--theme NAME] [--read-only] [--queue N] [--bench FRAMES]
//   BW_FRAME_STATS=1 console-preview   # prints present() timing on stderr at exit
//
// Run with SWIFT_BACKTRACE=interactive=no (PLATFORM-NOTES §0 row 8).
import ConsoleUI
import Foundation
import NcursesTerminal

var themeName: String?
var readOnly = false
var queueSize = 3000
var benchFrames: Int?
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--theme": themeName = args.popFirst()
    case "--read-only": readOnly = true
    case "--queue": queueSize = Int(args.popFirst() ?? "") ?? queueSize
    case "--bench": benchFrames = Int(args.popFirst() ?? "") ?? 300
    default:
        FileHandle.standardError.write("usage: console-preview [--theme NAME] [--read-only] [--queue N] [--bench FRAMES]\n".data(using: .utf8)!)
        exit(2)
    }
}

let profile = EscalationProfile(company: "Example Mail Co", contactName: "Mail on-call",
                                contactEmail: "postmaster@example.com", sendingDomains: ["news.example.com", "example.com"],
                                sendingIPs: ["192.0.2.10", "192.0.2.11"], outputDirectory: NSTemporaryDirectory())

if let frames = benchFrames {
    // Render-only benchmark (no terminal): 200×60 with a large queue, ms per frame.
    let backend = SampleBackend(queueSize: max(queueSize, 100_000))
    var state = ConsoleState(rows: 60, cols: 200, profile: profile)
    let reducer = ConsoleReducer()
    _ = reducer.reduce(&state, .resize(rows: 60, cols: 200))
    _ = reducer.reduce(&state, .snapshot(backend.build(state.request)))
    let view = ConsoleView()
    let clock = ContinuousClock()
    var grid = view.render(state)
    let t = clock.measure {
        for i in 0..<frames {
            _ = reducer.reduce(&state, .key(i % 2 == 0 ? .char("j") : .char("k")))
            grid = view.render(state)
        }
    }
    let ms = Double(t.components.attoseconds) / 1e15 + Double(t.components.seconds) * 1000
    print("render 200x60, \(Fmt.count(backend.rows.count)) queue rows: \(String(format: "%.3f", ms / Double(frames))) ms/frame (\(frames) frames, \(grid.rows) rows)")
    exit(0)
}

SignalWatcher.install()
let terminal: NcursesTerminal
do { terminal = try NcursesTerminal.open() } catch {
    FileHandle.standardError.write("console-preview: \(error)\n".data(using: .utf8)!)
    exit(1)
}
let env = ProcessInfo.processInfo.environment
let (theme, note) = Theme.select(requested: themeName, environment: env, colors: terminal.colors,
                                 searchPaths: Theme.defaultSearchPaths(environment: env, executablePath: CommandLine.arguments[0]))
let backend = SampleBackend(queueSize: queueSize, readOnly: readOnly, writeFiles: true)
var state = ConsoleState(readOnly: readOnly, profile: profile)
if let note { state.status = StatusLine(note, isError: true) }
let timed = env["BW_FRAME_STATS"].map { _ in TimedTerminal(terminal) }
var loop = ConsoleLoop(terminal: timed ?? terminal, theme: theme, state: state,
                       snapshot: { backend.snapshot(for: $0) },
                       perform: { backend.perform($0, $1) },
                       shouldStop: { SignalWatcher.pending != 0 })
let result = loop.run()
terminal.shutdown()
if let timed { FileHandle.standardError.write("\(timed.report)\n".data(using: .utf8)!) }
if result == .stopped, SignalWatcher.pending != 0 { exit(SignalWatcher.exitStatus(for: SignalWatcher.pending)) }
exit(0)
