import BounceCore
import BounceService
import BounceStore
import ConsoleApp
import ConsoleUI
import Foundation

/// The real console stack without a terminal (a lazygit-style harness, docs/ARCHITECTURE.md): a
/// file-backed store fed through the real ingest pipeline, `ConsoleBackend` + `ConsoleSession`,
/// the real `ConsoleLoop` on a `VirtualTerminal`, and a manual clock for operator actions.
final class ConsoleHarness {
    static let base = 1_565_280_000                         // 2019-08-08T16:00:00Z
    let dir: String
    let store: Store
    let backend: ConsoleBackend
    let session: ConsoleSession
    let term: VirtualTerminal
    var loop: ConsoleLoop
    var now = ConsoleHarness.base + 3600

    /// `held` mailbox-full bounces (`user0000@icloud.com` …, the highest number bounced last),
    /// two gmail ones and one with a hostile reply, over 20 minutes of simulated traffic.
    /// `incident`: an open Apple incident (banner, linked holds, detector and note entries on the
    /// timeline). `readOnly`: the console as `--read-only` starts it.
    init(held: Int = 40, rows: Int = 60, cols: Int = 200, incident: Bool = false, readOnly: Bool = false) throws {
        dir = NSTemporaryDirectory() + "bw-harness-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        store = try Store(path: dir + "/bw.sqlite")
        try Self.ingestTraffic(into: store, dir: dir)
        try Self.addHeld(held, into: store)
        if incident { try Self.openIncident(in: store) }
        backend = try ConsoleBackend(store: store, sourceLabel: "harness")
        session = ConsoleSession(backend: backend, actions: QueueActions(store: store), operatorName: "alice")
        session.backgroundReleases = false
        term = VirtualTerminal(rows: rows, cols: cols)
        let s = session
        loop = ConsoleLoop(terminal: term, theme: .builtinDefault, state: ConsoleState(rows: rows, cols: cols, readOnly: readOnly),
                           snapshot: s.snapshot, perform: s.perform, inbox: s.inbox)
        session.clock = { [unowned self] in now }
        loop.start()
        _ = loop.step()                                       // first frame (no key: a tick)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Real Postfix lines from the simulator through `IngestPipeline` (the rates data).
    static func ingestTraffic(into store: Store, dir: String) throws {
        var config = SimulationConfig(scenario: .quiet, seed: 7, start: base)
        config.messagesPerMinute = 60
        // Rates only: no address-scope bounces, so the queue holds exactly the items each test adds.
        config.invalidShare = 0
        config.fullMailboxShare = 0
        var sim = TrafficSimulator(config: config)
        let text = sim.next(upTo: base + 20 * 60).map(\.syslogLine).joined(separator: "\n") + "\n"
        let log = dir + "/mail.log"
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        try IngestPipeline(store: store).ingest(path: log)
    }

    /// Queue items through `BatchApplier` with pinned verdicts: the decision logic, not the
    /// classifier, decides here (mailbox-full is held whatever the incident state).
    static func addHeld(_ n: Int, into store: Store) throws {
        var engine = AnalysisEngine()
        func bounce(_ to: String, at t: Int, text: String) -> AnalyzedEvent {
            var a = engine.analyze(DeliveryEvent(time: Date(timeIntervalSince1970: Double(t)), format: .postfix, recipient: to,
                                                 relayHost: "mx01.mail.icloud.com", replyCode: 452,
                                                 status: EnhancedStatus("4.2.2"), outcome: .bounced, diagnostic: text))
            a.verdict = Verdict(reason: .mailboxFull, hard: true, status: EnhancedStatus("4.2.2"), code: 452, rule: "test")
            return a
        }
        var events = (0..<n).map { i in
            bounce(String(format: "user%04d@icloud.com", i), at: base + 1200 + i, text: "452 4.2.2 mailbox full")
        }
        events.append(bounce("anna@gmail.com", at: base + 100, text: "452 4.2.2 quota exceeded"))
        events.append(bounce("bob@gmail.com", at: base + 101, text: "452 4.2.2 quota exceeded"))
        events.append(bounce("hostile@icloud.com", at: base + 50,
                             text: "452 4.2.2 \u{1B}[2J\u{1B}]0;pwned\u{07}mailbox full \u{202E}moc.duolci"))
        _ = try store.write { tx in try BatchApplier().apply(events, incidents: [], in: tx) }
    }

    /// An open Apple incident as the detector records it, the Apple holds linked to it, and a
    /// postmaster-contact note beside the detector's entry.
    static func openIncident(in store: Store) throws {
        try store.write { tx in
            try tx.saveIncident(IncidentRecord(id: 1, provider: "apple", kind: .provider, reasons: [.mailboxFull, .userUnknown],
                                               startedAt: base + 1140, detectedAt: base + 1260, closedAt: nil,
                                               peakRate: 0.357, baselineRate: 0.02), peakAt: base + 1260)
            _ = try tx.linkHolds(provider: "apple", since: base + 1140, incidentID: 1)
            try tx.addTimeline(TimelineEntry(at: base + 1260, incidentID: 1, kind: .detector, by: "detector",
                                             text: "apple incident opened: mailbox-full, user-unknown, address-failure rate 35.7% vs baseline 2.0%"))
            try tx.addTimeline(TimelineEntry(at: base + 1500, incidentID: 1, kind: .postmasterContact, by: "alice",
                                             text: "mailed icloudadmin@apple.com, ticket pending"))
        }
    }

    /// Delivers keys one loop step each (effects run inside the step).
    func press(_ keys: KeyEvent...) { for k in keys { term.script.append(k); _ = loop.step() } }

    /// Types text into whatever editor is open.
    func type(_ text: String) { for c in text { press(.char(c)) } }

    /// One idle tick (no key): the live refresh path.
    func tick() { _ = loop.step() }

    /// The screen for the current state (the loop itself paints at the start of its next step).
    var lines: [String] {
        ConsoleView(keyMap: loop.reducer.keyMap, unicode: true, widths: term.widths).render(loop.state).lines
    }
    var screen: String { lines.joined(separator: "\n") }
    var state: ConsoleState { loop.state }
}
