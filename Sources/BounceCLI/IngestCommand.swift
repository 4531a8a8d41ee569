import ArgumentParser
import BounceCore
import BouncePostgres
import BounceService
import BounceStore
import Foundation
import Logging

/// `bouncewatch ingest [--format …] FILE...|-`
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read mail logs into the database (resumes where an earlier run stopped).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Input format (auto detects it per file).")
    var format: IngestFormat = .auto

    @Flag(name: .long, help: "Keep following the files like tail -F (rotation-safe, resumes after restart).")
    var follow = false

    @Flag(name: .long, help: ArgumentHelp(
        "Run the [alerts] hook for incidents this run opens or closes (always on with --follow).",
        discussion: "Off by default without --follow, so replaying an old log pages nobody."))
    var alerts = false

    @OptionGroup var metrics: MetricsOption

    @Argument(help: "Log files (plain or .gz), or - for standard input.")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one log file, or - for standard input") }
        if metrics.metricsListen != nil && !follow { throw ValidationError("--metrics-listen serves a running follower: add --follow") }
    }

    func run() throws {
        let store = try global.openStore()
        if let pg = store as? PostgresStorage, let others = try? pg.otherIngesters(), !others.isEmpty {
            // Said once, up front: counts and the queue are exact with several ingesters, incidents
            // are not yet (docs/STORAGE.md, "What works on PostgreSQL").
            FileHandle.standardError.write(Data("""
                bouncewatch: warning: \(others.count) other host(s) ingest into this store (\(others.prefix(3).joined(separator: ", "))\(others.count > 3 ? ", …" : "")); \
                counts and the queue add up exactly, but incident detection is per host in this version and \
                their incident numbers collide — run one ingester per database where incidents matter

                """.utf8))
        }
        let config: BounceConfig
        do { config = try ConfigLoader.load(path: global.config) } catch { throw RuntimeError("\(error)") }
        let pipeline = try IngestPipeline(store: store, catalog: ProviderCatalog(providers: config.providers), policy: config.policy,
                                              detector: config.detector)
        pipeline.applier.retention = config.retention
        let hook = follow || alerts ? IncidentHook(config: config, store: store) : nil
        if alerts, hook == nil { throw ValidationError("--alerts needs [alerts] command in the configuration") }
        if let hook { pipeline.onIncident = { hook.fire($0) } }
        defer { hook?.finish() }
        let fmt = format.format
        if follow {
            let server = try metrics.start(config: config, store: store, pipeline: pipeline)
            defer { server?.stop() }
            try runFollow(pipeline, format: fmt)
            return
        }
        var failed = false
        let meter = ProgressMeter()
        for path in files {
            do {
                meter.start(path)
                pipeline.onBatch = { meter.update($0) }
                let p = try pipeline.ingest(path: path, format: fmt)
                meter.finish(p)
            } catch {
                failed = true
                meter.clear()
                FileHandle.standardError.write(Data("bouncewatch: \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Follows until SIGINT/SIGTERM; each poll commits, so stopping loses nothing.
    func runFollow(_ pipeline: IngestPipeline, format: SourceFormat?) throws {
        if files.contains("-") {
            guard files == ["-"] else { throw ValidationError("follow either files or - (standard input), not both") }
            _ = try pipeline.ingest(path: "-", format: format)
            return
        }
        let lock = try SourceLock(database: global.databasePath, paths: files)
        defer { lock.release() }
        StopSignal.install()
        let log = Logger(label: "bouncewatch.follow")
        let follower = LogFollower(pipeline: pipeline, paths: files, format: format)
        log.info("following \(files.joined(separator: ", ")) into \(pipeline.store.location)")
        var total = 0
        var lastProblem = ""
        while !StopSignal.isSet {
            let s = try follower.poll(maxLines: 50_000)
            total += s.lines
            if s.lines > 0 { log.debug("committed \(s.lines) lines") }
            if let p = s.problems.first, p != lastProblem {
                log.warning("\(p)")
                lastProblem = p
            }
            if s.lines == 0 { Thread.sleep(forTimeInterval: 0.25) }
        }
        log.notice("stopped after \(total) lines")
    }
}
