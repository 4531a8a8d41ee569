import ArgumentParser
import BounceCore
import Foundation

/// `bouncewatch simulate` — writes the seeded simulator's traffic as a Postfix log (the same
/// generator the demo uses). For trying bouncewatch, benchmarks and tests.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write simulated multi-provider Postfix traffic (optionally with an Apple incident) to stdout.")

    @Option(name: .long, help: "apple-incident, sender-wide, quiet or list-decay.") var scenario: String = "apple-incident"
    @Option(name: .long, help: "Random seed (same seed, same log).") var seed: UInt64 = 1
    @Option(name: .long, help: "Hours of traffic.") var hours: Double = 6
    @Option(name: .long, help: "Messages per minute.") var rate: Double = 200
    @Option(name: .long, help: "Start time (ISO 8601); default 2019-08-08T14:00:00Z.") var start: String?

    func validate() throws {
        if Scenario(rawValue: scenario) == nil {
            throw ValidationError("unknown --scenario '\(scenario)': use \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if hours <= 0 || hours > 24 * 31 { throw ValidationError("--hours must be between 0 and 744") }
        if rate <= 0 || rate > 100_000 { throw ValidationError("--rate must be between 0 and 100000") }
        if let start, TimeArgument.iso(start) == nil { throw ValidationError("cannot read --start '\(start)'") }
    }

    func run() throws {
        let begin = start.flatMap(TimeArgument.iso) ?? SimulationConfig.defaultStart
        var config = SimulationConfig(scenario: Scenario(rawValue: scenario)!, seed: seed, start: begin)
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
