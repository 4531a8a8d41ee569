import ArgumentParser
import BounceCore
import Foundation

/// `bouncewatch simulate` — writes the seeded simulator's traffic as a Postfix log (the same
/// generator the demo uses). For trying bouncewatch, benchmarks and tests.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write simulated multi-provider Postfix traffic (optionally with an Apple incident) to stdout.")

    @Option(name: .long, help: "What the simulated day looks like.") var scenario: Scenario = .appleIncident
    @Option(name: .long, help: "Random seed (same seed, same log).") var seed: UInt64 = 1
    @Option(name: .long, help: "Hours of traffic.") var hours: Double = 6
    @Option(name: .long, help: "Messages per minute.") var rate: Double = 200
    @Option(name: .long, help: ArgumentHelp("Start time: an ISO time or a duration back from now, like --since; default 2019-08-08T14:00:00Z.",
                                            valueName: "time"))
    var start: TimeArgument?

    func validate() throws {
        if hours <= 0 || hours > 24 * 31 { throw ValidationError("--hours must be between 0 and 744") }
        if rate <= 0 || rate > 100_000 { throw ValidationError("--rate must be between 0 and 100000") }
    }

    func run() throws {
        let begin = start?.resolve() ?? SimulationConfig.defaultStart
        var config = SimulationConfig(scenario: scenario, seed: seed, start: begin)
        config.messagesPerMinute = rate
        var sim = TrafficSimulator(config: config)
        let end = begin + Int(hours * 3600)
        var t = begin
        let out = FileHandle.standardOutput
        while t < end {
            t = min(end, t + 3600)
            var text = ""
            for d in sim.next(upTo: t) { text += d.syslogLine + "\n" }
            out.write(Data(text.utf8))
        }
    }
}
