import BounceCore
import Foundation
import Logging

/// Runs a configured program with the released addresses on stdin, one per line, through
/// `ChildProcess` (argv, never a shell: addresses are only ever data). Context goes in environment variables
/// (`BOUNCEWATCH_OPERATOR`, `BOUNCEWATCH_INCIDENT`, `BOUNCEWATCH_COUNT`).
public struct CommandReleaser: Releaser {
    static let log = Logger(label: "bouncewatch.release")
    public var argv: [String]
    public var timeoutSeconds: Int

    public init(argv: [String], timeoutSeconds: Int = 20) {
        self.argv = argv
        self.timeoutSeconds = timeoutSeconds
    }

    /// Addresses that cannot be passed one per line (they contain a line break or NUL).
    public static func isLineSafe(_ address: String) -> Bool {
        !address.utf8.contains { $0 == 10 || $0 == 13 || $0 == 0 }
    }

    public func release(_ addresses: [String], context: ReleaseContext) throws {
        do {
            let started = Date()
            try run(addresses, context: context)
            Self.log.info("release command \(argv.first ?? "") took \(addresses.count) address(es) and exited 0",
                          metadata: ["operator": "\(context.operatorName)", "incident": "\(context.incidentID.map(String.init) ?? "-")",
                                     "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
        } catch {
            Self.log.error("\(error)", metadata: ["operator": "\(context.operatorName)", "count": "\(addresses.count)"])
            throw error
        }
    }

    func run(_ addresses: [String], context: ReleaseContext) throws {
        let child = ChildProcess(argv: argv, timeoutSeconds: timeoutSeconds, environment: [
            "BOUNCEWATCH_OPERATOR": context.operatorName,
            "BOUNCEWATCH_INCIDENT": context.incidentID.map(String.init) ?? "",
            "BOUNCEWATCH_COUNT": String(addresses.count),
        ])
        let payload = Array(addresses.joined(separator: "\n").utf8) + (addresses.isEmpty ? [] : [10])
        do {
            try child.run(stdin: payload)
        } catch {
            switch error {
            case let .notFound(p): throw ReleaseError("release command not found: \(p)")
            case let .cannotStart(p, why): throw ReleaseError("cannot start release command \(p): \(why)")
            default: throw ReleaseError("release command \(error.description); nothing was released")
            }
        }
    }
}
