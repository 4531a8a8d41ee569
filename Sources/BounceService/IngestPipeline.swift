import BounceCore
import BounceStore
import Foundation

/// Reads log sources, parses, analyses and commits them in batches. Each batch's effects, the
/// source cursor and the engine state go into ONE transaction, so a kill at any instant followed
/// by a rerun yields exactly the counts of an uninterrupted run.
public final class IngestPipeline {
    public let store: Store
    public private(set) var engine: AnalysisEngine
    public var applier: BatchApplier
    /// Lines per transaction: big enough to amortise commits, small enough to keep write locks
    /// short for operators acting at the same time.
    public var batchLines = 20_000
    /// Called after each committed batch (progress output).
    public var onBatch: ((IngestProgress) -> Void)?

    static let engineStateKey = "engine-state"

    public init(store: Store, classifier: BounceClassifier = BounceClassifier(),
                catalog: ProviderCatalog = ProviderCatalog(), policy: RetryPolicy = RetryPolicy()) throws {
        self.store = store
        let saved = try store.read { tx in try tx.meta(Self.engineStateKey) }
        var state = AnalysisEngine.State()
        if let saved, let decoded = try? JSONDecoder().decode(AnalysisEngine.State.self, from: saved) { state = decoded }
        engine = AnalysisEngine(classifier: classifier, catalog: catalog, state: state)
        applier = BatchApplier(policy: policy)
    }

