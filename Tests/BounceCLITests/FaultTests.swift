import BounceStore
import Foundation
import Testing

/// Faults (issue 6 item 4): a locked, full or read-only database during `ingest` and during a
/// `queue release` → exit 1 with one clear line, nothing of the failed batch/action persisted,
/// and a rerun once the fault clears ends exactly where an uninterrupted run would.
///
/// Disk full and read-only use a real tmpfs (needs root and mount(8); skipped otherwise).
@Suite struct FaultTests {
    static func bounces(_ range: Range<Int>, domain: String = "icloud.com") -> String {
        range.map { n in
            "Aug  8 17:\(String(format: "%02d", (n / 60) % 60)):\(String(format: "%02d", n % 60)) mx postfix/smtp[1]: Q\(n)X: to=<user\(n)@\(domain)>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <user\(n)@\(domain)>: user does not exist (in reply to RCPT TO command))\n"
        }.joined()
    }

    /// The observable state: report totals, queue counts, every item's state.
    static func snapshot(_ cli: CLIRunner, db: String? = nil) throws -> String {
        let extra = db.map { ["--db", $0] } ?? []
        let report = try cli.run(["report", "--json"] + extra, db: db == nil)
        let queue = try cli.run(["queue", "list", "--state", "all", "--json"] + extra, db: db == nil)
        let r = try CLIRunner.json(report.stdout) as? [String: Any] ?? [:]
        let items = (try CLIRunner.json(queue.stdout) as? [[String: Any]] ?? []).map { "\($0["address"] ?? "")=\($0["state"] ?? "")" }.sorted()
        let totals = (r["totals"] as? [String: Any] ?? [:]).map { "\($0.key)=\($0.value)" }.sorted()
        let q = (r["queue"] as? [String: Any] ?? [:]).map { "\($0.key)=\($0.value)" }.sorted()
        return "totals \(totals)\nqueue \(q)\nitems \(items.count) \(items.joined(separator: " "))"
    }

    static func oneLine(_ s: String) -> Bool { s.split(separator: "\n").count == 1 }

    // MARK: locked

    @Test func lockedDatabaseDuringIngestAndRelease() throws {
        let cli = CLIRunner()
        let base = cli.file("base.log", Self.bounces(0..<5))
        let more = cli.file("more.log", Self.bounces(5..<9))
        #expect(try cli.run(["ingest", "--format", "postfix", base]).status == 0)
        try cli.seedQueue((0..<5).map { "user\($0)@icloud.com" })
        let before = try Self.snapshot(cli)

        // Another connection holds a write transaction past the busy timeout (10 s).
        let holder = try Store(path: cli.db)
        let locked = DispatchSemaphore(value: 0), unlock = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? holder.write { _ in locked.signal(); unlock.wait() }
            done.signal()
        }
        locked.wait()
        // Ingest and release at the same time, both against the lock.
        nonisolated(unsafe) var ingest: CLIRunner.Output?
        nonisolated(unsafe) var release: CLIRunner.Output?
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { ingest = try? cli.run(["ingest", "--format", "postfix", more]) }
        DispatchQueue.global().async(group: group) { release = try? cli.run(["queue", "release", "user1@icloud.com"]) }
        group.wait()
        unlock.signal()
        done.wait()

        for (what, out) in [("ingest", ingest), ("release", release)] {
            let o = try #require(out)
            #expect(o.status == 1, "\(what): \(o.stderr)")
            #expect(Self.oneLine(o.stderr), "\(what): \(o.stderr)")
            #expect(o.stderr.contains("locked"), "\(what): \(o.stderr)")
        }
        #expect(try Self.snapshot(cli) == before)

