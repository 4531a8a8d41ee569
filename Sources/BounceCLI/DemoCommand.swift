import ArgumentParser
import BounceCore
import BounceService
import BounceStore
import ConsoleApp
import ConsoleUI
import Foundation

/// `bouncewatch demo [--speed X] [--scenario NAME] [--seed N]`: no files, no setup. A temporary
/// database (deleted on exit) fed by the seeded simulator through a real log file and the real
/// parser, at an accelerated clock, with the console opened on it.
///
/// The quiet hours before the incident are simulated and ingested at startup (so baselines
/// exist); the live part starts 8 simulated minutes before the incident. At the default speed
/// (30×) the incident builds up and is detected within about half a minute and recovers within a
/// couple of minutes.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulated live traffic with an Apple incident in a temporary database, in the console.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Simulated seconds per real second.") var speed: Double = 30
    @Option(name: .long, help: "What the simulated traffic looks like.") var scenario: Scenario = .appleIncident
    @Option(name: .long, help: "Random seed (same seed, same traffic).") var seed: UInt64 = 1
    @Option(name: .long, help: "Theme: a shipped one, or the name of a NAME.theme file in themes/.") var theme: ThemeName?

    func validate() throws {
        if !(speed > 0 && speed <= 10_000) { throw ValidationError("--speed must be between 0 and 10000") }
    }

    func run() throws {
        var template = "/tmp/bouncewatch-demo-XXXXXX".utf8CString
        guard let dirPtr = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw RuntimeError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let dir = String(cString: dirPtr)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let code = try runDemo(in: dir)
        if code != 0 { throw ExitCode(code) }
    }

    private func runDemo(in dir: String) throws -> Int32 {
        let store: Store
        do { store = try Store(path: dir + "/demo.sqlite") } catch { throw RuntimeError("\(error)") }
        // Wall-clock aligned: the incident starts 8 minutes of simulated time after launch.
        let lead = 8 * 60
        let nowMinute = Int(Date().timeIntervalSince1970) / 60 * 60
        let sim = SimulationConfig(scenario: scenario, seed: seed, start: nowMinute - 3 * 3600 + lead)
        let demo = try DemoFeed(config: sim, logPath: dir + "/mail.log", speed: speed, lead: lead)
        FileHandle.standardError.write(Data("bouncewatch demo: simulating 3 quiet hours of traffic…\n".utf8))
        try demo.prefill()
        let backend = try ConsoleBackend(store: store, sourceLabel: "demo \(scenario.rawValue) ×\(Self.speedText(speed)) \(dir)/mail.log")
        let pipeline = try IngestPipeline(store: store)
        let feed = FollowFeed(follower: LogFollower(pipeline: pipeline, paths: [demo.logPath], format: .postfix),
                              backend: backend, maxLines: 50_000)
        feed.tickBudget = .seconds(2)
        // Ingest the prefill before the screen opens: the console starts with 3 h of baseline.
        while true {
            if let p = feed.tick() { throw RuntimeError("demo ingest failed: \(p)") }
            if backend.backlogLines == 0 { break }
        }
        feed.maxLines = 20_000
        feed.tickBudget = .milliseconds(60)
        let session = ConsoleSession(backend: backend, actions: QueueActions(store: store),
                                     operatorName: global.operatorName, clock: { demo.simNow })
        session.tickWork = [demo.tick, feed.tick]
        let speedText = Self.speedText(speed)
        let leadMinutes = max(1, (sim.incidentStart - demo.simNow + 59) / 60)
        let status = StatusLine(Self.footer(sim, begun: false, lead: leadMinutes, speed: speedText))
        // The footer follows the scenario: what is coming, then — once, when it begins — what to
        // do. Only a change of phase replaces the status line, so the operator's own messages stay.
        session.statusWork = { Self.footer(sim, begun: demo.simNow >= sim.incidentStart, lead: leadMinutes, speed: speedText) }
        return ConsoleRunner.run(session: session, themeName: theme?.name, readOnly: false,
                                 profile: Self.profile(sim), draftDirectory: FileManager.default.currentDirectoryPath, status: status)
    }

    /// The demo's footer before (`lead` simulated minutes ahead) and after the scenario begins.
    static func footer(_ sim: SimulationConfig, begun: Bool, lead minutes: Int, speed: String) -> String {
        let what: String = switch sim.scenario {
        case .appleIncident where begun: "the Apple incident has begun: watch the detector open it, then R releases its holds, E drafts the escalation"
        case .appleIncident: "an Apple incident starts in ~\(minutes) simulated min"
        case .senderWide where begun: "the sender-wide rise has begun: nothing will be held (our reputation, not Apple)"
        case .senderWide: "a sender-wide incident starts in ~\(minutes) simulated min"
        case .reputation where begun: "the reputation window has begun: every provider rejects, nothing will be held"
        case .reputation: "a sender-reputation window (every provider) starts in ~\(minutes) simulated min"
        case .listDecay: "no incident: mailboxes die through the day (list decay)"
        case .quiet: "no incident in this scenario"
        }
        return "demo ×\(speed): \(what). ? for keys, q quits"
    }

    static func speedText(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s) }

    /// A filled-in sender profile so the escalation draft looks real in the demo.
    static func profile(_ sim: SimulationConfig) -> EscalationProfile {
        EscalationProfile(company: "Example Mail Co (demo)", contact: "Mail on-call <postmaster@example.com>",
                          sendingDomains: ["news.example.com"], sendingIPs: [sim.sendingIP])
    }
}
