import BounceCore
import Foundation
import Logging

/// `tail -F` for several files at once, exactly once across restarts (README.md, "Inputs", issue 5):
/// rename-rotation (the old file is finished before switching), copy-truncate, replacement,
/// files that appear later, and rotation that happened while bouncewatch was down (the old file
/// is found next to the new one by device and inode and finished from its cursor).
///
/// Call `poll(maxLines:)` repeatedly (the console does it on its tick); each call does a bounded
/// amount of work and commits what it read in one transaction.
public final class LogFollower {
    /// Rotation, truncation and new files, at notice/info (the follower's own diagnostics).
    static let log = Logger(label: "bouncewatch.follow")
    public let pipeline: IngestPipeline
    public let paths: [String]
    let format: SourceFormat?
    private var readers: [String: SourceReader] = [:]
    /// Rotated files still being drained, per followed path.
    private var draining: [String: [SourceReader]] = [:]
    private var started = false

    public init(pipeline: IngestPipeline, paths: [String], format: SourceFormat? = nil) {
        self.pipeline = pipeline
        self.paths = paths
        self.format = format
    }

    /// What one poll did.
    public struct Status: Sendable, Equatable {
        public var lines = 0
        /// Bytes on disk not yet read, over all followed files: the console shows it as backlog.
        public var backlogBytes: Int64 = 0
        /// One-line problems (a file that cannot be read), for the status bar.
        public var problems: [String] = []
    }

    /// Reads up to about `maxLines` lines over all files and commits them.
    @discardableResult
    public func poll(maxLines: Int = 50_000) throws -> Status {
        var status = Status()
        var batch = IngestPipeline.Batch()
        var progress = IngestProgress(path: "", totalBytes: 0)
        var touched: [ObjectIdentifier: SourceReader] = [:]
        if !started {
            started = true
            for p in paths { try recoverRotation(of: p) }
        }
        for path in paths {
            var ready = true
            for _ in 0..<3 {
                // 1. Finish rotated files first, so lines are counted in log order.
                while let old = draining[path]?.first {
                    let done = try pump(old, budget: maxLines - batch.lines, batch: &batch, touched: &touched)
                    if !done { break }
                    old.finish { line, n, _, parser in pipeline.handle(line, lineNumber: n, parser: &parser, batch: &batch, source: old.file.path) }
                    touched[Self.key(old)] = old
                    draining[path]?.removeFirst()
                }
                if !(draining[path] ?? []).isEmpty { ready = false; break }
                // 2. Has the path been rotated, replaced or truncated? A rotation queues the old
                // file for draining; go round again to finish it and open the new one.
                do {
                    if try !checkPath(path, touched: &touched) { break }
                } catch {
                    status.problems.append("\(error)")
                    ready = false
                    break
                }
            }
            // 3. Read the current file.
            if ready, let r = readers[path] {
                _ = try pump(r, budget: maxLines - batch.lines, batch: &batch, touched: &touched)
                if !r.file.isStream { status.backlogBytes += max(0, Self.size(of: path) - r.readOffset) }
            }
        }
        status.lines = batch.lines
        if !batch.isEmpty || !touched.isEmpty {
            try pipeline.commit(&batch, cursors: touched.values.compactMap(\.cursor), progress: &progress)
        }
        return status
    }

    /// Reads from `r` until EOF or the budget is spent; true when EOF was reached.
    private func pump(_ r: SourceReader, budget: Int, batch: inout IngestPipeline.Batch,
                      touched: inout [ObjectIdentifier: SourceReader]) throws -> Bool {
        var remaining = budget
        while remaining > 0 {
            let before = batch.lines
            let n = try r.readChunk { line, number, _, parser in
                pipeline.handle(line, lineNumber: number, parser: &parser, batch: &batch, source: r.file.path)
            }
            touched[Self.key(r)] = r
            if n == 0 { return true }
            remaining -= max(1, batch.lines - before)
        }
        return false
    }

    /// Returns true when the current file was moved to the drain list (rotation/replacement).
    private func checkPath(_ path: String, touched: inout [ObjectIdentifier: SourceReader]) throws -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }  // gone for now: keep reading the open file, wait for a new one
        let dev = Int64(bitPattern: UInt64(st.st_dev)), ino = Int64(bitPattern: UInt64(st.st_ino))
        if let r = readers[path], let id = r.file.identity {
            if id.device == dev && id.inode == ino {
                let rewritten = id.headLength > 0 && LogFile.hashHead(fd: r.file.fd, length: id.headLength) != id.headHash
                guard Int64(st.st_size) < r.readOffset || rewritten else { return false }
                // Copy-truncate: the file shrank under us. What was written between our last read
                // and the truncation is gone (inherent to copytruncate); start over from 0.
                Self.log.notice("\(path) was truncated (copytruncate); reading it again from the start")
                touched[Self.key(r)] = r
                readers[path] = nil
            } else {
                // Rename rotation or replacement: finish the old file before switching.
                Self.log.notice("\(path) was rotated or replaced; finishing the old file, then reading the new one")
                draining[path, default: []].append(r)
                readers[path] = nil
                return true
            }
        }
        let file = try LogFile(path: path)
        let cursor = try pipeline.storedCursor(for: file)
        let usable = cursor.flatMap { $0.offset <= file.size ? $0 : nil }
        Self.log.info("reading \(path) from \(usable.map { "byte \($0.offset) (stored cursor)" } ?? "the start")")
        readers[path] = try SourceReader(file: file, cursor: usable, format: format, options: nil)
        return false
    }

    /// At start-up: files we were reading under this path that were rotated away while we were
    /// down (found next to it by device, inode and head hash) and not read to their end are
    /// queued for draining, oldest first.
    private func recoverRotation(of path: String) throws {
        let known = try pipeline.store.snapshot { tx in try tx.cursors() }.filter { $0.path == path }
        guard !known.isEmpty else { return }
        var st = stat()
        let current = stat(path, &st) == 0 ? (Int64(bitPattern: UInt64(st.st_dev)), Int64(bitPattern: UInt64(st.st_ino))) : nil
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? [])
            .filter { $0 != base && $0.hasPrefix(base) && !$0.hasSuffix(".gz") }
            .map { (dir.isEmpty ? "" : dir + "/") + $0 }
        var found: [(mtime: Double, reader: SourceReader)] = []
        for c in known where current.map({ $0 != (c.identity.device, c.identity.inode) }) ?? true {
            for candidate in siblings {
                guard let file = try? LogFile(path: candidate), file.matches(c.identity) else { continue }
                if c.offset < file.size {
                    found.append((file.modified, try SourceReader(file: file, cursor: c, format: format, options: nil)))
                }
                break
            }
        }
        draining[path, default: []] += found.sorted { $0.mtime < $1.mtime }.map(\.reader)
    }

    static func key(_ r: SourceReader) -> ObjectIdentifier { ObjectIdentifier(r) }

    static func size(of path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}
