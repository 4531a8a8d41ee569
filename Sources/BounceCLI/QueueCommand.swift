import ArgumentParser
import BounceCore
import BounceService
import BounceStore
import Foundation

/// `bouncewatch queue list|release|suppress`
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The retry queue: list held/suppressed/released addresses, release or suppress them.",
        subcommands: [List.self, Release.self, Suppress.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List queue items (newest bounce first).")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Items in this state, or all.") var state: QueueStateFilter = .held
        @Option(name: .long, help: "Only this provider (apple, google, …).") var provider: String?
        @Option(name: .long, help: "Only this recipient domain.") var domain: String?
        @Option(name: .long, help: "Only items of this incident.") var incident: Int?
        @Option(name: .long, help: "At most this many rows.") var limit: Int?
        @Flag(name: .long, help: "A JSON array, one object per item.") var json = false

        func run() throws {
            let store = try global.openStore()
            let q = QueueQuery(state: state.state, provider: provider, domain: domain,
                               incidentID: incident, limit: limit ?? Int(Int32.max))
            let page = try store.snapshot { tx in try tx.queuePage(q) }
            if json {
                var out = "["
                for (i, item) in page.items.enumerated() { out += (i > 0 ? "," : "") + ExportWriter.jsonlRow(item) }
                print(out + "]")
                return
            }
            print("\(page.total) \(state == .all ? "" : state.rawValue + " ")item(s)")
            for i in page.items {
                let reply = TextSanitizer.plain(String(i.lastReply.prefix(70)))
                print("\(i.state.letter) \(TextSanitizer.plain(i.address))  \(i.provider)  \(i.reason.rawValue)  \(i.status?.description ?? "-")  x\(i.bounces)  \(ExportWriter.iso(i.lastBounceAt))  \(i.incidentID.map { "#\($0)" } ?? "")  \(reply)")
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release addresses (one, several, an incident's, or all held) so they are mailed again.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "Release everything held for this incident.") var incident: Int?
        @Flag(name: .customLong("all-held"), help: "Release everything held.") var allHeld = false
        @Option(name: .long, help: "A note recorded with the release.") var note: String?
        @Argument(help: "Addresses to release (held, suppressed or expired).") var addresses: [String] = []

        func validate() throws {
            let scopes = (addresses.isEmpty ? 0 : 1) + (incident == nil ? 0 : 1) + (allHeld ? 1 : 0)
            if scopes != 1 { throw ValidationError("give addresses, or --incident ID, or --all-held (exactly one of them)") }
        }

        func run() throws {
            let ctx = try CLIContext(global)
            let scope: QueueActions.Scope = incident.map { .incident($0) } ?? (allHeld ? .allHeld : .addresses(addresses))
            let result: QueueActions.Result
            do {
                result = try ctx.actions.release(scope, by: global.operatorName, note: note)
            } catch {
                throw RuntimeError("\(error)")
            }
            print("released \(result.changed.count)")
            for s in result.skipped { FileHandle.standardError.write(Data("skipped \(TextSanitizer.plain(s.address)): \(s.why)\n".utf8)) }
            if result.changed.isEmpty, !result.skipped.isEmpty, case .addresses = scope { throw ExitCode(1) }
        }
    }

    struct Suppress: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suppress addresses (confirm they are really gone).")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "A note recorded with the change.") var note: String?
        @Argument(help: "Addresses to suppress.") var addresses: [String] = []

        func validate() throws {
            if addresses.isEmpty { throw ValidationError("give at least one address to suppress") }
        }

        func run() throws {
            let ctx = try CLIContext(global)
            let result = try ctx.actions.suppress(addresses, by: global.operatorName, note: note)
            print("suppressed \(result.changed.count)")
            for s in result.skipped { FileHandle.standardError.write(Data("skipped \(TextSanitizer.plain(s.address)): \(s.why)\n".utf8)) }
            if result.changed.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Store + config + actions, opened once per command.
struct CLIContext {
    let store: any BounceStorage
    let config: BounceConfig
    let actions: QueueActions

    init(_ global: GlobalOptions) throws {
        do {
            config = try ConfigLoader.load(path: global.config)
        } catch {
            throw RuntimeError("\(error)")
        }
        store = try global.openStore()
        actions = QueueActions(store: store, releaser: QueueActions.releaser(for: config.release))
    }
}
