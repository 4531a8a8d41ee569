import BounceCore
import Foundation

/// Reading state of one source: the open file, its parser, the line splitter and how far it got.
/// Both batch ingest and `--follow` drive sources through this type.
final class SourceReader {
    let file: LogFile
    private(set) var format: SourceFormat?
    private var parser: (any LogParser)?
    private var splitter: LineSplitter
    /// Lines handed out so far (the line number of the last line).
    private(set) var lineNumber: Int
    private let options: ParserOptions
    /// Bytes read while the format was still unknown (streams only), replayed once detected.
    private var pending: [UInt8] = []
    private let chunk: UnsafeMutableRawBufferPointer

    /// Opens `file`, resuming after `cursor` when given (re-parsing the committed part first so
    /// parser state — PowerMTA header, year roll-over, queue-id joins — is exactly as before).
    init(file: LogFile, cursor: SourceCursor?, format: SourceFormat?, options: ParserOptions?) throws {
        self.file = file
        self.options = options ?? ParserOptions(referenceDate: file.modified)
        self.format = format ?? cursor?.format
        splitter = LineSplitter()
        lineNumber = 0
        chunk = .allocate(byteCount: 1 << 20, alignment: 16)
        if self.format == nil, !file.isStream {
            let lines = LineSample.lines(file.head(64 * 1024))
            self.format = FormatDetector.detect(lines: lines)
            if self.format == nil, lines.count >= 50 || file.size >= 64 * 1024 {
                throw IngestError.unknownFormat(file.path)
            }
        }
        if let f = self.format { parser = ParserFactory.make(f, options: self.options) }
        if let cursor, cursor.offset > 0 {
            try warmUp(to: cursor.offset)
            if !file.isStream { try file.seek(to: cursor.offset) }
            splitter = LineSplitter(startOffset: cursor.offset)
        }
    }

    deinit { chunk.deallocate() }

    /// Byte offset just past the last complete line handed out.
    var committedOffset: Int64 { splitter.committedOffset }
    /// Bytes consumed from the file (including a partial last line).
    var readOffset: Int64 { splitter.fedOffset + Int64(pending.count) }

    /// The cursor describing what has been handed out so far (not callable from inside a line
    /// callback: use `cursor(offset:line:)` there).
    var cursor: SourceCursor? { cursor(offset: committedOffset, line: lineNumber) }

    /// A cursor at an explicit position (a line callback gets the offset just past its line).
    func cursor(offset: Int64, line: Int) -> SourceCursor? {
        file.strengthenIdentity()
        guard let id = file.identity, !file.isStream || file.path.hasSuffix(".gz") else { return nil }
        return SourceCursor(identity: id, path: file.path, offset: offset, line: line, format: format)
    }

    /// Reads one chunk (≤ 1 MiB) and hands out its complete lines. Returns the bytes read; 0 means
    /// end of file for now.
    func readChunk(_ handle: (LineSplitter.Line, Int, Int64, inout any LogParser) -> Void) throws -> Int {
        let n = try file.read(into: chunk)
        if n == 0 { return 0 }
        let bytes = UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
        if parser == nil {
            // Stream whose format is not known yet: collect until a decision is possible.
            pending.append(contentsOf: bytes)
            let lines = LineSample.lines(pending)
            if let f = FormatDetector.detect(lines: lines) {
                format = f
                parser = ParserFactory.make(f, options: options)
            } else if lines.count >= 50 || pending.count >= 64 * 1024 {
                throw IngestError.unknownFormat(file.path)
            } else {
                return n
            }
            let replay = pending
            pending = []
            replay.withUnsafeBufferPointer { feed($0, handle) }
            return n
        }
        feed(bytes, handle)
        return n
    }

    private func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: (LineSplitter.Line, Int, Int64, inout any LogParser) -> Void) {
        splitter.feed(bytes) { line, end in
            lineNumber += 1
            handle(line, lineNumber, end, &parser!)
        }
    }

    /// Hands out a final line that has no terminator (end of a finished file).
    func finish(_ handle: (LineSplitter.Line, Int, Int64, inout any LogParser) -> Void) {
        if parser == nil, !pending.isEmpty {
            let lines = LineSample.lines(pending)
            guard let f = FormatDetector.detect(lines: lines) else { return }
            format = f
            parser = ParserFactory.make(f, options: options)
            let replay = pending
            pending = []
            replay.withUnsafeBufferPointer { feed($0, handle) }
        }
        guard parser != nil else { return }
        splitter.finish { line, end in
            lineNumber += 1
            handle(line, lineNumber, end, &parser!)
        }
    }

    private func warmUp(to offset: Int64) throws {
        guard var p = parser else { return }
        var s = LineSplitter()
        var remaining = offset
        while remaining > 0 {
            let want = Int(min(Int64(chunk.count), remaining))
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<want]))
            if n == 0 { break }
            remaining -= Int64(n)
            s.feed(UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)) { line, _ in
                lineNumber += 1
                if case let .text(bytes) = line { _ = p.parse(bytes, lineNumber: lineNumber) { _ in } }
            }
        }
        parser = p
    }
}
