import BounceCore
import Foundation
import Logging

/// Runs `[alerts] command` for each incident that opens or closes (README.md, "Incident hooks").
///
/// Hooks run one at a time on their own serial queue, in the order the incidents happened, so a
/// hook that hangs delays only later hooks — never ingest — and is killed after its timeout. A
/// failing or timed-out hook is logged and noted on the incident's timeline. Delivery is at most
/// once: the event is taken from the batch that committed it, and a process killed between that
/// commit and the hook loses the page (the timeline still has the event).
public final class IncidentHook: Sendable {
    static let log = Logger(label: "bouncewatch.alerts")
    let argv: [String]
    let timeoutSeconds: Int
    let host: String
    let store: any BounceStorage
    private let queue = DispatchQueue(label: "bouncewatch.alerts")
    private let pending = DispatchGroup()

    public init(argv: [String], timeoutSeconds: Int = 10, store: any BounceStorage, host: String = IncidentHook.hostName()) {
        self.argv = argv
        self.timeoutSeconds = timeoutSeconds
        self.store = store
        self.host = host
    }

    /// The hook for `config`, or nil when `[alerts] command` is not set.
    public convenience init?(config: BounceConfig, store: any BounceStorage) {
        guard let argv = config.alerts.command else { return nil }
        self.init(argv: argv, timeoutSeconds: config.alerts.timeoutSeconds, store: store)
    }

    /// Queues the hook for `notice` and returns at once.
    public func fire(_ notice: IncidentNotice) {
        var n = notice
        n.host = host
        let sent = n
        queue.async(group: pending) { [self] in run(sent) }
    }

    /// Waits until queued hooks have finished (each is bounded by its timeout), for a one-shot
    /// `ingest --alerts` that should not exit with a page half-sent.
    public func finish() {
        pending.wait()
    }

    func run(_ n: IncidentNotice) {
        let child = ChildProcess(argv: argv, timeoutSeconds: timeoutSeconds, environment: n.environment)
        let meta: Logger.Metadata = ["event": "\(n.event.rawValue)", "incident": "\(n.incident.id)", "provider": "\(n.incident.provider)"]
        let started = Date()
        do {
            try child.run(stdin: Array(n.json.utf8))
            Self.log.info("alert hook ran for \(n.event.rawValue) #\(n.incident.id)",
                          metadata: meta.merging(["seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"]) { a, _ in a })
        } catch {
            let what = "alert hook \(argv.first ?? "") \(error.description) for \(n.event.rawValue) of incident #\(n.incident.id)"
            Self.log.error("\(what)", metadata: meta)
            do {
                try store.transaction { tx in
                    try tx.addTimeline(TimelineEntry(at: Int(Date().timeIntervalSince1970), incidentID: n.incident.id,
                                                     kind: .note, by: "alerts", text: what))
                }
            } catch {
                Self.log.error("cannot note the hook failure on the timeline: \(error)", metadata: meta)
            }
        }
    }

    /// This machine's short host name (the `host` of every notice it sends).
    public static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count) == 0 else { return "localhost" }
        let name = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.split(separator: ".").first.map(String.init) ?? name
    }
}
