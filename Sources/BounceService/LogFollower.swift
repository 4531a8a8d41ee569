import BounceCore
import BounceStore
import Foundation

/// `tail -F` for several files at once, exactly once across restarts (PRODUCT §2, issue 5):
/// rename-rotation (the old file is finished before switching), copy-truncate, replacement,
/// files that appear later, and rotation that happened while bouncewatch was down (the old file
/// is found next to the new one by device and inode and finished from its cursor).
///
/// Call `poll(maxLines:)` repeatedly (the console does it on its tick); each call does a bounded
/// amount of work and commits what it read in one transaction.
public final class LogFollower {
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
            // 1. Finish rotated files first, so lines are counted in log order.
            while let old = draining[path]?.first {
                let done = try pump(old, budget: maxLines - batch.lines, batch: &batch, touched: &touched)
                if !done { break }
                old.finish { line, n, _, parser in pipeline.handle(line, lineNumber: n, parser: &parser, batch: &batch, source: old.file.path) }
                touched[Self.key(old)] = old
                draining[path]?.removeFirst()
            }
            if !(draining[path] ?? []).isEmpty { continue }
            // 2. Has the path been rotated, replaced or truncated?
            do {
                try checkPath(path, batch: &batch, touched: &touched, maxLines: maxLines)
            } catch {
                status.problems.append("\(error)")
                continue
            }
            // 3. Read the current file.
            if let r = readers[path] {
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

    private func checkPath(_ path: String, batch: inout IngestPipeline.Batch, touched: inout [ObjectIdentifier: SourceReader],
                           maxLines: Int) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { return }  // gone for now: keep draining the open file, wait for a new one
        let dev = Int64(bitPattern: UInt64(st.st_dev)), ino = Int64(bitPattern: UInt64(st.st_ino))
        if let r = readers[path], let id = r.file.identity {
            if id.device == dev && id.inode == ino {
                let rewritten = id.headLength > 0 && LogFile.hashHead(fd: r.file.fd, length: id.headLength) != id.headHash
                guard Int64(st.st_size) < r.readOffset || rewritten else { return }
                // Copy-truncate: the file shrank under us. What was written between our last read
                // and the truncation is gone (inherent to copytruncate); start over from 0.
                touched[Self.key(r)] = r
                readers[path] = nil
            } else {
                // Rename rotation or replacement: finish the old file before switching.
                draining[path, default: []].append(r)
                readers[path] = nil
                return
            }
        }
        let file = try LogFile(path: path)
        let cursor = try pipeline.storedCursor(for: file)
        let usable = cursor.flatMap { $0.offset <= file.size ? $0 : nil }
        readers[path] = try SourceReader(file: file, cursor: usable, format: format, options: nil)
    }

    /// At start-up: if the followed path is a different file than the one we were reading when we
    /// stopped, look for that file next to it (rotated while we were down) and finish it first.
    private func recoverRotation(of path: String) throws {
        let last = try pipeline.store.read { tx in try tx.cursors() }.first { $0.path == path }
        guard let last else { return }
        var st = stat()
        if stat(path, &st) == 0, Int64(bitPattern: UInt64(st.st_ino)) == last.identity.inode,
           Int64(bitPattern: UInt64(st.st_dev)) == last.identity.device { return }
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        for name in siblings.sorted() where name != base && name.hasPrefix(base) && !name.hasSuffix(".gz") {
            let candidate = (dir.isEmpty ? "" : dir + "/") + name
            guard let file = try? LogFile(path: candidate), file.matches(last.identity) else { continue }
            if last.offset < file.size {
                let reader = try SourceReader(file: file, cursor: last, format: format, options: nil)
                draining[path, default: []].append(reader)
            }
            return
        }
    }

    static func key(_ r: SourceReader) -> ObjectIdentifier { ObjectIdentifier(r) }

    static func size(of path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}
