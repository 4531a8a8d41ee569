import Foundation
import Testing

/// `bouncewatch mitigation`: the incident's domains, written where the operator asked, never for
/// a sender-wide incident.
@Suite struct MitigationCommandTests {
    func ingested(_ scenario: String, seed: String = "11") throws -> CLIRunner {
        let cli = CLIRunner()
        let sim = try cli.run(["simulate", "--scenario", scenario, "--seed", seed, "--hours", "5"], db: false)
        let r = try cli.run(["ingest", cli.file("day.log", sim.stdout)])
        #expect(r.status == 0, "\(r.stderr)")
        return cli
    }

    @Test func dirHoldsTheFilesAndTransportListsExactlyTheIncidentsDomains() throws {
        let cli = try ingested("apple-incident")
        let incidents = try #require(CLIRunner.json(try cli.run(["incidents", "--json"]).stdout) as? [[String: Any]])
        let id = try #require(incidents.first { $0["provider"] as? String == "apple" }?["id"] as? Int)
        let out = cli.dir + "/mitigation"
        let r = try cli.run(["mitigation", "--mta", "postfix", "--incident", "\(id)", "--dir", out])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(r.stderr.contains("wrote 5 files"))
        for name in ["transport", "dsn_filter.pcre", "master.cf.append", "main.cf.append", "README"] {
            let attrs = try FileManager.default.attributesOfItem(atPath: out + "/" + name)
            #expect((attrs[.posixPermissions] as? Int) == 0o644, "\(name)")   // Postfix's own user reads them
        }
        let routed = try String(contentsOfFile: out + "/transport", encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.map { String($0.split(separator: " ")[0]) }
        let items = try #require(CLIRunner.json(try cli.run(["queue", "list", "--state", "all", "--incident", "\(id)", "--json"]).stdout) as? [[String: Any]])
        let linked = Set(items.compactMap { $0["domain"] as? String })
        #expect(!items.isEmpty && linked.isSubset(of: Set(routed)))
        let custom = Set(routed).subtracting(["icloud.com", "me.com", "mac.com", "privaterelay.appleid.com"])
        #expect(!custom.isEmpty, "iCloud-hosted custom domains of the incident are routed too")
        // Only Apple's domains: none that another provider's report rows name.
        let report = try #require(CLIRunner.json(try cli.run(["queue", "list", "--state", "all", "--json"]).stdout) as? [[String: Any]])
        let others = Set(report.filter { $0["provider"] as? String != "apple" }.compactMap { $0["domain"] as? String })
        #expect(others.isDisjoint(with: routed) && !others.isEmpty)
        #expect(routed == routed.sorted() && Set(routed).count == routed.count)

        // Printed, the same files follow each other under a header.
        let printed = try cli.run(["mitigation", "--incident", "\(id)"])
        #expect(printed.status == 0)
        #expect(printed.lines.filter { $0.hasPrefix("==> ") } == ["==> transport <==", "==> dsn_filter.pcre <==", "==> master.cf.append <==", "==> main.cf.append <==", "==> README <=="])
    }

    @Test func senderWideAndUnknownIncidentsAreRefusedWithOneLine() throws {
        let cli = try ingested("sender-wide")
        let incidents = try #require(CLIRunner.json(try cli.run(["incidents", "--json"]).stdout) as? [[String: Any]])
        let wide = try #require(incidents.first { $0["kind"] as? String == "sender-wide" }?["id"] as? Int)
        let r = try cli.run(["mitigation", "--incident", "\(wide)", "--dir", cli.dir + "/m"])
        #expect(r.status == 1 && r.stderr.contains("is sender-wide") && r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: cli.dir + "/m"))
        let missing = try cli.run(["mitigation", "--incident", "999"])
        #expect(missing.status == 1 && missing.stderr.contains("no incident #999"))
        let badDir = try cli.run(["mitigation", "--install-dir", "etc/postfix"])
        #expect(badDir.status == 2)
        let exim = try cli.run(["mitigation", "--mta", "exim", "--dir", cli.dir + "/m"])
        #expect(exim.status == 2)
    }

    @Test func withoutAnOpenIncidentTheChangeIsPreparedForApplesOwnDomains() throws {
        let cli = CLIRunner()
        let r = try cli.run(["mitigation"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("no open provider incident"))
        #expect(r.stdout.contains("icloud.com                bouncewatch-apple:"))
        let exim = try cli.run(["mitigation", "--mta", "exim"])
        #expect(exim.status == 0 && exim.stdout.contains("no change can soften"))
    }
}
