import BounceCore
import Foundation

/// The demo's traffic: the seeded simulator writes Postfix lines to a log file at an accelerated
/// clock; a `FollowFeed` on the same file ingests them, so the demo exercises the real parser,
/// engine and store.
///
/// The simulated clock starts `lead` before the scenario's incident, after a prefill of the
/// quiet hours before it (so baselines exist), and then runs at `speed` simulated seconds per
/// real second.
public final class DemoFeed {
    public let speed: Double
    public let logPath: String
    /// Simulated time (epoch seconds) the live part started at.
    public let liveStart: Int
    /// Simulated "now": what has been written so far.
    public private(set) var simNow: Int
    private var simulator: TrafficSimulator
    private let handle: FileHandle
    private var realStart: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    /// Creates the log file (owner-only) and the simulator; nothing is written yet.
    public init(config: SimulationConfig, logPath: String, speed: Double, lead: Int = 8 * 60) throws {
        self.speed = max(0.1, speed)
        self.logPath = logPath
        simulator = TrafficSimulator(config: config)
        liveStart = config.incidentStart - lead
        simNow = config.start
        guard FileManager.default.createFile(atPath: logPath, contents: nil, attributes: [.posixPermissions: 0o600]),
              let h = FileHandle(forWritingAtPath: logPath) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logPath])
        }
        handle = h
    }

    deinit { try? handle.close() }

    /// Writes the quiet hours before the live part as fast as possible.
    public func prefill() throws {
        while simNow < liveStart { try write(upTo: min(liveStart, simNow + 1800)) }
    }

    /// Advances the simulated clock to match real time since the first call (the console's tick).
    @discardableResult
    public func tick() -> String? {
        let now = clock.now
        if realStart == nil { realStart = now }
        let elapsed = (now - realStart!) / .seconds(1)
        do { try write(upTo: liveStart + Int(elapsed * speed)) } catch { return "demo: cannot write \(logPath): \(error)" }
        return nil
    }

    /// Writes simulated traffic up to `time` (epoch seconds); also used by tests with a manual clock.
    public func write(upTo time: Int) throws {
        guard time > simNow else { return }
        var text = ""
        for d in simulator.next(upTo: time) { text += d.syslogLine; text += "\n" }
        simNow = time
        if !text.isEmpty { try handle.write(contentsOf: Data(text.utf8)) }
    }
}
