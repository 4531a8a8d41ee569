import BounceCore
import Dispatch
import Synchronization

/// Commits prepared batches on a background serial queue so that parsing and analysing batch
/// N+1 overlaps writing batch N (SQLite work is a large share of ingest; the machine has two
/// cores). At most one commit is in flight: `submit` first waits for the previous one, so
/// transactions run strictly in log order, each with its own cursor and engine-state snapshot
/// — exactly-once is unchanged — and a failed commit surfaces before anything later is queued.
final class BatchCommitter {
    private let queue = DispatchQueue(label: "bouncewatch.commit")
    private var inFlight: (batch: IngestPipeline.PreparedBatch, box: ResultBox)?

    /// The result of one background commit: set before `done` is signalled, read after waiting.
    private final class ResultBox: Sendable {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<BatchApplier.Summary, any Error>?>(nil)
    }

    /// Waits for the commit in flight (if any) and returns it with its summary; rethrows its error.
    func drain() throws -> (IngestPipeline.PreparedBatch, BatchApplier.Summary)? {
        guard let (batch, box) = inFlight else { return nil }
        inFlight = nil
        box.done.wait()
        guard let result = box.result.withLock({ $0 }) else { return nil }
        return (batch, try result.get())
    }

    /// Drains the previous commit (returning it, or throwing its error without queueing
    /// `batch`), then starts committing `batch` in the background.
    func submit(_ batch: IngestPipeline.PreparedBatch, store: any BounceStorage, applier: BatchApplier)
        throws -> (IngestPipeline.PreparedBatch, BatchApplier.Summary)? {
        let previous = try drain()
        let box = ResultBox()
        queue.async {
            let result = Result { try IngestPipeline.write(batch, store: store, applier: applier) }
            box.result.withLock { $0 = result }
            box.done.signal()
        }
        inFlight = (batch, box)
        return previous
    }
}
