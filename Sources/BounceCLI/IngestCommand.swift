import ArgumentParser
import BounceCore
import BounceService
import BounceStore
import Foundation

/// `bouncewatch ingest [--format …] FILE...|-`
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read mail logs into the database (resumes where an earlier run stopped).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Input format: auto, postfix, exim, pmta or jsonl.")
    var format: String = "auto"

    @Argument(help: "Log files (plain text), or - for standard input.")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one log file, or - for standard input") }
        if format != "auto", SourceFormat(rawValue: format) == nil {
            throw ValidationError("unknown --format '\(format)': use auto, postfix, exim, pmta or jsonl")
        }
    }

    func run() throws {
        let store = try global.openStore()
        let pipeline = try IngestPipeline(store: store)
        let fmt = format == "auto" ? nil : SourceFormat(rawValue: format)
        var failed = false
        for path in files {
            do {
                let p = try pipeline.ingest(path: path, format: fmt)
                let skipped = p.skippedBytes > 0 ? ", resumed at byte \(p.skippedBytes)" : ""
                FileHandle.standardError.write(Data(
                    "\(path): \(p.lines) lines, \(p.events) events, \(p.ignored) ignored, \(p.rejected) rejected, \(p.held) held, \(p.suppressed) suppressed\(skipped)\n".utf8))
            } catch {
                failed = true
                FileHandle.standardError.write(Data("bouncewatch: \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
