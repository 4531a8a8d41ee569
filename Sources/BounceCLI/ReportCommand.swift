import ArgumentParser
import BounceCore
import BounceStore
import Foundation

/// `bouncewatch report [--since …] [--until …] [--json]`
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Delivered/deferred/bounced counts and rates per provider and domain, incidents and queue.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Start: a duration back from now (15m, 2h, 7d) or an ISO time (2019-08-08T16:00:00Z).",
                                            valueName: "time"))
    var since: TimeArgument?

    @Option(name: .long, help: ArgumentHelp("End (exclusive), same forms as --since.", valueName: "time"))
    var until: TimeArgument?

    @Flag(name: .long, help: "Machine-readable output (JSON).")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let now = Date()
        let report = try store.snapshot { tx in try tx.report(from: since?.resolve(now: now), to: until?.resolve(now: now)) }
        print(json ? ReportRenderer.json(report).rendered : ReportRenderer.text(report))
    }
}

/// Renders a `TrafficReport` as the JSON contract (Tests/BounceCLITests/ContractTests.swift) or a human table.
enum ReportRenderer {
    static func counts(_ c: TrafficCounts) -> [(String, JSON)] {
        [("attempts", .int(c.attempts)), ("delivered", .int(c.delivered)), ("deferred", .int(c.deferred)),
         ("bounced", .int(c.bounced)), ("bounce_rate", .double(c.bounceRate)), ("deferral_rate", .double(c.deferralRate)),
         ("reasons", reasons(c.reasons)), ("deferral_reasons", reasons(c.deferralReasons))]
    }

    static func reasons(_ r: [BounceReason: Int]) -> JSON {
        .object(r.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })
    }

    static func incident(_ i: IncidentRecord) -> [(String, JSON)] {
        [("id", .int(i.id)), ("provider", .string(i.provider)), ("kind", .string(i.kind.rawValue)),
         ("reasons", .array(i.reasons.map { .string($0.rawValue) })),
         ("started_at", .string(ExportWriter.iso(i.startedAt))), ("detected_at", .string(ExportWriter.iso(i.detectedAt))),
         ("closed_at", i.closedAt.map { .string(ExportWriter.iso($0)) } ?? .null),
         ("peak_rate", .double(i.peakRate)), ("baseline_rate", .double(i.baselineRate))]
    }

    static func json(_ r: TrafficReport) -> JSON {
        .object([
            ("from", r.from.map { .string(ExportWriter.iso($0)) } ?? .null),
            ("to", r.to.map { .string(ExportWriter.iso($0)) } ?? .null),
            ("totals", .object([("attempts", .int(r.totals.attempts)), ("delivered", .int(r.totals.delivered)),
                                ("deferred", .int(r.totals.deferred)), ("bounced", .int(r.totals.bounced)),
                                ("rejected_lines", .int(r.rejectedLines)), ("ignored_lines", .int(r.ignoredLines))])),
            ("providers", .array(r.providers.map { .object([("provider", .string($0.provider))] + counts($0.counts)) })),
            ("domains", .array(r.domains.map {
                .object([("domain", .string($0.domain)), ("provider", .string($0.provider))] + counts($0.counts))
            })),
            ("incidents", .array(r.incidents.map { .object(incident($0)) })),
            ("queue", .object(RetryState.allCases.map { ($0.rawValue, .int(r.queue[$0] ?? 0)) })),
        ])
    }

    static func percent(_ x: Double) -> String { String(format: "%5.1f%%", x * 100) }

    static func text(_ r: TrafficReport) -> String {
        var out = ""
        let from = r.from.map(ExportWriter.iso) ?? "-", to = r.to.map(ExportWriter.iso) ?? "-"
        out += "bouncewatch report  \(from) → \(to)\n"
        out += "attempts \(r.totals.attempts)  delivered \(r.totals.delivered)  deferred \(r.totals.deferred)  bounced \(r.totals.bounced)  rejected lines \(r.rejectedLines)\n\n"
        func row(_ name: String, _ c: TrafficCounts) -> String {
            let top = c.reasons.max { $0.value < $1.value }.map { "\($0.key.rawValue) \($0.value)" } ?? ""
            return name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%9d %9d %8d %8d  ", c.attempts, c.delivered, c.deferred, c.bounced)
                + percent(c.bounceRate) + "  " + percent(c.deferralRate) + "  " + top + "\n"
        }
        let header = "name".padding(toLength: 28, withPad: " ", startingAt: 0) + " attempts delivered deferred  bounced  bounce%  defer%  top reason\n"
        out += "PROVIDERS\n" + header
        for p in r.providers { out += row(p.provider, p.counts) }
        out += "\nDOMAINS (top 20)\n" + header
        for d in r.domains.prefix(20) { out += row(TextSanitizer.plain(d.domain) + (d.provider == "apple" ? " [apple]" : ""), d.counts) }
        if !r.incidents.isEmpty {
            out += "\nINCIDENTS\n"
            for i in r.incidents {
                out += "#\(i.id) \(i.provider) \(i.kind.rawValue) \(i.reasons.map(\.rawValue).joined(separator: ",")) started \(ExportWriter.iso(i.startedAt)) detected \(ExportWriter.iso(i.detectedAt)) \(i.closedAt.map { "closed " + ExportWriter.iso($0) } ?? "OPEN") peak \(percent(i.peakRate)) baseline \(percent(i.baselineRate))\n"
            }
        }
        out += "\nQUEUE  " + RetryState.allCases.map { "\($0.rawValue) \(r.queue[$0] ?? 0)" }.joined(separator: "  ")
        return out
    }
}
