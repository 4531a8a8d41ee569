import ArgumentParser
import BounceCore
import BounceService
import BounceStore
import Foundation

/// `bouncewatch incidents [--json]`
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "incidents", abstract: "Detected incidents with their notes.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "A JSON array of incidents with notes.") var json = false

    func run() throws {
        let store = try global.openStore()
        let (incidents, notes) = try store.snapshot { tx in
            let list = try tx.incidents()
            return (list, try list.map { try tx.timeline(incidentID: $0.id) })
        }
        if json {
            print(JSON.array(zip(incidents, notes).map { i, n in
                .object(ReportRenderer.incident(i) + [("notes", .array(n.filter { $0.kind != .detector }.map(Self.note)))])
            }).rendered)
            return
        }
        if incidents.isEmpty { print("no incidents"); return }
        for (i, n) in zip(incidents, notes) {
            print("#\(i.id) \(i.provider) \(i.kind.rawValue)  \(i.reasons.map(\.rawValue).joined(separator: ","))  started \(ExportWriter.iso(i.startedAt))  detected \(ExportWriter.iso(i.detectedAt))  \(i.closedAt.map { "closed " + ExportWriter.iso($0) } ?? "OPEN")  peak \(ReportRenderer.percent(i.peakRate)) baseline \(ReportRenderer.percent(i.baselineRate))")
            for e in n where e.kind != .detector { print("    \(ExportWriter.iso(e.at))  \(e.kind.rawValue)  \(TextSanitizer.plain(e.by)): \(TextSanitizer.plain(e.text))") }
        }
    }

    static func note(_ e: TimelineEntry) -> JSON {
        .object([("at", .string(ExportWriter.iso(e.at))), ("kind", .string(e.kind.rawValue)), ("by", .string(e.by)), ("text", .string(e.text))])
    }
}

/// `bouncewatch note [--incident ID] [--kind K] TEXT`
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add an operator note to the incident timeline.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Attach the note to this incident.") var incident: Int?
    @Option(name: .long, help: "What the note records.") var kind = NoteKindArgument(.note)
    @Argument(help: "The note text.") var text: [String] = []

    func validate() throws {
        if text.joined(separator: " ").trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give the note text") }
    }

    func run() throws {
        let ctx = try CLIContext(global)
        let e = try ctx.actions.addNote(kind: kind.kind, text: text.joined(separator: " "),
                                        incidentID: incident, by: global.operatorName)
        print("noted #\(e.id) at \(ExportWriter.iso(e.at))")
    }
}

/// `bouncewatch timeline [--incident ID] [--json] [--markdown]`
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline", abstract: "The incident timeline; --markdown writes a post-mortem.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only this incident.") var incident: Int?
    @Flag(name: .long, help: "A JSON array of entries.") var json = false
    @Flag(name: .long, help: "A Markdown post-mortem (summary, impact per domain, timeline, notes, addresses).") var markdown = false

    func validate() throws {
        if json && markdown { throw ValidationError("choose one of --json and --markdown") }
    }

    func run() throws {
        let store = try global.openStore()
        if markdown {
            print(try PostMortem.render(store: store, incidentID: incident))
            return
        }
        let entries = try store.snapshot { tx in try tx.timeline(incidentID: incident) }
        if json {
            print(JSON.array(entries.map { e in
                .object([("id", .int(e.id)), ("at", .string(ExportWriter.iso(e.at))), ("incident_id", .optional(e.incidentID)),
                         ("kind", .string(e.kind.rawValue)), ("by", .string(e.by)), ("text", .string(e.text))])
            }).rendered)
            return
        }
        for e in entries {
            print("\(ExportWriter.iso(e.at))  \(e.incidentID.map { "#\($0)" } ?? "-")  \(e.kind.rawValue)  \(TextSanitizer.plain(e.by)): \(TextSanitizer.plain(e.text))")
        }
    }
}

/// `bouncewatch export (held|released|suppressed|expired) [--format csv|jsonl] [--output FILE]`
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export queue items as CSV or JSON lines.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "File format.") var format: ExportFormat = .csv
    @Option(name: .long, help: ArgumentHelp(
        "Write to this file instead of standard output.",
        discussion: "The file is written beside its name and renamed into place, owner-only (0600) even when it replaces an older file. A symbolic link or a non-regular file at that name is refused (exit 1) and left untouched."))
    var output: String?
    @Argument(help: "Export the items in this state.") var state: RetryState

    func run() throws {
        let store = try global.openStore()
        let items = try store.snapshot { tx in try tx.queuePage(QueueQuery(state: state, sort: .address)).items }
        let fmt = format
        var text = fmt == .csv ? ExportWriter.csvHeader + "\n" : ""
        for i in items { text += (fmt == .csv ? ExportWriter.csvRow(i) : ExportWriter.jsonlRow(i)) + "\n" }
        guard let output else {
            print(text, terminator: "")
            return
        }
        try ExportFile.write(text, to: output)
        FileHandle.standardError.write(Data("exported \(items.count) \(state.rawValue) item(s) to \(output)\n".utf8))
    }
}
