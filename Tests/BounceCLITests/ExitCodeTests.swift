import Foundation
import Testing

@Suite struct ExitCodeTests {
    @Test func usageErrorsExitTwoWithOneLine() throws {
        let cli = CLIRunner()
        for args in [["report", "--since", "yesterday-ish"], ["queue", "release"], ["ingest", "--format", "csv", "x.log"],
                     ["note", "--kind", "gossip", "hello"], ["frobnicate"]] {
            let out = try cli.run(args)
            #expect(out.status == 2, "\(args)")
            #expect(out.stderr.split(separator: "\n").count == 1, "\(args): \(out.stderr)")
            #expect(out.stderr.hasPrefix("bouncewatch: "))
        }
    }

    @Test func runtimeFailuresExitOneWithOneLine() throws {
        let cli = CLIRunner()
        let missing = try cli.run(["ingest", cli.dir + "/no-such.log"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read") && missing.stderr.contains("no-such.log"))
        let badDB = try cli.run(["report", "--db", "/proc/nope/bw.sqlite"], db: false)
        #expect(badDB.status == 1)
        #expect(badDB.stderr.split(separator: "\n").count == 1)
        let notDB = cli.file("garbage.sqlite", String(repeating: "not a database ", count: 100))
        let garbage = try cli.run(["report", "--db", notDB], db: false)
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("not a bouncewatch database") || garbage.stderr.contains("cannot open"))
    }

    @Test func invalidConfigNamesTheKey() throws {
        let cli = CLIRunner()
        let cfg = cli.file("bad.toml", "[release]\ncomand = [\"x\"]\n")
        let out = try cli.run(["queue", "release", "--all-held", "--config", cfg])
        #expect(out.status == 1)
        #expect(out.stderr.contains("release.comand"))
        let cfg2 = cli.file("bad2.toml", "[hold]\nknown_good_days = \"thirty\"\n")
        let out2 = try cli.run(["queue", "release", "--all-held", "--config", cfg2])
        #expect(out2.stderr.contains("hold.known_good_days") && out2.stderr.contains("expected a number"))
    }

    @Test func helpExitsZero() throws {
        let out = try CLIRunner().run(["--help"], db: false)
        #expect(out.status == 0)
        #expect(out.stdout.contains("ingest") && out.stdout.contains("queue"))
    }
}
