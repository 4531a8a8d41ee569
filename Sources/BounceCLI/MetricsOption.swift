import ArgumentParser
import BounceCore
import BounceMetrics
import BounceService
import BounceStore

/// `--metrics-listen HOST:PORT`, shared by `ingest --follow` and `console --follow`; the option
/// wins over `[metrics] listen`.
struct MetricsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics while following (e.g. 127.0.0.1:9464).",
                                            valueName: "host:port"))
    var metricsListen: String?

    func validate() throws {
        if let l = metricsListen, ListenAddress(l) == nil {
            throw ValidationError("--metrics-listen wants HOST:PORT such as 127.0.0.1:9464 or [::1]:9464, got '\(l)'")
        }
    }

    /// Starts the endpoint when asked for (option or config) and feeds it from `pipeline`.
    func start(config: BounceConfig, store: any BounceStorage, pipeline: IngestPipeline) throws -> MetricsServer? {
        guard let text = metricsListen ?? config.metrics.listen, let address = ListenAddress(text) else { return nil }
        let exporter = MetricsExporter(store: store, providers: config.providers.map(\.name) + [Provider.otherName])
        pipeline.onCommit = { exporter.record($0) }
        do {
            return try MetricsServer(listen: address, exporter: exporter)
        } catch {
            throw RuntimeError("\(error)")
        }
    }
}
