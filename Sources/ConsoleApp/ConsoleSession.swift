import BounceCore
import BounceService
import ConsoleUI
import Foundation
import Logging
import Synchronization

/// The app side of the console loop: answers `snapshot`, `perform` and `inbox` for
/// `ConsoleLoop`, runs the tick's work (ingesting a capped batch, advancing the demo) and runs
/// effects against the store. One per console; used by `bouncewatch console`/`demo` and by the
/// headless harness.
///
/// ```swift
/// let session = ConsoleSession(backend: backend, actions: actions, operatorName: "alice")
/// var loop = ConsoleLoop(terminal: term, theme: theme, state: state,
///                        snapshot: session.snapshot, perform: session.perform,
///                        shouldStop: { … }, inbox: session.inbox)
/// ```
///
/// Not `Sendable`: it lives on the loop's thread. The one thing that crosses to the release
/// queue is a `Mailbox` (a `Mutex` and an `Atomic`) and values that are themselves `Sendable`.
public final class ConsoleSession {
    /// Background work's problems (also on the status line); silent while stderr is the console.
    static let log = Logger(label: "bouncewatch.console")
    public let backend: ConsoleBackend
    public let operatorName: String
    /// Epoch seconds stamped on operator actions (wall clock; the demo passes its simulated clock).
    public var clock: () -> Int
    /// Runs release commands off the UI thread (production). Tests turn it off for determinism.
    public var backgroundReleases = true
    /// Work done on every tick before the snapshot is read (ingest a batch, advance the demo).
    /// Returns a status-bar problem, if any.
    public var tickWork: [() -> String?] = []
    /// Called each tick for a status-bar message (the demo's "what happens next"); a message is
    /// shown when it differs from the last one this returned, so it never fights the operator's.
    public var statusWork: (() -> String?)?
    private var lastStatus: String?

    let actions: QueueActions
    private let mailbox = Mailbox()
    private let releaseQueue = DispatchQueue(label: "bouncewatch.release")
    private var lastRequest = SnapshotRequest(queue: ConsoleUI.QueueQuery())
    private var lastProblem: String?

    public init(backend: ConsoleBackend, actions: QueueActions, operatorName: String,
                clock: @escaping () -> Int = { Int(Date().timeIntervalSince1970) }) {
        self.backend = backend; self.actions = actions; self.operatorName = operatorName; self.clock = clock
    }

    /// True while a background release is running.
    public var isBusy: Bool { mailbox.inFlight.load(ordering: .acquiring) > 0 }

    // MARK: loop callbacks

    /// The tick: do the tick work, then a snapshot if anything changed.
    public func snapshot(_ request: SnapshotRequest) -> ConsoleSnapshot? {
        lastRequest = request
        for work in tickWork {
            // The same problem every tick (an unreadable file) is reported once.
            if let p = work(), p != lastProblem {
                Self.log.warning("\(p)")
                post([.effectFailed(p)])
            }
        }
        if let m = statusWork?(), m != lastStatus {
            lastStatus = m
            post([.effectSucceeded(m)])
        }
        let snap = backend.snapshot(for: request)
        if let e = backend.takeError() { post([.effectFailed(e)]) }
        return snap
    }

    /// Results of background work, followed by a fresh snapshot so the change shows at once.
    public func inbox() -> [Action] {
        var actions = mailbox.take()
        guard !actions.isEmpty else { return [] }
        for case .effectFailed(let m) in actions { lastProblem = m }
        if let snap = try? backend.build(lastRequest) { actions.insert(.snapshot(snap), at: 0) }
        return actions
    }

    func post(_ actions: [Action]) {
        for case .effectFailed(let m) in actions { lastProblem = m }
        mailbox.post(actions)
    }

    /// Blocks until background releases are done (tests, shutdown).
    public func drain() { releaseQueue.sync {} }

    // MARK: effects

