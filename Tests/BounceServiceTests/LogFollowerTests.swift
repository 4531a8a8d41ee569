import BounceCore
import BounceStore
import Foundation
import Testing
@testable import BounceService

/// Issue 5 acceptance: write a log while it is followed, rotate it both ways several times,
/// truncate it, kill and restart the follower in between; the final counts equal the lines written.
@Suite(.serialized) struct LogFollowerTests {
    final class Writer {
        let path: String
        var written = 0
        var fh: FileHandle
        init(path: String) {
            self.path = path
            FileManager.default.createFile(atPath: path, contents: nil)
            fh = FileHandle(forWritingAtPath: path)!
        }
        /// Appends `n` delivery lines (a mix of sent, deferred and bounced).
        func append(_ n: Int, partialTail: Bool = false) {
            var text = ""
            for _ in 0..<n {
                written += 1
                let i = written
                let status = i % 10 == 0 ? "bounced" : (i % 7 == 0 ? "deferred" : "sent")
                let dsn = status == "bounced" ? "5.1.1" : (status == "deferred" ? "4.2.2" : "2.0.0")
                let reply = status == "bounced" ? "host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <u\(i)@icloud.com>: user does not exist (in reply to RCPT TO command)"
                    : (status == "deferred" ? "host mx01.mail.icloud.com[17.57.154.6] said: 452 4.2.2 user is overquota (in reply to RCPT TO command)" : "250 2.0.0 Ok: queued as X\(i)")
                let minute = i / 100
                text += String(format: "2026-11-29T10:%02d:%02d.000000+00:00", (minute / 60) % 60, minute % 60)
                text += " mail postfix/smtp[4242]: Q\(i)A: to=<u\(i)@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, delays=0.1/0/0.4/0.5, dsn=\(dsn), status=\(status) (\(reply))\n"
            }
            fh.seekToEndOfFile()
            fh.write(Data(text.utf8))
        }
        /// Writes half a line (the rest comes later, as a live writer does).
        func appendRaw(_ s: String) {
            fh.seekToEndOfFile()
            fh.write(Data(s.utf8))
        }
        func reopen() {
            try? fh.close()
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            fh = FileHandle(forWritingAtPath: path)!
        }
    }

    func attempts(_ store: any BounceStorage) throws -> Int {
        try store.snapshot { tx in try tx.report(from: nil, to: nil) }.totals.attempts
    }

    @Test func rotationTruncationAndRestartsLoseAndDuplicateNothing() throws {
        let dir = Fixture.tempDir()
        let log = dir + "/mail.log"
        let dbPath = dir + "/bw.sqlite"
        let w = Writer(path: log)
        var follower = LogFollower(pipeline: try IngestPipeline(store: try Store(path: dbPath)), paths: [log])
        func drain() throws { for _ in 0..<20 { if try follower.poll(maxLines: 5_000).lines == 0 { break } } }
        func restart() throws {
            follower = LogFollower(pipeline: try IngestPipeline(store: try Store(path: dbPath)), paths: [log])
        }

        w.append(3_000)
        try drain()
        #expect(try attempts(follower.pipeline.store) == 3_000)

        // A line written in two parts is counted once, after its newline arrives.
        w.appendRaw("2026-11-29T11:00:00.000000+00:00 mail postfix/smtp[1]: PART1: to=<half@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, ")
        try drain()
        w.appendRaw("status=sent (250 2.0.0 Ok)\n")
        w.written += 1
        try drain()
        #expect(try attempts(follower.pipeline.store) == w.written)

        // Rename rotation with late writes to the old file after the rename.
        for round in 0..<3 {
            try FileManager.default.moveItem(atPath: log, toPath: log + ".\(round + 1)")
            w.append(500)                       // still to the old (renamed) file
            w.reopen()                          // the MTA reopens the path: a new file
            w.append(700)
            try drain()
            #expect(try attempts(follower.pipeline.store) == w.written, "rename rotation \(round)")
            try restart()                       // kill/restart between rotations
            w.append(100)
            try drain()
        }

        // Copy-truncate: the content is copied away, the same inode is truncated and reused.
        try drain()
        w.fh.truncateFile(atOffset: 0)
        w.append(250)
        try drain()
        #expect(try attempts(follower.pipeline.store) == w.written)

        // Rotation while the follower is down: the old file is found and finished first.
        w.append(400)
        try drain()
        w.append(600)                           // written but not yet read…
        try FileManager.default.moveItem(atPath: log, toPath: log + ".0")
        w.append(50)                            // late write to the rotated file
        w.reopen()
        w.append(800)
        try restart()
        try drain()
        #expect(try attempts(follower.pipeline.store) == w.written)

        // Replacement by a new file of the same name (e.g. logrotate create + move).
        let tmp = dir + "/mail.log.new"
        try "".write(toFile: tmp, atomically: false, encoding: .utf8)
        w.append(30)
        try drain()
        try FileManager.default.removeItem(atPath: log)
        try FileManager.default.moveItem(atPath: tmp, toPath: log)
        w.reopen()
        w.append(90)
        try drain()
        #expect(try attempts(follower.pipeline.store) == w.written)
        // Nothing was rejected along the way.
        #expect(try follower.pipeline.store.snapshot { tx in try tx.stat("rejected_lines") } == 0)
    }

    @Test func aFileThatAppearsLaterIsPickedUp() throws {
        let dir = Fixture.tempDir()
        let log = dir + "/late.log"
        let follower = LogFollower(pipeline: try IngestPipeline(store: try Store(path: dir + "/bw.sqlite")), paths: [log])
        #expect(try follower.poll().lines == 0)
        let w = Writer(path: log)
        w.append(42)
        _ = try follower.poll()
        #expect(try attempts(follower.pipeline.store) == 42)
    }
}
