import BounceCore
import BounceStore
import Foundation

/// The `timeline --markdown` post-mortem: summary, impact per domain, timeline, notes, addresses.
enum PostMortem {
    static func render(store: any BounceStorage, incidentID: Int?) throws -> String {
        try store.snapshot { tx in
            let incidents = try incidentID.map { id in
                guard let i = try tx.incident(id: id) else { throw StoreError.notFound("incident \(id)") }
                return [i]
            } ?? tx.incidents().reversed()
            var md = "# bouncewatch post-mortem\n\n"
            if incidents.isEmpty { md += "No incidents were detected.\n\n" }
            for i in incidents {
                md += try section(i, tx)
            }
            if incidentID == nil {
                let loose = try tx.timeline().filter { $0.incidentID == nil }
                if !loose.isEmpty {
                    md += "## Entries not tied to an incident\n\n" + table(loose) + "\n"
                }
            }
            let counts = try tx.queueCounts()
            md += "## Retry queue now\n\n" + RetryState.allCases.map { "- \($0.rawValue): \(counts[$0] ?? 0)" }.joined(separator: "\n") + "\n"
            return md
        }
    }

    static func section(_ i: IncidentRecord, _ tx: any StorageTransaction) throws -> String {
        let end = i.closedAt ?? Int(Date().timeIntervalSince1970)
        var md = "## Incident \(i.id): \(i.provider) (\(i.kind.rawValue))\n\n"
        md += "- Estimated start: \(ExportWriter.iso(i.startedAt))\n"
        md += "- Detected: \(ExportWriter.iso(i.detectedAt)) (\(minutes(i.detectedAt - i.startedAt)) after the start)\n"
        md += "- Closed: \(i.closedAt.map { ExportWriter.iso($0) + " (lasted \(minutes($0 - i.startedAt)))" } ?? "still open")\n"
        md += "- Dominant reasons: \(i.reasons.map(\.rawValue).joined(separator: ", "))\n"
        md += String(format: "- Peak address-failure rate %.1f%% against a baseline of %.1f%%\n\n", i.peakRate * 100, i.baselineRate * 100)

        let report = try tx.report(from: i.startedAt, to: end)
        let held = try tx.queuePage(QueueQuery(state: nil, incidentID: i.id)).items
        md += "### Impact per domain\n\n| domain | attempts | delivered | bounced | bounce rate | deferred | held | released |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        let domains = report.domains.filter { i.kind != .provider || $0.provider == i.provider }
        for d in domains.prefix(30) {
            let h = held.filter { $0.domain == d.domain && $0.state == .held }.count
            let r = held.filter { $0.domain == d.domain && $0.state == .released }.count
            md += "| \(cell(d.domain)) | \(d.counts.attempts) | \(d.counts.delivered) | \(d.counts.bounced) | "
                + String(format: "%.1f%%", d.counts.bounceRate * 100) + " | \(d.counts.deferred) | \(h) | \(r) |\n"
        }
        md += "\n### Timeline\n\n" + table(try tx.timeline(incidentID: i.id)) + "\n"
        let notes = try tx.timeline(incidentID: i.id).filter { TimelineKind.noteKinds.contains($0.kind) }
        md += "### Notes\n\n" + (notes.isEmpty ? "None.\n" : notes.map { "- \(ExportWriter.iso($0.at)) **\($0.kind.rawValue)** (\(cell($0.by))): \(cell($0.text))" }.joined(separator: "\n") + "\n")
        let byState = Dictionary(grouping: held, by: \.state)
        md += "\n### Addresses\n\n" + RetryState.allCases.map { "- \($0.rawValue): \(byState[$0]?.count ?? 0)" }.joined(separator: "\n") + "\n"
        if let sample = byState[.held]?.prefix(10), !sample.isEmpty {
            md += "\nStill held (first 10): " + sample.map { "`\(cell($0.address))`" }.joined(separator: ", ") + "\n"
        }
        return md + "\n"
    }

    static func table(_ entries: [TimelineEntry]) -> String {
        var md = "| time (UTC) | kind | by | entry |\n|---|---|---|---|\n"
        for e in entries { md += "| \(ExportWriter.iso(e.at)) | \(e.kind.rawValue) | \(cell(e.by)) | \(cell(e.text)) |\n" }
        return md
    }

    static func cell(_ s: String) -> String { TextSanitizer.markdownCell(s) }

    static func minutes(_ s: Int) -> String {
        s >= 3600 ? "\(s / 3600) h \((s % 3600) / 60) min" : "\(max(0, s) / 60) min"
    }
}
