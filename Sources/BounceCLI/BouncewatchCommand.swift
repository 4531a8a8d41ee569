import ArgumentParser
import BounceCore
import Foundation

/// The `bouncewatch` command tree (README.md, "Command line").
public struct BouncewatchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bouncewatch",
        abstract: "Apple-aware bounce console for mail operators: live rates, hold-not-suppress retry queue, incident timeline.",
        subcommands: [ConsoleCommand.self, DemoCommand.self, IngestCommand.self, ReportCommand.self, ClassifyCommand.self, QueueCommand.self, IncidentsCommand.self,
                      NoteCommand.self, TimelineCommand.self, ExportCommand.self, MitigationCommand.self, SimulateCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
    public init() {}

    /// Entry point with the exit-code contract: 0 ok, 1 runtime failure, 2 usage error, each
    /// failure with a one-line message on stderr.
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        // A release command that exits early must give EPIPE, not kill us.
        signal(SIGPIPE, SIG_IGN)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            Foundation.exit(reportParseError(error))
        }
        let global = (command as? any HasGlobalOptions)?.global
        let ownsTerminal = command is ConsoleCommand || command is DemoCommand
        let longRunning = ownsTerminal || (command as? IngestCommand)?.follow == true
        DiagnosticLog.bootstrap(level: DiagnosticLog.level(option: global?.logLevel, longRunning: longRunning),
                                ownsTerminal: ownsTerminal)
        do {
            try command.run()
            Foundation.exit(0)
        } catch {
            Foundation.exit(reportRunError(error))
        }
    }

    /// Help/version print normally (exit 0); anything else is a usage error (exit 2).
    static func reportParseError(_ error: any Error) -> Int32 {
        if exitCode(for: error) == .success {
            print(fullMessage(for: error))
            return 0
        }
        // One line: argument-parser lists six or more valid values as bullets below its message.
        let lines = self.message(for: error).split(separator: "\n")
        var message = lines.first.map(String.init) ?? "invalid usage"
        let choices = lines.dropFirst().filter { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
        if !choices.isEmpty { message += " " + choices.joined(separator: ", ") }
        FileHandle.standardError.write(Data("bouncewatch: \(message) (see 'bouncewatch help')\n".utf8))
        return 2
    }

    /// Errors while running: explicit exit codes pass through, validation is usage (2), the rest 1.
    static func reportRunError(_ error: any Error) -> Int32 {
        if let e = error as? ExitCode { return e.rawValue }
        if error is ValidationError || exitCode(for: error) == .success { return reportParseError(error) }
        let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "failed"
        FileHandle.standardError.write(Data("bouncewatch: \(text)\n".utf8))
        return 1
    }
}
