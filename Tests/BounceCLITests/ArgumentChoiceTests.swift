import Foundation
import Testing

/// Closed sets of values are argument-parser's: a wrong one is a one-line usage error (exit 2)
/// that names the valid values, and `--help` and shell completion list them.
@Suite struct ArgumentChoiceTests {
    @Test(arguments: [
        (["queue", "list", "--state", "bogus"], ["held", "released", "suppressed", "expired", "all"]),
        (["note", "--kind", "gossip", "hello"], ["postmaster-contact", "ticket", "provider-response", "mitigation", "resolved", "note"]),
        (["export", "bogus"], ["held", "released", "suppressed", "expired"]),
        (["export", "held", "--format", "xml"], ["csv", "jsonl"]),
        (["ingest", "--format", "csv", "x.log"], ["auto", "postfix", "exim", "pmta", "jsonl"]),
        (["simulate", "--scenario", "meteor"], ["quiet", "apple-incident", "sender-wide", "list-decay"]),
        (["demo", "--scenario", "meteor"], ["quiet", "apple-incident", "sender-wide", "list-decay"]),
        (["console", "--theme", "../../etc/passwd"], ["default", "light", "high-contrast", "mono"]),
    ])
    func wrongValueIsAUsageErrorListingTheChoices(_ args: [String], _ choices: [String]) throws {
        let out = try CLIRunner().run(args)
        #expect(out.status == 2, "\(args): \(out.stderr)")
        #expect(out.stderr.split(separator: "\n").count == 1, "\(args): \(out.stderr)")
        for c in choices { #expect(out.stderr.contains(c), "\(args) does not list \(c): \(out.stderr)") }
        #expect(out.stdout.isEmpty)
    }

    @Test func helpListsTheChoices() throws {
        let cli = CLIRunner()
        let flat = { (args: [String]) throws -> String in
            try cli.run(args, db: false).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        #expect(try flat(["queue", "list", "--help"]).contains("values: held, released, suppressed, expired, all; default: held"))
        #expect(try flat(["ingest", "--help"]).contains("values: auto, postfix, exim, pmta, jsonl; default: auto"))
        #expect(try flat(["export", "--help"]).contains("values: csv, jsonl; default: csv"))
    }

    @Test func timesAreOneParsedType() throws {
        let cli = CLIRunner()
        for good in ["90s", "15m", "2h", "7d", "1w", "2019-08-08T16:00:00Z", "2019-08-08T16:00Z", "2019-08-08", "2019-08-08T18:00:00+02:00"] {
            #expect(try cli.run(["report", "--since", good, "--json"]).status == 0, "\(good)")
        }
        for bad in ["yesterday", "5x", "-3h", "2019-13-40", "99999999999999999w", ""] {
            let out = try cli.run(["report", "--until", bad])
            #expect(out.status == 2 && out.stderr.contains("--until"), "\(bad.debugDescription): \(out.stderr)")
        }
        let report = try #require(try CLIRunner.json(try cli.run(["report", "--since", "2019-08-08T18:00:00+02:00", "--json"]).stdout) as? [String: Any])
        #expect(report["from"] as? String == "2019-08-08T16:00:00Z")
        let sim = try cli.run(["simulate", "--start", "2019-08-08", "--hours", "0.01", "--seed", "3"], db: false)
        #expect(sim.status == 0 && sim.stdout.hasPrefix("2019-08-08T00:00:"), "\(sim.stdout.prefix(80))")
        #expect(try cli.run(["simulate", "--start", "soon"], db: false).status == 2)
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsOfferTheChoices(_ shell: String) throws {
        let out = try CLIRunner().run(["--generate-completion-script", shell], db: false)
        #expect(out.status == 0)
        #expect(out.stdout.contains("bouncewatch"))
        #expect(out.stdout.contains("postmaster-contact") && out.stdout.contains("apple-incident"), "\(shell)")
    }
}
