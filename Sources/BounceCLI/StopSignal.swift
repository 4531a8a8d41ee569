import Foundation
import Synchronization

/// SIGINT/SIGTERM turned into a flag that long-running loops poll, so they stop after
/// committing their current batch instead of dying mid-write.
enum StopSignal {
    static let received = Atomic<Int32>(0)
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers (idempotent). Delivery happens on a private queue: the main thread
    /// may be busy in a synchronous loop.
    static func install() {
        guard sources.isEmpty else { return }
        _ = received.load(ordering: .relaxed)
        let queue = DispatchQueue(label: "bouncewatch.signals")
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            src.setEventHandler { received.store(sig, ordering: .relaxed) }
            src.resume()
            sources.append(src)
        }
    }

    static var isSet: Bool { received.load(ordering: .relaxed) != 0 }
}
