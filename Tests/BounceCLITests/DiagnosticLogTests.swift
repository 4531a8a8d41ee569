import Foundation
import Testing

/// Diagnostics go through swift-log to stderr, one line per event, with levels.
@Suite struct DiagnosticLogTests {
    /// Runs `bouncewatch ingest --follow` for `seconds`, then SIGTERM (as systemd stops it).
    func follow(_ cli: CLIRunner, _ log: String, seconds: Int, extra: [String] = [], env: [String: String] = [:]) throws -> CLIRunner.Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["-s", "TERM", String(seconds), CLIRunner.binary, "ingest", "--follow", log, "--db", cli.db] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["BOUNCEWATCH_LOG_LEVEL"] = nil
        environment["JOURNAL_STREAM"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIRunner.Output(status: p.terminationStatus, stdout: "", stderr: String(decoding: e, as: UTF8.self))
    }

    static let line = "Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<a@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4B1C)\n"

    @Test func followerLogsWithLevelsOneLinePerEvent() throws {
        let cli = CLIRunner()
        let log = cli.file("mail.log", Self.line)
        let out = try follow(cli, log, seconds: 2)
        let lines = out.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("bouncewatch[follow] info: following \(log)") }, "\(out.stderr)")
        #expect(lines.contains { $0.hasPrefix("bouncewatch[follow] info: reading \(log) from the start") }, "\(out.stderr)")
        #expect(lines.last == "bouncewatch[follow] notice: stopped after 1 lines", "\(out.stderr)")
        #expect(!out.stderr.contains("committed"), "debug lines stay hidden at the default level")

        // A higher level hides info; the environment variable sets it too.
        let quiet = try follow(cli, log, seconds: 2, env: ["BOUNCEWATCH_LOG_LEVEL": "warning"])
        #expect(!quiet.stderr.contains("info:") && !quiet.stderr.contains("notice:"), "\(quiet.stderr)")
        let verbose = try follow(CLIRunner(), cli.file("b.log", Self.line), seconds: 2, extra: ["--log-level", "debug"])
        #expect(verbose.stderr.contains("bouncewatch[follow] debug: committed 1 lines"), "\(verbose.stderr)")
    }

    @Test func underSystemdLinesCarryTheSyslogPriority() throws {
        // JOURNAL_STREAM must name our stderr: point it at the pipe the test reads.
        let cli = CLIRunner()
        let log = cli.file("mail.log", Self.line)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell learns the pipe's device and inode with stat on /proc/self/fd/2.
        p.arguments = ["-c", "export JOURNAL_STREAM=$(stat -L -c '%d:%i' /proc/self/fd/2); exec timeout -s TERM 2 \"$0\" ingest --follow \"$1\" --db \"$2\"",
                       CLIRunner.binary, log, cli.db]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("<6>follow: following"), "\(text)")
        #expect(text.contains("<5>follow: stopped after 1 lines"), "\(text)")
    }

    @Test func badLevelIsAUsageErrorAndOneShotCommandsStayQuiet() throws {
        let cli = CLIRunner()
        let bad = try cli.run(["report", "--log-level", "loud"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("trace") && bad.stderr.contains("critical"), "\(bad.stderr)")
        // A failing release: the one-line error of the exit-code contract, no second log line.
        try cli.seedQueue(["x@icloud.com"])
        let cfg = cli.file("release.toml", "[release]\ncommand = [\"/bin/false\"]\n")
        let rel = try cli.run(["queue", "release", "x@icloud.com", "--config", cfg])
        #expect(rel.status == 1)
        #expect(rel.stderr.split(separator: "\n").count == 1, "\(rel.stderr)")
        // Asked for, the release command's own diagnostics appear.
        let loud = try cli.run(["queue", "release", "x@icloud.com", "--config", cfg, "--log-level", "info"])
        #expect(loud.stderr.contains("bouncewatch[release] error: release command exited with status 1"), "\(loud.stderr)")
    }
}
