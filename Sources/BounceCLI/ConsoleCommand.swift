import ArgumentParser
import BounceCore
import BounceMetrics
import BounceService
import BounceStore
import ConsoleApp
import ConsoleUI
import Foundation

/// `bouncewatch console [--follow FILE...] [--theme NAME] [--read-only]` (also plain `bouncewatch`).
///
/// Without `--follow` it is a reader: other processes' writes (an `ingest --follow`, the CLI,
/// another console) show within one tick via `data_version`. With `--follow` it also ingests, a
/// capped batch per tick. If another process already follows a file into this database, the
/// console says so in the status bar and runs as a reader instead of ingesting twice.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the live console: rates, retry queue and incident timeline (the default command).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Log files to follow and ingest while the console runs.")
    var follow: [String] = []

    @Option(name: .long, help: "Theme: a shipped one, or the name of a NAME.theme file in themes/.")
    var theme: ThemeName?

    @Flag(name: .long, help: "Observe only: open the database read-only and disable release, suppress and notes.")
    var readOnly = false

    @OptionGroup var metrics: MetricsOption

    // Frame benchmark (scripts/bench-console.sh): hidden, not an operator feature.
    @Option(name: .long, help: .hidden) var benchFrames: Int?
    @Option(name: .long, help: .hidden) var benchSize = "200x60"
    @Option(name: .long, help: .hidden) var benchPane = "queue"
    @Flag(name: .long, help: .hidden) var benchLive = false

    func validate() throws {
        if follow.contains("-") {
            throw ValidationError("the console reads keys from the terminal, so it cannot follow standard input; pipe into 'bouncewatch ingest -' and open a console beside it")
        }
        if readOnly && !follow.isEmpty { throw ValidationError("--read-only cannot ingest: drop --follow or --read-only") }
        if metrics.metricsListen != nil && follow.isEmpty { throw ValidationError("--metrics-listen serves a console that ingests: add --follow FILE") }
        if benchFrames != nil {
            guard ConsoleBench.parseSize(benchSize) != nil else { throw ValidationError("--bench-size wants COLSxROWS, e.g. 200x60") }
            guard ConsoleBench.Pane(rawValue: benchPane) != nil else { throw ValidationError("--bench-pane wants queue, queue-all or timeline") }
        }
    }

    func run() throws {
        let config: BounceConfig
        do { config = try ConfigLoader.load(path: global.config) } catch { throw RuntimeError("\(error)") }
        var storeReadOnly = readOnly
        let store: any BounceStorage
        if readOnly, !global.usesPostgres, let s = try? Store(path: global.databasePath, readOnly: true) {
            store = s
        } else {
            // Read-only open needs an existing WAL database; otherwise open normally and only
            // disable the mutating keys. (PostgreSQL: read-only is the keys alone too.)
            storeReadOnly = false
            store = try global.openStore()
        }
        let path = store.location
        let providers = config.providers.map(\.name)
        let backend: ConsoleBackend
        do {
            backend = try ConsoleBackend(store: store, sourceLabel: "db \(path)", readOnly: readOnly,
                                         extraProviders: providers, watcher: store.changeWatcher(readOnly: storeReadOnly))
        } catch { throw RuntimeError("cannot open \(path): \(error)") }
        if let frames = benchFrames, let size = ConsoleBench.parseSize(benchSize), let pane = ConsoleBench.Pane(rawValue: benchPane) {
            return try ConsoleBench.run(backend: backend, frames: frames, rows: size.rows, cols: size.cols, pane: pane, live: benchLive)
        }
        let actions = QueueActions(store: store, releaser: QueueActions.releaser(for: config.release))
        let session = ConsoleSession(backend: backend, actions: actions, operatorName: global.operatorName)
        var status: StatusLine?
        var lock: SourceLock?
        var server: MetricsServer?
        defer { server?.stop() }
        var following: IngestPipeline?
        if !follow.isEmpty {
            do {
                lock = try SourceLock(database: global.databasePath, paths: follow)
                let pipeline = try IngestPipeline(store: store, catalog: ProviderCatalog(providers: config.providers),
                                                  policy: config.policy, detector: config.detector)
                pipeline.applier.retention = config.retention
                // The console that ingests is the one that opens incidents: it runs the hook.
                if let hook = IncidentHook(config: config, store: store) {
                    pipeline.onIncident = { hook.fire($0) }
                }
                following = pipeline
                let feed = FollowFeed(follower: LogFollower(pipeline: pipeline, paths: follow), backend: backend)
                session.tickWork.append(feed.tick)
                backend.sourceLabel = "following \(follow.joined(separator: ", ")) → \(path)"
            } catch {
                let noMetrics = (metrics.metricsListen ?? config.metrics.listen) == nil ? "" : " or serving metrics"
                status = StatusLine("\(error) — showing its data without ingesting\(noMetrics)", isError: true)
                backend.sourceLabel = "db \(path) (followed by another process)"
            }
        }
        defer { lock?.release() }
        // A metrics address that cannot be bound is the operator's mistake to fix, not a reason
        // to ingest unseen: a one-line error before the console takes the terminal.
        if let following { server = try metrics.start(config: config, store: store, pipeline: following) }
        // Escalation drafts go where the operator started the console.
        let dir = FileManager.default.currentDirectoryPath
        let code = ConsoleRunner.run(session: session, themeName: theme?.name, readOnly: readOnly,
                                     profile: config.escalation, draftDirectory: dir,
                                     status: status)
        if code != 0 { throw ExitCode(code) }
    }
}