    /// Runs one effect. Store writes are short and run inline; releases may run a configured
    /// command, so they go to a background queue and report through `inbox`.
    public func perform(_ effect: Effect, _ request: SnapshotRequest) -> [Action] {
        lastRequest = request
        switch effect {
        case .releaseAddresses(let list):
            return mutating { release(.addresses(list), label: "\(Self.count(list.count))") }
        case .releaseIncident(let id):
            return mutating { release(.incident(id), label: "incident #\(id)") }
        case .suppressAddresses(let list):
            return mutating {
                do {
                    let r = try actions.suppress(list, by: operatorName, now: clock())
                    backend.noteLocalWrite()
                    return fresh(request) + [Self.outcome("suppressed", r)]
                } catch { return [.effectFailed("suppress failed: \(error)")] }
            }
        case let .addNote(kind, text, incidentID):
            return mutating {
                do {
                    try actions.addNote(kind: kind, text: text, incidentID: incidentID, by: operatorName, now: clock())
                    backend.noteLocalWrite()
                    return fresh(request) + [.effectSucceeded("\(kind.rawValue) note added")]
                } catch { return [.effectFailed("note not saved: \(error)")] }
            }
        case let .saveEscalation(text, path):
            do {
                try Self.writeOwnerOnly(text, to: path)
                return [.effectSucceeded("draft saved to \(path) (owner-only)")]
            } catch { return [.effectFailed("could not save \(path): \(error)")] }
        case .loadQueue, .loadDetail:
            // Paging through unchanged data reuses the queue total, incidents and timeline
            // (`snapshot(for:)`): a PageDown reads one page, not the whole frame's data.
            if let snap = backend.snapshot(for: request) { return [.snapshot(snap)] }
            return fresh(request)
        case .refresh:
            return fresh(request)
        case .quit:
            return []
        }
    }

    private func mutating(_ body: () -> [Action]) -> [Action] {
        backend.readOnly ? [.effectFailed("read-only console: changes are disabled")] : body()
    }

    private func fresh(_ request: SnapshotRequest) -> [Action] {
        do { return [.snapshot(try backend.build(request))] } catch { return [.effectFailed("\(error)")] }
    }

    private func release(_ scope: QueueActions.Scope, label: String) -> [Action] {
        let (actions, by, now) = (actions, operatorName, clock())
        let job: @Sendable () -> [Action] = {
            do {
                return [Self.outcome("released", try actions.release(scope, by: by, now: now))]
            } catch {
                // QueueActions rolls back on a failed release command: the items stay held.
                return [.effectFailed("release failed, items stay held: \(error)")]
            }
        }
        guard backgroundReleases else {
            let result = job()
            backend.noteLocalWrite()
            return fresh(lastRequest) + result
        }
        let (mailbox, watcher) = (mailbox, backend.watcher)
        mailbox.inFlight.add(1, ordering: .releasing)
        releaseQueue.async {
            let result = job()
            watcher.noteLocalWrite()
            mailbox.post(result)
            mailbox.inFlight.subtract(1, ordering: .releasing)
        }
        return [.effectSucceeded("releasing \(label)…")]
    }

    static func outcome(_ verb: String, _ r: QueueActions.Result) -> Action {
        var text = "\(verb) \(count(r.changed.count))"
        if let s = r.skipped.first { text += "; skipped \(r.skipped.count) (\(s.address): \(s.why))" }
        return r.changed.isEmpty && !r.skipped.isEmpty ? .effectFailed(text) : .effectSucceeded(text)
    }

    static func count(_ n: Int) -> String { "\(Fmt.count(n)) address\(n == 1 ? "" : "es")" }

    /// Writes a file readable by its owner only (0600), also when it already existed.
    static func writeOwnerOnly(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw RuntimeFailure(String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw RuntimeFailure(String(cString: strerror(errno))) }
        let data = Array(text.utf8) + [10]
        var written = 0
        while written < data.count {
            let n = data[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw RuntimeFailure(String(cString: strerror(errno))) }
            written += n
        }
    }
}

/// A one-line failure message.
struct RuntimeFailure: Error, CustomStringConvertible {
    var description: String
    init(_ m: String) { description = m }
}

/// Results of background releases, handed from the release queue to the loop's thread.
final class Mailbox: Sendable {
    private let actions = Mutex<[Action]>([])
    /// Releases queued or running.
    let inFlight = Atomic<Int>(0)

    func post(_ new: [Action]) { actions.withLock { $0 += new } }
    func take() -> [Action] { actions.withLock { m in defer { m = [] }; return m } }
}
