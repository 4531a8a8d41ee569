import BounceCore
import ArgumentParser
import Foundation
import Logging

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Diagnostics through swift-log: the follower, the console's background work and the release
/// command log with levels to stderr, one line per event. Progress meters and command output are
/// not diagnostics and keep writing as they do.
///
/// A line reads `bouncewatch[follow] warning: cannot read /var/log/mail.log: …`. Under systemd
/// (`$JOURNAL_STREAM` names our stderr) it starts with the syslog priority instead, `<4>follow:
/// …`, so journald files it at the right level. Text from logs is sanitised like everything the
/// CLI prints. While the console owns the terminal, stderr is that terminal: diagnostics are
/// dropped there unless stderr is redirected (`bouncewatch console 2>>console.log`).
enum DiagnosticLog {
    /// The level from `--log-level`, else `$BOUNCEWATCH_LOG_LEVEL`, else `info` for the
    /// long-running commands (`ingest --follow`, `console`, `demo`) and nothing for one-shot
    /// commands: their stderr is the one-line error of the exit-code contract, which a log line
    /// about the same failure would double.
    static func level(option: Logger.Level?, longRunning: Bool,
                      environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger.Level? {
        if let option { return option }
        if let raw = environment["BOUNCEWATCH_LOG_LEVEL"]?.lowercased(), let l = Logger.Level(rawValue: raw) { return l }
        return longRunning ? .info : nil
    }

    private static let once = NSLock()
    nonisolated(unsafe) private static var bootstrapped = false

    /// Installs the handler once per process (swift-log allows one bootstrap).
    static func bootstrap(level: Logger.Level?, ownsTerminal: Bool) {
        once.lock()
        defer { once.unlock() }
        guard !bootstrapped else { return }
        bootstrapped = true
        let silent = level == nil || (ownsTerminal && isatty(STDERR_FILENO) == 1)
        let level = level ?? .critical
        let journald = Self.stderrIsJournal()
        LoggingSystem.bootstrap { label in
            if silent { return SwiftLogNoOpLogHandler() }
            return LineLogHandler(label: label, level: level, journald: journald)
        }
    }

    /// True when systemd connected stderr to the journal (`JOURNAL_STREAM=dev:inode` matches fd 2).
    static func stderrIsJournal(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let v = environment["JOURNAL_STREAM"] else { return false }
        let parts = v.split(separator: ":")
        var st = stat()
        guard parts.count == 2, fstat(STDERR_FILENO, &st) == 0 else { return false }
        return String(UInt64(st.st_dev)) == parts[0] && String(UInt64(st.st_ino)) == parts[1]
    }
}

/// One line per event on stderr (see `DiagnosticLog`).
struct LineLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let label: String
    let journald: Bool

    init(label: String, level: Logger.Level, journald: Bool) {
        self.label = label
        self.logLevel = level
        self.journald = journald
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        FileHandle.standardError.write(Data((Self.format(level: level, label: label, message: "\(message)",
                                                         metadata: self.metadata.merging(explicit ?? [:]) { $1 },
                                                         journald: journald) + "\n").utf8))
    }

    /// `bouncewatch[label] level: message key=value …` (or `<prio>label: …` for journald), the
    /// text sanitised, on one line. `label` drops its `bouncewatch.` prefix.
    static func format(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, journald: Bool) -> String {
        let name = label.hasPrefix("bouncewatch.") ? String(label.dropFirst("bouncewatch.".count)) : label
        var text = TextSanitizer.plain(message).replacingOccurrences(of: "\n", with: " ")
        for (k, v) in metadata.sorted(by: { $0.key < $1.key }) { text += " \(k)=\(TextSanitizer.plain("\(v)"))" }
        if journald { return "<\(priority(level))>\(name): \(text)" }
        return "bouncewatch[\(name)] \(level.rawValue): \(text)"
    }

    /// The syslog priority journald reads from a `<N>` prefix.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}

/// A command with the global options (all of them): `runMain` reads `--log-level` from it.
protocol HasGlobalOptions {
    var global: GlobalOptions { get }
}

extension ConsoleCommand: HasGlobalOptions {}
extension DemoCommand: HasGlobalOptions {}
extension IngestCommand: HasGlobalOptions {}
extension ReportCommand: HasGlobalOptions {}
extension ClassifyCommand: HasGlobalOptions {}
extension IncidentsCommand: HasGlobalOptions {}
extension NoteCommand: HasGlobalOptions {}
extension TimelineCommand: HasGlobalOptions {}
extension ExportCommand: HasGlobalOptions {}
extension QueueCommand.List: HasGlobalOptions {}
extension QueueCommand.Release: HasGlobalOptions {}
extension QueueCommand.Suppress: HasGlobalOptions {}