        // Lock gone: both succeed, exactly once.
        #expect(try cli.run(["ingest", "--format", "postfix", more]).status == 0)
        #expect(try cli.run(["ingest", "--format", "postfix", more]).status == 0)
        #expect(try cli.run(["queue", "release", "user1@icloud.com"]).status == 0)
        let reference = CLIRunner()
        _ = try reference.run(["ingest", "--format", "postfix", base])
        try reference.seedQueue((0..<5).map { "user\($0)@icloud.com" })
        _ = try reference.run(["ingest", "--format", "postfix", more])
        _ = try reference.run(["queue", "release", "user1@icloud.com"])
        #expect(try Self.snapshot(cli) == (try Self.snapshot(reference)))
    }

    // MARK: tmpfs-backed faults

    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bw-mnt-probe-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard sh("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]) == 0 else { return false }
        _ = sh("/bin/umount", [dir])
        return true
    }()

    @discardableResult
    static func sh(_ tool: String, _ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// A tmpfs of `size` mounted for the duration of `body`.
    static func withTmpfs(size: String, _ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bw-mnt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(sh("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", dir]) == 0)
        defer {
            _ = sh("/bin/umount", ["-l", dir])
            try? FileManager.default.removeItem(atPath: dir)
        }
        try body(dir)
    }

    /// Fills the file system holding `dir` (a filler file written until ENOSPC).
    static func fill(_ dir: String) -> String {
        let path = dir + "/filler"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
        return path
    }

    @Test(.enabled(if: FaultTests.canMount, "needs root and tmpfs mounts"))
    func diskFullDuringIngestAndRelease() throws {
        try Self.withTmpfs(size: "64m") { mnt in
            let cli = CLIRunner()
            let db = mnt + "/bw.sqlite"
            let base = cli.file("base.log", Self.bounces(0..<20))
            let big = cli.file("big.log", Self.bounces(20..<25_000, domain: "me.com"))
            #expect(try cli.run(["ingest", "--format", "postfix", base, "--db", db], db: false).status == 0)
            try cli.seedQueue((0..<5).map { "user\($0)@icloud.com" }, db: db)
            let before = try Self.snapshot(cli, db: db)

            let filler = Self.fill(mnt)
            let failed = try cli.run(["ingest", "--format", "postfix", big, "--db", db], db: false)
            #expect(failed.status == 1)
            #expect(Self.oneLine(failed.stderr), "\(failed.stderr)")
            #expect(failed.stderr.contains("disk full"), "\(failed.stderr)")
            try? FileManager.default.removeItem(atPath: filler)
            // Nothing of the failed batch is visible (reads need no space).
            #expect(try Self.snapshot(cli, db: db) == before)

            // Release whose command fills the disk while the transaction is open: the commit
            // fails, the item stays as it was.
            let script = cli.file("fill.sh", "#!/bin/sh\ncat >/dev/null\ndd if=/dev/zero of=\(mnt)/filler2 bs=4096 2>/dev/null\nexit 0\n")
            chmod(script, 0o755)
            let cfg = cli.file("release.toml", "[release]\ncommand = [\"\(script)\"]\n")
            let rel = try cli.run(["queue", "release", "user1@icloud.com", "--config", cfg, "--db", db], db: false)
            #expect(rel.status == 1, "\(rel.stderr)")
            #expect(Self.oneLine(rel.stderr), "\(rel.stderr)")
            #expect(rel.stderr.contains("disk full"), "\(rel.stderr)")
            try? FileManager.default.removeItem(atPath: mnt + "/filler2")
            #expect(try Self.snapshot(cli, db: db) == before)

            // Space back: the rerun ingests the rest exactly once, the release goes through.
            let rerun = try cli.run(["ingest", "--format", "postfix", big, "--db", db], db: false)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try cli.run(["ingest", "--format", "postfix", big, "--db", db], db: false).status == 0)
            #expect(try cli.run(["queue", "release", "user1@icloud.com", "--db", db], db: false).status == 0)
            let reference = CLIRunner()
            _ = try reference.run(["ingest", "--format", "postfix", base])
            try reference.seedQueue((0..<5).map { "user\($0)@icloud.com" })
            _ = try reference.run(["ingest", "--format", "postfix", big])
            _ = try reference.run(["queue", "release", "user1@icloud.com"])
            #expect(try Self.snapshot(cli, db: db) == (try Self.snapshot(reference)))
        }
    }

    @Test(.enabled(if: FaultTests.canMount, "needs root and tmpfs mounts"))
    func readOnlyDatabaseDuringIngestAndRelease() throws {
        try Self.withTmpfs(size: "8m") { mnt in
            let cli = CLIRunner()
            let db = mnt + "/bw.sqlite"
            let base = cli.file("base.log", Self.bounces(0..<10))
            let more = cli.file("more.log", Self.bounces(10..<30))
            #expect(try cli.run(["ingest", "--format", "postfix", base, "--db", db], db: false).status == 0)
            try cli.seedQueue((0..<5).map { "user\($0)@icloud.com" }, db: db)
            let before = try Self.snapshot(cli, db: db)

            #expect(Self.sh("/bin/mount", ["-o", "remount,ro", mnt]) == 0)
            for args in [["ingest", "--format", "postfix", more], ["queue", "release", "user1@icloud.com"],
                         ["queue", "suppress", "user2@icloud.com"]] {
                let o = try cli.run(args + ["--db", db], db: false)
                #expect(o.status == 1, "\(args): \(o.stderr)")
                #expect(Self.oneLine(o.stderr), "\(args): \(o.stderr)")
                #expect(o.stderr.lowercased().contains("read-only"), "\(args): \(o.stderr)")
            }
            #expect(Self.sh("/bin/mount", ["-o", "remount,rw", mnt]) == 0)
            #expect(try Self.snapshot(cli, db: db) == before)

            #expect(try cli.run(["ingest", "--format", "postfix", more, "--db", db], db: false).status == 0)
            #expect(try cli.run(["queue", "release", "user1@icloud.com", "--db", db], db: false).status == 0)
            let reference = CLIRunner()
            _ = try reference.run(["ingest", "--format", "postfix", base])
            try reference.seedQueue((0..<5).map { "user\($0)@icloud.com" })
            _ = try reference.run(["ingest", "--format", "postfix", more])
            _ = try reference.run(["queue", "release", "user1@icloud.com"])
            #expect(try Self.snapshot(cli, db: db) == (try Self.snapshot(reference)))
        }
    }
}
