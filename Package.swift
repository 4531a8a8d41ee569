// swift-tools-version:6.1
import PackageDescription

// Dependency direction is one-way (docs/ARCHITECTURE.md):
// BounceCore ← BounceService ← BounceCLI ← bouncewatch, and BounceCore ← BounceStore (SQLite) |
// BouncePostgres ← BounceCLI. BounceCore is pure (Foundation only): no GRDB, no PostgresNIO, no
// ncurses. BounceService sees storage only through BounceCore's BounceStorage protocol; BounceCLI
// (and the console wiring) pick the backend.
// Release builds of the ingest hot path skip dynamic exclusivity checks (~5 % of ingest CPU in
// `perf`: every class/closure property access). Debug builds — the test suite — keep them, so
// a violation is still caught by the tests.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "bouncewatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bouncewatch", targets: ["bouncewatch"]),
        // Benchmark workloads (scripts/bench-console.sh, bench-follow.sh); not for operators.
        .executable(name: "bouncewatch-bench", targets: ["bouncewatch-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // memmem for the parsers' byte search (a C shim: glibc hides it from Swift).
        .target(name: "CByteSearch"),
        .target(name: "BounceCore", dependencies: ["CByteSearch"], swiftSettings: hotPath),
        .target(
            name: "BounceStore",
            dependencies: ["BounceCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: hotPath
        ),
        // Fleet mode: the same storage operations on a shared PostgreSQL (docs/STORAGE.md).
        // PostgresNIO and NIOSSL stay in this target.
        .target(
            name: "BouncePostgres",
            dependencies: ["BounceCore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: hotPath
        ),
        .target(
            name: "BounceService",
            dependencies: ["BounceCore", .product(name: "TOMLKit", package: "TOMLKit"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: hotPath
        ),
        .target(
            name: "BounceCLI",
            dependencies: [
                "BounceCore", "BounceStore", "BouncePostgres", "BounceService", "BounceMetrics", "ConsoleUI", "ConsoleApp",
                "NcursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // GET /metrics: Prometheus exposition over a small NIO HTTP/1.1 listener. NIO and
        // swift-prometheus stay in this target; the core stays Foundation-only.
        .target(
            name: "BounceMetrics",
            dependencies: ["BounceCore", "BounceStore", "BounceService",
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(name: "bouncewatch", dependencies: ["BounceCLI"]),
        .executableTarget(
            name: "bouncewatch-bench",
            dependencies: ["BounceCore", "BounceStore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Console front end (ncursesw, wide characters, UTF-8 locale): only NcursesTerminal imports CNcursesW.
        .systemLibrary(name: "CNcursesW", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CWidth"),
        .target(name: "ConsoleUI", dependencies: ["BounceCore"]),
        .target(name: "NcursesTerminal", dependencies: ["CNcursesW", "CWidth", "ConsoleUI"]),
        // Console ↔ engine/store wiring (snapshots, effects, in-console ingestion, demo feed); no curses.
        .target(name: "ConsoleApp", dependencies: ["BounceCore", "BounceService", "ConsoleUI",
                                                   .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "ConsoleUITests", dependencies: ["ConsoleUI", "BounceCore"]),
        .testTarget(name: "BounceCoreTests", dependencies: ["BounceCore"], exclude: ["Fixtures"]),
        .testTarget(name: "BounceStoreTests", dependencies: ["BounceCore", "BounceStore"]),
        // One behaviour suite for every storage backend: SQLite always, PostgreSQL when
        // $BOUNCEWATCH_TEST_POSTGRES names a server (.ci/run starts one, scripts/pg-cluster.sh).
        .testTarget(name: "StorageConformanceTests",
                    dependencies: ["BounceCore", "BounceStore", "BouncePostgres", "BounceService", "ConsoleApp", "ConsoleUI"]),
        .testTarget(name: "BounceServiceTests", dependencies: ["BounceService", "BounceCore", "BounceStore"]),
        .testTarget(name: "ConsoleIntegrationTests",
                    dependencies: ["ConsoleApp", "ConsoleUI", "BounceCore", "BounceStore", "BounceService"],
                    exclude: ["Screens"]),
        .testTarget(name: "BounceCLITests", dependencies: ["BounceCLI", "BounceCore", "BounceStore", "BounceService", "bouncewatch"]),
    ],
    swiftLanguageModes: [.v6]
)
