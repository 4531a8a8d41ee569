import BounceCore
import BouncePostgres
import BounceStore
import Foundation
import Testing

/// The storage backends every conformance test runs against. SQLite always; PostgreSQL when
/// `$BOUNCEWATCH_TEST_POSTGRES` names a server (`eval "$(scripts/pg-cluster.sh start)"` starts a
/// throwaway one; .ci/run does, and sets `BOUNCEWATCH_REQUIRE_POSTGRES=1` so a missing server
/// fails CI instead of skipping).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["BOUNCEWATCH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipNote = "PostgreSQL part skipped: no server (set BOUNCEWATCH_TEST_POSTGRES, e.g. eval \"$(scripts/pg-cluster.sh start)\")"

    /// The backends this run can reach.
    static var available: [Backend] {
        if postgresURL == nil { print(skipNote) }
        return postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { rawValue }
}

/// One fresh, empty store of a backend, and how to open more handles on the same data (other
/// processes, other hosts). PostgreSQL stores each live in a schema of their own, dropped at
/// `close()`, so tests run in parallel on one server.
final class TestStore: @unchecked Sendable {
    let backend: Backend
    private let where_: String
    let primary: any BounceStorage
    private var extra: [any BounceStorage] = []

    init(_ backend: Backend) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bw-conf-\(UUID().uuidString)").path
            where_ = dir + "/bw.sqlite"
        case .postgres:
            let url = try #require(Backend.postgresURL)
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            where_ = url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
        }
        primary = try Self.open(backend, where_, host: "mta1")
    }

    /// Another handle on the same data, as a second process or host would open it.
    func another(host: String = "mta2") throws -> any BounceStorage {
        let s = try Self.open(backend, where_, host: host)
        extra.append(s)
        return s
    }

    private static func open(_ backend: Backend, _ location: String, host: String) throws -> any BounceStorage {
        switch backend {
        case .sqlite: try Store(path: location)
        case .postgres: try PostgresStorage(url: PostgresURL(location), host: host)
        }
    }

    func close() {
        if let pg = primary as? PostgresStorage { try? pg.dropSchema() }
        extra.removeAll()
    }
}

/// A Postfix log of simulated traffic (TrafficSimulator: list decay, throttles, an Apple
/// incident), as lines.
enum SimulatedLog {
    static func lines(_ scenario: Scenario, seed: UInt64, hours: Double) -> (lines: [String], events: Int) {
        let config = SimulationConfig(scenario: scenario, seed: seed)
        let deliveries = TrafficSimulator(config: config).generate(from: config.start, to: config.start + Int(hours * 3600))
        return (deliveries.map(\.syslogLine), deliveries.count)
    }

    static func write(_ lines: some Sequence<String>, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bw-conf-\(UUID().uuidString)/\(name)").path
    }
}

@Suite struct BackendAvailabilityTests {
    /// CI must run the PostgreSQL half: there a missing server is a failure, not a skip.
    @Test func postgresIsReachableWhereItIsRequired() throws {
        guard ProcessInfo.processInfo.environment["BOUNCEWATCH_REQUIRE_POSTGRES"] == "1" else { return }
        let url = try #require(Backend.postgresURL, "BOUNCEWATCH_REQUIRE_POSTGRES=1 but BOUNCEWATCH_TEST_POSTGRES is unset")
        let s = try TestStore(.postgres)
        defer { s.close() }
        #expect(try s.primary.snapshot { tx in try tx.queueCounts() }.isEmpty, "a fresh schema on \(url.prefix { $0 != "?" })")
    }
}
