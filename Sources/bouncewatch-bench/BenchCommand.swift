import ArgumentParser
import BounceCore
import BounceStore
import Foundation

/// `bouncewatch-bench`: helpers for the benchmark scripts (`scripts/bench-console.sh`,
/// `scripts/bench-follow.sh`). Not shipped to operators; it only prepares workloads.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bouncewatch-bench",
        abstract: "Prepare benchmark workloads for bouncewatch.",
        subcommands: [Seed.self])

    /// `bouncewatch-bench seed --db PATH`: a seeded console workload (see `BenchSeeder`).
    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write retry-queue rows, incidents, timeline entries and rate counters into a new database.")

        @Option(name: .long, help: "Database to create (must not exist yet).") var db: String
        @Option(name: .long, help: "Retry-queue rows.") var queue = 100_000
        @Option(name: .long, help: "Timeline entries.") var timeline = 10_000
        @Option(name: .long, help: "Random seed (same seed, same rows).") var seed: UInt64 = 1

        func run() throws {
            // Seeding twice would collide on addresses and mix two workloads: start clean.
            guard !FileManager.default.fileExists(atPath: db) else {
                throw ValidationError("\(db) exists; remove it first")
            }
            let store = try Store(path: db)
            let seeder = BenchSeeder(queueRows: queue, timelineEntries: timeline, seed: seed)
            let clock = ContinuousClock()
            var summary = BenchSeeder.Summary()
            let took = try clock.measure { summary = try seeder.run(store: store) }
            let states = RetryState.allCases.map { "\($0.rawValue) \(summary.states[$0] ?? 0)" }.joined(separator: ", ")
            print("seeded \(queue) queue rows (\(states)), \(summary.incidents) incidents, "
                  + "\(summary.timeline) timeline entries, \(summary.counterCells) counter cells in "
                  + String(format: "%.1f s", Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18))
        }
    }
}
