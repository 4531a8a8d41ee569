import ArgumentParser
import BounceCore
import BounceService
import BounceStore
import Foundation

extension MTAKind: ExpressibleByArgument {}

/// `bouncewatch mitigation --mta postfix [--incident N] [--dir DIR] [--install-dir PATH]`
///
/// Prints (or writes as files) the MTA change that defers a provider incident's false 5.1.1/5.2.2
/// instead of bouncing them (docs/DECISIONS.md, "Mitigation at the MTA").
struct MitigationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mitigation",
        abstract: "The MTA change that defers an incident's false 5.1.1/5.2.2 instead of bouncing them, with its undo.",
        discussion: """
            Postfix >= 3.0 gets files: transport, dsn_filter.pcre, master.cf.append, main.cf.append and a README \
            with the apply, check and undo steps. Exim and PowerMTA cannot soften a remote 5xx; for them this \
            says what their documented options do allow.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The mail server software.") var mta: MTAKind = .postfix
    @Option(name: .long, help: "The provider incident to cover (default: the newest open one; with none open, the provider's own domains).")
    var incident: Int?
    @Option(name: .long, help: "Write the Postfix files into this directory instead of printing them.") var dir: String?
    @Option(name: .customLong("install-dir"), help: "Where the files will live on the mail server (the paths inside them).")
    var installDir = PostfixMitigation.defaultInstallDir

    func validate() throws {
        if dir != nil && mta != .postfix { throw ValidationError("--dir writes Postfix files; \(mta.rawValue) gets guidance only") }
    }

    func run() throws {
        let ctx = try CLIContext(global)
        let scope = try Self.scope(store: ctx.store, providers: ctx.config.providers, incidentID: incident)
        if let text = mta.guidance(scope: scope) {
            print(text, terminator: "")
            return
        }
        guard let change = PostfixMitigation(scope: scope, installDir: installDir) else {
            throw ValidationError("--install-dir must be an absolute path without spaces, commas, quotes or $")
        }
        guard let dir else {
            for f in change.files { print("==> \(f.name) <==\n\(f.text)") }
            return
        }
        try Self.makeDirectory(dir)
        for f in change.files { try ExportFile.write(f.text, to: dir + "/" + f.name, mode: 0o644) }
        let skipped = scope.skipped.isEmpty ? "" : ", \(scope.skipped.count) invalid name(s) left out"
        FileHandle.standardError.write(Data("wrote \(PostfixMitigation.fileNames.count) files to \(TextSanitizer.plain(dir)) (\(scope.domains.count) domains\(skipped)); see its README\n".utf8))
    }

    /// The incident's scope. Without `--incident`: the newest open provider incident, else the
    /// Apple provider's own domains (a change prepared ahead of time, said on stderr).
    static func scope(store: any BounceStorage, providers: [Provider], incidentID: Int?) throws -> MitigationScope {
        let (record, seen): (IncidentRecord?, [String]) = try store.snapshot { tx in
            let chosen: IncidentRecord?
            if let incidentID {
                guard let i = try tx.incident(id: incidentID) else { throw RuntimeError("no incident #\(incidentID)") }
                chosen = i
            } else {
                chosen = try tx.incidents().first { $0.kind == .provider && $0.closedAt == nil }
            }
            guard let chosen else { return (nil, []) }
            let now = ((try tx.newestMinute()) ?? chosen.startedAt / 60) * 60 + 60
            return (chosen, try tx.incidentDomains(chosen, now: now))
        }
        guard let record else {
            FileHandle.standardError.write(Data("no open provider incident: prepared for \(Provider.appleName)'s own domains (give --incident N for another)\n".utf8))
            return MitigationScope(incidentID: nil, provider: try provider(Provider.appleName, in: providers), seen: [])
        }
        guard record.kind == .provider else {
            throw RuntimeError("incident #\(record.id) is sender-wide: its bounces are not one provider's doing, and softening them would hide a real problem")
        }
        return MitigationScope(incidentID: record.id, provider: try provider(record.provider, in: providers), seen: seen)
    }

    static func provider(_ name: String, in providers: [Provider]) throws -> Provider {
        guard let p = providers.first(where: { $0.name == name }) else {
            throw RuntimeError("provider '\(TextSanitizer.plain(name))' is not in the configuration: no domains to route")
        }
        return p
    }

    static func makeDirectory(_ dir: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir.boolValue { throw RuntimeError("cannot write into \(TextSanitizer.plain(dir)): not a directory") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        catch { throw RuntimeError("cannot create \(TextSanitizer.plain(dir)): \(error.localizedDescription)") }
    }
}
