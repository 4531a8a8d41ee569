import Foundation
import Testing

/// `[alerts] command`: one JSON object per incident event on stdin, never a stalled ingest.
@Suite struct IncidentHookTests {
    /// A day with one Apple incident that opens and closes, and a hook that appends what it got.
    func setUp(hookBody: String, timeout: Int = 10) throws -> (CLIRunner, log: String, record: String) {
        let cli = CLIRunner()
        let sim = try cli.run(["simulate", "--scenario", "apple-incident", "--seed", "11", "--hours", "5"], db: false)
        let log = cli.file("day.log", sim.stdout)
        let record = cli.dir + "/got.txt"
        let hook = cli.file("hook.sh", "#!/bin/sh\n" + hookBody + "\n")
        chmod(hook, 0o755)
        try FileManager.default.createDirectory(atPath: cli.dir + "/config/bouncewatch", withIntermediateDirectories: true)
        _ = cli.file("config/bouncewatch/config.toml",
                     "[alerts]\ncommand = [\"\(hook)\", \"\(record)\"]\ntimeout_seconds = \(timeout)\n")
        return (cli, log, record)
    }

    @Test func eachIncidentEventReachesTheHookOnceWithTheIncidentsID() throws {
        let (cli, log, record) = try setUp(hookBody: """
            { cat; echo "ENV $BOUNCEWATCH_EVENT $BOUNCEWATCH_INCIDENT_ID $BOUNCEWATCH_PROVIDER $BOUNCEWATCH_KIND"; } >> "$1"
            """)
        let r = try cli.run(["ingest", "--alerts", log])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        let objects = try lines.filter { $0.hasPrefix("{") }.map { try #require(CLIRunner.json($0) as? [String: Any]) }
        let incidents = try #require(CLIRunner.json(try cli.run(["incidents", "--json"]).stdout) as? [[String: Any]])
        let apple = try #require(incidents.first { $0["provider"] as? String == "apple" })
        let id = try #require(apple["id"] as? Int)
        #expect(objects.map { $0["event"] as? String } == ["incident.opened", "incident.closed"])
        #expect(objects.allSatisfy { $0["incident_id"] as? Int == id && $0["kind"] as? String == "provider" })
        #expect(lines.filter { $0.hasPrefix("ENV ") } == ["ENV incident.opened \(id) apple provider", "ENV incident.closed \(id) apple provider"])
        let opened = objects[0]
        #expect((opened["held"] as? Int ?? 0) > 0)
        #expect(opened["started_at"] as? String == apple["started_at"] as? String)
        #expect((opened["text"] as? String ?? "").contains("apple incident #\(id) opened"))
        #expect(objects[1]["closed_at"] as? String == apple["closed_at"] as? String)

        // Replaying the same day into another database without --alerts pages nobody.
        try FileManager.default.removeItem(atPath: record)
        #expect(try cli.run(["ingest", log, "--db", cli.dir + "/replay.sqlite"], db: false).status == 0)
        #expect(!FileManager.default.fileExists(atPath: record))
        // Nor does re-reading what was already ingested.
        #expect(try cli.run(["ingest", "--alerts", log]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: record))
    }

    @Test func aHangingHookIsKilledAtItsTimeoutAndNotedOnTheTimeline() throws {
        let (cli, log, _) = try setUp(hookBody: "exec sleep 60", timeout: 1)
        let started = Date()
        let r = try cli.run(["ingest", "--alerts", log])
        let took = Date().timeIntervalSince(started)
        #expect(r.status == 0, "\(r.stderr)")
        // Two hooks of at most 1 s (+2 s to die) each, not two minutes of sleep.
        #expect(took < 30, "ingest took \(took) s with a hanging hook")
        // Nothing lost to the hook: the same totals as a run without one.
        let plain = cli.dir + "/plain.sqlite"
        #expect(try cli.run(["ingest", log, "--db", plain], db: false).status == 0)
        func totals(_ args: [String], db: Bool) throws -> String {
            let report = try #require(CLIRunner.json(try cli.run(args, db: db).stdout) as? [String: Any])
            return "\(try #require(report["totals"] as? [String: Any]).sorted { $0.key < $1.key })"
        }
        #expect(try totals(["report", "--json"], db: true) == totals(["report", "--json", "--db", plain], db: false))
        let timeline = try #require(CLIRunner.json(try cli.run(["timeline", "--json"]).stdout) as? [[String: Any]])
        let notes = timeline.filter { $0["by"] as? String == "alerts" }.compactMap { $0["text"] as? String }
        #expect(notes.count == 2, "\(notes)")
        #expect(notes.allSatisfy { $0.contains("timed out after 1 s") })
    }

    @Test func aFailingHookIsNotedAndIngestStillSucceeds() throws {
        let (cli, log, _) = try setUp(hookBody: "echo 'webhook said 403' >&2; exit 7")
        let r = try cli.run(["ingest", "--alerts", log])
        #expect(r.status == 0)
        let timeline = try #require(CLIRunner.json(try cli.run(["timeline", "--json"]).stdout) as? [[String: Any]])
        let notes = timeline.filter { $0["by"] as? String == "alerts" }.compactMap { $0["text"] as? String }
        #expect(notes.count == 2)
        #expect(notes.allSatisfy { $0.contains("exited with status 7: webhook said 403") })
    }

    @Test func alertsWithoutAHookIsAUsageError() throws {
        let cli = CLIRunner()
        let log = cli.file("empty.log", "")
        let r = try cli.run(["ingest", "--alerts", log])
        #expect(r.status == 2)
        #expect(r.stderr.contains("[alerts] command"))
    }
}
