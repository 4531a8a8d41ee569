import BounceCore
import BounceStore
import Foundation
import Testing

/// Hostile input end to end (issue 6 item 2): `bouncewatch ingest` accounts for every line, and
/// everything that prints log-borne text (export, queue list, classify, report) is safe for a
/// terminal, a spreadsheet and a JSON reader.
@Suite struct HostileCLITests {
    static let hostile: [String] = [
        "\u{1B}[2J\u{1B}[H", "\u{1B}]0;pwned\u{07}", "\u{9B}31m", "\u{9D}0;t\u{9C}", "\u{202E}moc.duolci", "\u{2066}x\u{2069}",
        "=HYPERLINK(\"http://e\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\u{FF1D}1+1", "\u{FF20}x",
        "$(rm -rf /)", "`id`", "; rm -rf ~", "| nc e 1", "\u{0}nul", "\u{7F}\u{08}", "\u{200F}\u{061C}",
    ]

    static func bounce(_ n: Int, address: String, reply: String) -> String {
        "Aug  8 17:\(String(format: "%02d", n % 60)):11 mx postfix/smtp[1]: Q\(n)X: to=<\(address)>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 \(reply) user does not exist (in reply to RCPT TO command))"
    }

    /// A Postfix log with hostile bounces, junk, invalid UTF-8, NULs, CR mixes and a >1 MiB line.
    static func hostileLog() -> [UInt8] {
        var lines: [[UInt8]] = []
        for (k, h) in hostile.enumerated() {
            let addrs = [h + "@icloud.com", "u\(k)" + h + "@me.com"]
            for (j, a) in addrs.enumerated() {
                lines.append(Array(bounce(k * 2 + j, address: a, reply: hostile[(k + 3) % hostile.count]).utf8))
            }
        }
        lines.append(Array("Aug  8 17:00:00 mx postfix/smtp[1]: AB1: to=<ok@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 OK)".utf8))
        lines.append(Array("Aug  8 17:00:01 mx postfix/smtpd[2]: connect from unknown[10.0.0.1]".utf8))
        lines.append([0xFF, 0xFE, 0x00, 0x9B, 0x32, 0x4A, 0xC0, 0xAF])
        lines.append(Array("Aug  8 17:00:02 mx postfix/smtp[1]: AB2: to=<cut@icloud.com".utf8))  // truncated
        lines.append(Array("garbage status= to=<x@y> postfix/smtp[1]: ".utf8))
        lines.append([UInt8](repeating: 0, count: 64))
        lines.append(Array("x".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: (1 << 20) + 10))  // overlong
        lines.append([])
        var file: [UInt8] = []
        for (i, l) in lines.enumerated() { file += l + (i % 3 == 0 ? [13, 10] : [10]) }
        return file
    }

    /// What the parser makes of the log in-process: (lines, events, ignored, rejected).
    static func expected(_ file: [UInt8]) -> (lines: Int, events: Int, ignored: Int, rejected: Int) {
        var p = PostfixParser(options: ParserOptions(referenceDate: Date().timeIntervalSince1970))
        var r = (lines: 0, events: 0, ignored: 0, rejected: 0)
        var sp = LineSplitter()
        func handle(_ l: LineSplitter.Line, _: Int64) {
            r.lines += 1
            guard case .text(let b) = l else { r.rejected += 1; return }
            switch p.parse(b, lineNumber: r.lines, emit: { _ in r.events += 1 }) {
            case .parsed: break
            case .ignored: r.ignored += 1
            case .rejected: r.rejected += 1
            }
        }
        file.withUnsafeBufferPointer { sp.feed($0, handle) }
        sp.finish(handle)
        return r
    }

