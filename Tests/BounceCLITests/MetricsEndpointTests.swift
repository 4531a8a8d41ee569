import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `ingest --follow --metrics-listen`: what Prometheus scrapes agrees with `report --json`, and
/// the real `promtool check metrics` accepts it.
@Suite struct MetricsEndpointTests {
    /// Starts a follower on port 0 and returns it with the port it logged.
    func startFollower(_ cli: CLIRunner, log: String) throws -> (Process, Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        p.arguments = ["ingest", "--follow", "--metrics-listen", "127.0.0.1:0", "--db", cli.db, log]
        var env = ProcessInfo.processInfo.environment
        env["XDG_CONFIG_HOME"] = cli.dir + "/config"
        env["BOUNCEWATCH_LOG_LEVEL"] = "info"
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let r = seen.range(of: #"serving /metrics on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(seen[r].split(separator: ":").last ?? "") ?? 0
                // Keep draining stderr so the follower never blocks on a full pipe.
                Thread { while !err.fileHandleForReading.availableData.isEmpty {} }.start()
                return (p, port)
            }
        }
        p.terminate()
        throw MetricsTestError("follower did not start serving: \(seen)")
    }

    struct MetricsTestError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    func get(_ url: String) throws -> (Int, String) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String) = (0, "")
        URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return result
    }

    /// Sum of a metric's samples whose labels contain `matching`.
    func sum(_ text: String, _ name: String, matching: String = "") -> Double {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .filter { matching.isEmpty || $0.contains(matching) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    @Test func scrapeAgreesWithTheReportAndPassesPromtool() throws {
        let cli = CLIRunner()
        let sim = try cli.run(["simulate", "--scenario", "apple-incident", "--seed", "5", "--hours", "4"], db: false)
        let lineCount = sim.stdout.split(separator: "\n").count
        let log = cli.file("day.log", sim.stdout)
        let (follower, port) = try startFollower(cli, log: log)
        defer { follower.terminate(); follower.waitUntilExit() }
        #expect(port > 0)

        var text = ""
        let deadline = Date().addingTimeInterval(60)
        repeat {
            Thread.sleep(forTimeInterval: 0.5)
            let (status, body) = try get("http://127.0.0.1:\(port)/metrics")
            #expect(status == 200)
            text = body
        } while sum(text, "bouncewatch_lines_total") < Double(lineCount) && Date() < deadline
        #expect(sum(text, "bouncewatch_lines_total") == Double(lineCount))

        let report = try #require(CLIRunner.json(try cli.run(["report", "--json"]).stdout) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        let queue = try #require(report["queue"] as? [String: Any])
        #expect(sum(text, "bouncewatch_attempts_total", matching: "outcome=\"bounced\"") == Double(totals["bounced"] as? Int ?? -1))
        #expect(sum(text, "bouncewatch_attempts_total") == Double(totals["attempts"] as? Int ?? -1))
        #expect(sum(text, "bouncewatch_bounces_total") == Double(totals["bounced"] as? Int ?? -1))
        #expect(sum(text, "bouncewatch_queue_addresses", matching: "state=\"held\"") == Double(queue["held"] as? Int ?? -1))
        #expect(text.contains("bouncewatch_incident_open{provider=\"apple\",kind=\"provider\"}"))
        #expect(text.contains("bouncewatch_bounce_rate{provider=\"apple\",window=\"5m\"}"))
        #expect(sum(text, "bouncewatch_last_event_timestamp_seconds") > 1_500_000_000)
        #expect(!text.contains("@"), "no address in any label")
        #expect(try get("http://127.0.0.1:\(port)/").0 == 404)

        // The real linter, when it is installed (CI installs it and must not skip).
        let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if ProcessInfo.processInfo.environment["CI"] == "true" { #expect(promtool != nil, "CI must install promtool") }
        guard let promtool else {
            print("promtool not installed: skipping `promtool check metrics` (CI runs it)")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: promtool)
        p.arguments = ["check", "metrics"]
        let inp = Pipe(), out = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        p.standardError = out
        try p.run()
        try inp.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try inp.fileHandleForWriting.close()
        let lint = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "promtool check metrics: \(lint)")
        print("promtool check metrics: exit \(p.terminationStatus)\(lint.isEmpty ? ", no findings" : ": " + lint)")
    }

    @Test func metricsListenWantsFollowAndAValidAddress() throws {
        let cli = CLIRunner()
        let log = cli.file("empty.log", "")
        #expect(try cli.run(["ingest", "--metrics-listen", "127.0.0.1:9464", log]).status == 2)
        let bad = try cli.run(["ingest", "--follow", "--metrics-listen", "9464", log])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("HOST:PORT"))
    }

    /// A port that is taken is a one-line error (exit 1) before the console takes the terminal,
    /// not a console that quietly follows without metrics.
    @Test func aTakenMetricsPortIsAnErrorForIngestAndConsoleAlike() throws {
        let cli = CLIRunner()
        let (holder, port) = try startFollower(cli, log: cli.file("a.log", ""))
        defer { holder.terminate(); holder.waitUntilExit() }
        let other = CLIRunner()
        let log = other.file("b.log", "")
        for args in [["ingest", "--follow"], ["console", "--follow"]] {
            let r = try other.run(args + [log, "--metrics-listen", "127.0.0.1:\(port)"])
            #expect(r.status == 1, "\(args): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("127.0.0.1:\(port)"), "\(args): \(r.stderr)")
        }
    }
}
