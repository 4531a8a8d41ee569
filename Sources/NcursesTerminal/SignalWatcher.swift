import Dispatch
import Glibc
import Synchronization

/// The last SIGINT/SIGTERM received (0 = none). Set on a private queue, polled by the UI loop
/// after every key timeout (a main-queue handler would never run while the
/// main thread waits in `wget_wch`).
let pendingSignal = Atomic<Int32>(0)
nonisolated(unsafe) private var signalSources: [DispatchSourceSignal] = []

/// SIGINT/SIGTERM handling for the console. SIGWINCH is deliberately left to ncurses, which turns
/// it into `KEY_RESIZE` (a dispatch source for SIGWINCH would consume the signal before ncurses sees it).
public enum SignalWatcher {
    /// Installs the handlers. Call once, **before** `NcursesTerminal.open()`, so ncurses does
    /// not install its own exit(1) handlers for these signals.
    public static func install() {
        _ = pendingSignal.load(ordering: .relaxed)           // force lazy init outside signal context
        let queue = DispatchQueue(label: "bouncewatch.signals")
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig, SIG_IGN)                            // libdispatch re-routes it to the source
            let src = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            src.setEventHandler { pendingSignal.store(sig, ordering: .relaxed) }
            src.resume()
            signalSources.append(src)
        }
    }

    /// The pending signal number, 0 if none.
    public static var pending: Int32 { pendingSignal.load(ordering: .relaxed) }

    /// Conventional exit status for a signal: 130 for SIGINT, 143 for SIGTERM.
    public static func exitStatus(for sig: Int32) -> Int32 { 128 + sig }
}
