import Foundation
import Testing

/// Reliability: killed at any moment during ingest, a restart ends with exactly the
/// counts of an uninterrupted run.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test func killNineDuringIngestThenResumeGivesIdenticalReport() throws {
        let cli = CLIRunner()
        // A realistic log with an Apple incident: counters, holds and incidents are all compared.
        let sim = try cli.run(["simulate", "--scenario", "apple-incident", "--seed", "11", "--hours", "5"], db: false)
        #expect(sim.status == 0, "\(sim.stderr)")
        let log = cli.file("mail.log", sim.stdout)
        let lineCount = sim.lines.count
        #expect(lineCount > 50_000)

        let reference = CLIRunner()
        let clean = try reference.run(["ingest", "--format", "postfix", log])
        #expect(clean.status == 0, "\(clean.stderr)")
        let expected = try reference.run(["report", "--json"]).stdout

        var rng = SplitMix(seed: 20261129)
        var kills = 0
        for _ in 0..<6 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            p.arguments = ["ingest", "--format", "postfix", log, "--db", cli.db]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32(100_000 + rng.next() % 900_000))
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                kills += 1
            }
            p.waitUntilExit()
        }
        let finish = try cli.run(["ingest", "--format", "postfix", log])
        #expect(finish.status == 0, "\(finish.stderr)")
        let got = try cli.run(["report", "--json"]).stdout
        print("crash test: \(lineCount) lines, \(kills) of 6 runs killed with SIGKILL mid-ingest, then resumed")
        #expect(kills >= 1, "the log must be big enough for at least one kill to land mid-ingest")
        #expect(got == expected)
        // And a rerun of a fully ingested file adds nothing.
        _ = try cli.run(["ingest", "--format", "postfix", log])
        #expect(try cli.run(["report", "--json"]).stdout == expected)
    }
}

/// Small deterministic PRNG for test timing choices.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt32 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: z ^ (z >> 31))
    }
}
