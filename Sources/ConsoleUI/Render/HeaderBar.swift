import BounceCore
import Foundation

/// Top two lines: what is watched and how fresh it is; below it the incident banner.
enum HeaderBar {
    static func draw(into grid: inout ScreenGrid, layout: Layout, state: ConsoleState) {
        let h = state.snapshot.header
        let off = h.utcOffsetSeconds
        let sep = grid.unicode ? " │ " : " | "
        // Freshness first; the source (often a long path) takes what is left.
        var parts = [" bouncewatch", "now \(TimeText.hms(h.now, offset: off)) \(h.zoneLabel)"]
        if let u = h.lastUpdate { parts.append("updated \(TimeText.hms(u, offset: off))") }
        parts.append("backlog \(Fmt.count(h.backlogLines))")
        parts.append(TextSanitizer.clean(h.source, maxLength: 200))
        grid.fill(row: 0, col: 0, width: layout.cols, role: .header)
        grid.put(parts.joined(separator: sep), row: 0, col: 0, role: .header, maxWidth: layout.cols)
        var right: [String] = []
        if !state.tagged.isEmpty { right.append("\(Fmt.count(state.tagged.count)) tagged") }
        if state.isReadOnly { right.append("READ-ONLY") }
        if !right.isEmpty {
            let text = " " + right.joined(separator: sep) + " "
            let w = grid.widths.width(of: text)
            grid.put(text, row: 0, col: max(0, layout.cols - w), role: .header)
        }
        drawBanner(into: &grid, row: layout.banner.row, cols: layout.cols, snapshot: state.snapshot)
    }

    static func drawBanner(into grid: inout ScreenGrid, row: Int, cols: Int, snapshot: ConsoleSnapshot) {
        let h = snapshot.header
        let sep = grid.unicode ? " · " : " - "
        guard let i = snapshot.bannerIncident else {
            var text = " no open incident"
            if let last = snapshot.incidents.compactMap({ inc in inc.closedAt.map { (inc, $0) } }).max(by: { $0.1 < $1.1 }) {
                text += "\(sep)last #\(last.0.id) \(last.0.provider) closed \(TimeText.mdhm(last.1, offset: h.utcOffsetSeconds))"
            }
            grid.fill(row: row, col: 0, width: cols, role: .normal)
            grid.put(text, row: row, col: 0, role: .ok, maxWidth: cols)
            return
        }
        let openCount = snapshot.incidents.filter { $0.closedAt == nil }.count
        let senderWide = i.kind == .senderWide
        // A sender-wide incident is our own reputation, list or MTA: say so, and offer no
        // release or Apple escalation (it holds nothing).
        var text = (senderWide ? " SENDER-WIDE INCIDENT, no holds" : " INCIDENT OPEN \(i.provider)")
            + " \(TimeText.hm(i.startedAt, offset: h.utcOffsetSeconds))"
            + " (\(TimeText.duration(h.now.timeIntervalSince(i.startedAt))))"
            + " \(i.reasons.joined(separator: ","))"
        // Most useful first; a part is added only if it fits whole, so 80 columns never show half a hint.
        var parts = [senderWide ? "all providers: our reputation, list or MTA" : "\(Fmt.count(i.heldCount)) held",
                     "peak \(Fmt.percent(i.peakRate)) vs base \(Fmt.percent(i.baselineRate))", "#\(i.id)"]
        if openCount > 1 { parts.append("+\(openCount - 1) more open") }
        if !senderWide { parts += ["R release all", "E escalate"] }
        for p in parts where grid.widths.width(of: text + sep + p) < cols { text += sep + p }
        grid.fill(row: row, col: 0, width: cols, role: .banner)
        grid.put(TextSanitizer.clean(text), row: row, col: 0, role: .banner, maxWidth: cols)
    }
}