    static func isUnsafe(_ u: Unicode.Scalar, allowTab: Bool = false) -> Bool {
        let v = u.value
        if v == 0x0A || (allowTab && v == 0x09) { return false }
        return v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    static func assertTerminalSafe(_ s: String, _ what: String, allowTab: Bool = false) {
        let bad = s.unicodeScalars.filter { isUnsafe($0, allowTab: allowTab) }.map { String($0.value, radix: 16) }
        #expect(bad.isEmpty, "\(what): raw control characters \(Set(bad).sorted())")
    }

    @Test func ingestAccountsForEveryLineAndOutputsAreSafe() throws {
        let cli = CLIRunner()
        let log = HostileCLITests.hostileLog()
        let path = cli.dir + "/hostile.log"
        FileManager.default.createFile(atPath: path, contents: Data(log))
        let want = Self.expected(log)
        #expect(want.rejected >= 2 && want.ignored >= 3 && want.events >= 2 * Self.hostile.count, "\(want)")

        let ingest = try cli.run(["ingest", "--format", "postfix", path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        Self.assertTerminalSafe(ingest.stderr, "ingest stderr")
        let report = try #require(try CLIRunner.json(try cli.run(["report", "--json"]).stdout) as? [String: Any])
        let totals = try #require(report["totals"] as? [String: Any])
        let attempts = totals["attempts"] as? Int ?? -1, ignored = totals["ignored_lines"] as? Int ?? -1,
            rejected = totals["rejected_lines"] as? Int ?? -1
        #expect(attempts == want.events)
        #expect(ignored == want.ignored)
        #expect(rejected == want.rejected)
        // Every line is exactly one of parsed / ignored / rejected (one event per parsed line here).
        #expect(attempts + ignored + rejected == want.lines)

        // Exactly once: a rerun changes nothing.
        _ = try cli.run(["ingest", "--format", "postfix", path])
        let again = try #require(try CLIRunner.json(try cli.run(["report", "--json"]).stdout) as? [String: Any])
        #expect(NSDictionary(dictionary: again["totals"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: totals))

        // Auto-detection on the same bytes reaches the same verdict.
        let auto = CLIRunner()
        _ = try auto.run(["ingest", path])
        let autoReport = try #require(try CLIRunner.json(try auto.run(["report", "--json"]).stdout) as? [String: Any])
        #expect(NSDictionary(dictionary: autoReport["totals"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: totals))

        // Outputs: the queue holds the hostile addresses with hostile reply texts.
        var hostileAddresses: [String] = []
        for (k, h) in Self.hostile.enumerated() { hostileAddresses += [h + "@icloud.com", "u\(k)" + h + "@me.com"] }
        try cli.seedQueue(hostileAddresses, reply: { "550 5.1.1 " + Self.hostile[($0 + 3) % Self.hostile.count] })
        for state in ["held", "suppressed"] {
            let csv = try cli.run(["export", state, "--format", "csv"])
            #expect(csv.status == 0)
            Self.assertTerminalSafe(csv.stdout, "export \(state) csv", allowTab: true)
            for row in csv.lines.dropFirst() {
                let cells = try #require(Self.csvCells(row), "bad CSV row \(row.debugDescription)")
                #expect(cells.count == 14)
                for c in cells {
                    let first = c.unicodeScalars.first
                    let formula = first.map { ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"].contains($0) } ?? false
                    #expect(!formula, "formula cell \(c.debugDescription)")
                }
            }
            let jsonl = try cli.run(["export", state, "--format", "jsonl"])
            Self.assertTerminalSafe(jsonl.stdout, "export \(state) jsonl")
            for line in jsonl.lines { #expect((try? CLIRunner.json(line)) is [String: Any], "bad JSON line \(line.debugDescription)") }
        }
        let listJSON = try cli.run(["queue", "list", "--state", "all", "--json"])
        Self.assertTerminalSafe(listJSON.stdout, "queue list --json")
        let items = try #require(try CLIRunner.json(listJSON.stdout) as? [[String: Any]])
        #expect(items.count == 2 * Self.hostile.count)
        // JSON keeps the exact address (escaped), so scripts can act on it.
        let addresses = Set(items.compactMap { $0["address"] as? String })
        #expect(addresses.contains("\u{1B}[2J\u{1B}[H@icloud.com".lowercased()))
        let listText = try cli.run(["queue", "list", "--state", "all"])
        Self.assertTerminalSafe(listText.stdout, "queue list")
        let reportText = try cli.run(["report"])
        Self.assertTerminalSafe(reportText.stdout, "report")
        let timeline = try cli.run(["timeline"])
        Self.assertTerminalSafe(timeline.stdout, "timeline")

        // classify: hostile diagnostics on stdin, one JSON object per line.
        let input = Self.hostile.map { "550 5.1.1 " + $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n"
        let classified = try cli.run(["classify", "--json"], stdin: input, db: false)
        #expect(classified.status == 0)
        Self.assertTerminalSafe(classified.stdout, "classify --json")
        #expect(classified.lines.count == Self.hostile.count)
        for line in classified.lines { #expect((try? CLIRunner.json(line)) is [String: Any], "bad JSON line \(line.debugDescription)") }
        let classifiedText = try cli.run(["classify"], stdin: input, db: false)
        Self.assertTerminalSafe(classifiedText.stdout, "classify", allowTab: true)
        let args = try cli.run(["classify", "--json"] + Self.hostile.filter { !$0.contains("\u{0}") }, db: false)
        Self.assertTerminalSafe(args.stdout, "classify --json ARGS")
    }

    @Test func daylightSavingWithTZEuropeBerlin() throws {
        // Zone-less ISO stamps are read in the process zone: the repeated fall-back hour takes
        // the daylight offset (first pass), the hour after the spring-forward is CEST.
        for (stamp, utc) in [("2024-10-27 02:30:00", "2024-10-27T00:30:00Z"), ("2024-10-27 03:30:00", "2024-10-27T02:30:00Z"),
                             ("2024-03-31 03:30:00", "2024-03-31T01:30:00Z"), ("2024-03-31 01:30:00", "2024-03-31T00:30:00Z")] {
            let cli = CLIRunner()
            let log = cli.file("dst.log", "\(stamp) mx postfix/smtp[1]: AB1: to=<a@gmail.com>, relay=none, delay=1, dsn=2.0.0, status=sent (250 ok)\n")
            let r = try cli.run(["ingest", "--format", "postfix", log], env: ["TZ": "Europe/Berlin"])
            #expect(r.status == 0, "\(r.stderr)")
            let report = try #require(try CLIRunner.json(try cli.run(["report", "--json"]).stdout) as? [String: Any])
            #expect(report["from"] as? String == utc, "\(stamp)")
        }
    }

    static func csvCells(_ row: String) -> [String]? {
        var cells: [String] = []
        var it = Array(row.unicodeScalars)[...]
        while !it.isEmpty {
            guard it.first == "\"" else { return nil }
            it = it.dropFirst()
            var cell = String.UnicodeScalarView()
            while true {
                guard let c = it.first else { return nil }
                it = it.dropFirst()
                if c == "\"" {
                    if it.first == "\"" { cell.append("\""); it = it.dropFirst(); continue }
                    break
                }
                cell.append(c)
            }
            cells.append(String(cell))
            if it.first == "," { it = it.dropFirst() } else if !it.isEmpty { return nil }
        }
        return cells
    }
}

extension CLIRunner {
    /// Puts retry items straight into the database (the queue path does not depend on the
    /// classifier's verdicts, which are being rewritten elsewhere).
    func seedQueue(_ addresses: [String], reply: (Int) -> String = { _ in "550 5.1.1 user does not exist" }, db path: String? = nil) throws {
        let store = try Store(path: path ?? db)
        try store.write { tx in
            for (k, a) in addresses.enumerated() {
                let item = RetryItem(address: a.lowercased(), domain: DeliveryEvent.domain(of: a), provider: "apple",
                                     state: k % 2 == 0 ? .held : .suppressed, reason: .userUnknown, status: EnhancedStatus("5.1.1"),
                                     replyCode: 550, lastReply: reply(k), firstBounceAt: 1_565_283_731, lastBounceAt: 1_565_283_731,
                                     bounces: 1, lastDeliveredAt: nil, incidentID: nil, evidence: .openIncident,
                                     stateSince: 1_565_283_731, updatedBy: "engine", updatedAt: 1_565_283_731)
                try tx.saveRetryItem(item)
            }
        }
    }
}