    /// Ingests one file (or `-` for stdin) to its end, resuming after what was already committed.
    @discardableResult
    public func ingest(path: String, format: SourceFormat? = nil, options: ParserOptions? = nil) throws -> IngestProgress {
        let file = try LogFile(path: path)
        var progress = IngestProgress(path: path, totalBytes: file.size)
        var cursor: SourceCursor?
        if let id = file.identity {
            cursor = try store.read { tx in try tx.cursors(device: id.device, inode: id.inode) }.first { file.matches($0.identity) }
        }
        let detectLines = LineSample.lines(file.head(64 * 1024))
        guard let fmt = format ?? cursor?.format ?? FormatDetector.detect(lines: detectLines) else {
            if file.size == 0 || detectLines.allSatisfy(\.isEmpty) { return progress }
            throw IngestError.unknownFormat(path)
        }
        let opts = options ?? ParserOptions(referenceDate: file.modified)
        var parser = ParserFactory.make(fmt, options: opts)
        var splitter = LineSplitter()
        var lineNumber = 0
        let startOffset = cursor?.offset ?? 0
        if startOffset > 0 {
            // Rebuild parser state (PowerMTA header, year roll-over, queue-id joins) by re-reading
            // the committed part without emitting anything.
            try warmUp(file: file, parser: &parser, upTo: startOffset, lineNumber: &lineNumber)
            splitter = LineSplitter(startOffset: startOffset)
            progress.skippedBytes = startOffset
        }
        var current = SourceCursor(identity: file.identity ?? SourceIdentity(device: 0, inode: 0, headLength: 0, headHash: 0),
                                   path: path, offset: startOffset, line: lineNumber, format: fmt)
        var batch = Batch()
        let commit: (inout Batch, Int64, Int) throws -> Void = { b, offset, line in
            current.offset = offset
            current.line = line
            try self.commit(&b, cursor: file.identity == nil ? nil : current, progress: &progress)
        }
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var failure: (any Error)?
        while failure == nil {
            let n = try file.read(into: buffer)
            if n == 0 { break }
            progress.bytes += Int64(n)
            splitter.feed(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)) { line, end in
                guard failure == nil else { return }
                lineNumber += 1
                self.handle(line, lineNumber: lineNumber, parser: &parser, batch: &batch, source: path)
                if batch.lines >= self.batchLines {
                    do { try commit(&batch, end, lineNumber) } catch { failure = error }
                }
            }
        }
        if let failure { throw failure }
        splitter.finish { line, end in
            lineNumber += 1
            self.handle(line, lineNumber: lineNumber, parser: &parser, batch: &batch, source: path)
        }
        try commit(&batch, splitter.committedOffset, lineNumber)
        return progress
    }

    /// Lines, events and rejects accumulated since the last commit.
    struct Batch {
        var lines = 0
        var events: [AnalyzedEvent] = []
        var parsed = 0
        var ignored = 0
        var rejected = 0
        var samples: [RejectSample] = []
    }

    private func handle(_ line: LineSplitter.Line, lineNumber: Int, parser: inout any LogParser, batch: inout Batch, source: String) {
        batch.lines += 1
        switch line {
        case let .overlong(length):
            batch.rejected += 1
            if batch.samples.count < 20 {
                batch.samples.append(RejectSample(source: source, line: lineNumber, reason: "line too long (\(length) bytes)", sample: ""))
            }
        case let .text(bytes):
            let d = parser.parse(bytes, lineNumber: lineNumber) { event in
                batch.events.append(self.engine.analyze(event))
            }
            switch d {
            case .parsed: batch.parsed += 1
            case .ignored: batch.ignored += 1
            case let .rejected(reason):
                batch.rejected += 1
                if batch.samples.count < 20 {
                    batch.samples.append(RejectSample(source: source, line: lineNumber, reason: reason,
                                                      sample: LineSample.excerpt(bytes)))
                }
            }
        }
    }

    private func warmUp(file: LogFile, parser: inout any LogParser, upTo offset: Int64, lineNumber: inout Int) throws {
        var splitter = LineSplitter()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var remaining = offset
        while remaining > 0 {
            let want = Int(min(Int64(buffer.count), remaining))
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            if n == 0 { break }
            remaining -= Int64(n)
            splitter.feed(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)) { line, _ in
                lineNumber += 1
                if case let .text(bytes) = line { _ = parser.parse(bytes, lineNumber: lineNumber) { _ in } }
            }
        }
        try file.seek(to: offset)
    }

    private func commit(_ b: inout Batch, cursor: SourceCursor?, progress: inout IngestProgress) throws {
        let engineState = try JSONEncoder().encode(engine.state)
        let stats = ["parsed_lines": b.parsed, "ignored_lines": b.ignored, "rejected_lines": b.rejected,
                     "events": b.events.count]
        let events = b.events
        let samples = b.samples
        let summary = try store.write { tx -> BatchApplier.Summary in
            let s = try applier.apply(events, incidents: try Self.incidentSpans(tx), in: tx)
            try tx.addStats(stats)
            try tx.addRejectSamples(samples)
            if let cursor { try tx.saveCursor(cursor, at: Int(Date().timeIntervalSince1970)) }
            try tx.setMeta(Self.engineStateKey, engineState)
            return s
        }
        progress.lines += b.lines
        progress.parsed += b.parsed
        progress.ignored += b.ignored
        progress.rejected += b.rejected
        progress.events += b.events.count
        progress.held += summary.held
        progress.suppressed += summary.suppressed
        b = Batch()
        onBatch?(progress)
    }

    static func incidentSpans(_ tx: StoreTransaction) throws -> [RetryPolicy.IncidentSpan] {
        try tx.incidents().filter { $0.kind == "provider" }.reversed()
            .map { RetryPolicy.IncidentSpan(id: $0.id, provider: $0.provider, startedAt: $0.startedAt, closedAt: $0.closedAt) }
    }
}

/// Running totals of one ingest.
public struct IngestProgress: Sendable, Equatable {
    public var path: String
    public var totalBytes: Int64
    /// Bytes read in this run (after the resume point).
    public var bytes: Int64 = 0
    /// Bytes skipped because an earlier run had committed them.
    public var skippedBytes: Int64 = 0
    public var lines = 0
    public var parsed = 0
    public var ignored = 0
    public var rejected = 0
    public var events = 0
    public var held = 0
    public var suppressed = 0

    public init(path: String, totalBytes: Int64) {
        self.path = path
        self.totalBytes = totalBytes
    }
}

/// Helpers for format detection input and reject samples.
enum LineSample {
    /// Splits a buffer into at most 200 lines (the last partial line is dropped unless it is all there is).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        for b in bytes {
            if b == 10 {
                if cur.last == 13 { cur.removeLast() }
                out.append(cur)
                cur = []
                if out.count >= 200 { break }
            } else {
                cur.append(b)
            }
        }
        if out.isEmpty, !cur.isEmpty { out.append(cur) }
        return out
    }

    /// First 200 bytes, decoded leniently, control characters replaced: safe to print.
    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(200)), as: UTF8.self)
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) ? "?" : $0 }))
    }
}
