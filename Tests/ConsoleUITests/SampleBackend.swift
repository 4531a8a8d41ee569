import BounceCore
import Foundation
@testable import ConsoleUI

/// Test data, not shipped: an in-memory stand-in for the store with an Apple `user-unknown`
/// incident and a few thousand held addresses (some with hostile reply texts), for the
/// `ConsoleUI` unit tests that need no database. The real stack is tested through
/// `Tests/ConsoleIntegrationTests/ConsoleHarness.swift`.
public final class SampleBackend {
    public var rows: [QueueRow]
    public var timeline: [TimelineRow]
    public var incidents: [IncidentSummary]
    public let now: Date
    public var readOnly: Bool
    public var savedFiles: [String: String] = [:]
    public var writeFiles: Bool
    private var version = 0
    private var lastServed: (SnapshotRequest, Int)?

    public init(queueSize: Int = 3000, readOnly: Bool = false, writeFiles: Bool = false) {
        self.readOnly = readOnly; self.writeFiles = writeFiles
        now = Date(timeIntervalSince1970: 1_565_280_480)              // 2019-08-08T16:08:00Z
        let start = now.addingTimeInterval(-23 * 60)
        let domains = ["icloud.com", "me.com", "mac.com", "privaterelay.appleid.com", "example.org"]
        rows = (0..<queueSize).map { i in
            // example.org stands for an iCloud-hosted custom domain: Apple by its MX.
            let domain = domains[i % 7 == 6 ? 4 : i % 4]
            var reply = "550 5.1.1 <user\(i)@\(domain)>: user does not exist"
            if i == 3 { reply = "550 5.1.1 \u{1B}[2J\u{1B}]0;pwned\u{07}user does not exist \u{202E}moc.duolci" }
            if i == 5 { reply = "452 4.2.2 user is overquota" }
            let t = start.addingTimeInterval(Double(i % 1380))
            return QueueRow(address: i == 1 ? "ジョン.doe@icloud.com" : "user\(i)@\(domain)", domain: domain,
                            provider: "apple", state: .held,
                            reason: i == 5 ? "mailbox-full" : "user-unknown", status: i == 5 ? "4.2.2" : "5.1.1",
                            lastReply: reply, firstBounceAt: t, lastBounceAt: t.addingTimeInterval(60), bounces: 1 + i % 3,
                            lastDeliveredAt: i % 2 == 0 ? t.addingTimeInterval(-86400 * Double(1 + i % 20)) : nil,
                            incidentID: 7, updatedBy: "detector", updatedAt: t)
        }
        let samples = rows.prefix(3).map { SampleError(at: $0.lastBounceAt, relay: "mx01.mail.icloud.com[17.57.154.6]", reply: $0.lastReply) }
        incidents = [
            IncidentSummary(id: 7, provider: "apple", reasons: ["user-unknown"], startedAt: start,
                            detectedAt: start.addingTimeInterval(180), peakRate: 0.182, baselineRate: 0.009,
                            heldCount: queueSize, sampleErrors: samples),
            IncidentSummary(id: 6, provider: "google", reasons: ["rate-limited"], startedAt: now.addingTimeInterval(-86400),
                            detectedAt: now.addingTimeInterval(-86000), closedAt: now.addingTimeInterval(-80000),
                            peakRate: 0.05, baselineRate: 0.01, heldCount: 0),
        ]
        timeline = [
            TimelineRow(at: start.addingTimeInterval(180), kind: .detector, by: "detector",
                        text: "opened: apple user-unknown 12.1% vs baseline 0.9% (since 15:45)", incidentID: 7),
            TimelineRow(at: start.addingTimeInterval(600), kind: .detector, by: "detector",
                        text: "peak: apple 18.2% (icloud.com 19.0%)", incidentID: 7),
            TimelineRow(at: start.addingTimeInterval(900), kind: .ticket, by: "alice",
                        text: "opened INC-4411 for the deliverability team", incidentID: 7),
        ]
    }

    /// Snapshot for a request; nil when nothing changed since the last identical request.
    public func snapshot(for request: SnapshotRequest) -> ConsoleSnapshot? {
        if let last = lastServed, last.0 == request, last.1 == version { return nil }
        lastServed = (request, version)
        return build(request)
    }

    /// Always builds (effects that must answer with fresh data).
    public func build(_ request: SnapshotRequest) -> ConsoleSnapshot {
        let q = request.queue
        var list = rows.filter { q.state == .all || $0.state.rawValue == q.state.rawValue }
        if !q.filter.isEmpty {
            let invert = q.filter.hasPrefix("!")
            let needle = (invert ? String(q.filter.dropFirst()) : q.filter).lowercased()
            list = list.filter { r in
                let hit = needle.isEmpty || [r.address, r.domain, r.provider, r.reason].contains { $0.lowercased().contains(needle) }
                return hit != invert
            }
        }
        switch q.sort {
        case .lastBounceDesc: list.sort { $0.lastBounceAt > $1.lastBounceAt }
        case .firstBounceAsc: list.sort { $0.firstBounceAt < $1.firstBounceAt }
        case .bouncesDesc: list.sort { $0.bounces > $1.bounces }
        case .address: list.sort { $0.address < $1.address }
        case .domain: list.sort { ($0.domain, $0.address) < ($1.domain, $1.address) }
        }
        let page = Array(list.dropFirst(q.offset).prefix(q.limit))
        var incs = incidents
        incs[0].heldCount = rows.filter { $0.state == .held && $0.incidentID == 7 }.count
        var detail: QueueDetail?
        if let a = request.detailAddress, let r = rows.first(where: { $0.address == a }) {
            detail = QueueDetail(row: r, bounces: (0..<r.bounces).map {
                QueueDetail.Bounce(at: r.lastBounceAt.addingTimeInterval(Double(-$0 * 300)), status: r.status,
                                   reply: r.lastReply, relay: "mx0\($0 % 2 + 1).mail.icloud.com")
            }, lastGoodDelivery: r.lastDeliveredAt, incident: incs.first { $0.id == r.incidentID })
        }
        return ConsoleSnapshot(
            header: HeaderInfo(source: "sample: /var/log/mail.log (built-in)", now: now, lastUpdate: now,
                               backlogLines: 0, readOnly: readOnly),
            rates: SampleBackend.rates(), incidents: incs,
            queue: QueuePage(query: q, totalCount: list.count, rows: page), timeline: timeline, detail: detail)
    }

    /// Runs an effect against the sample data, as the real app would against the store.
    public func perform(_ effect: Effect, _ request: SnapshotRequest) -> [Action] {
        var message: String?
        switch effect {
        case .releaseAddresses(let a), .suppressAddresses(let a):
            let release: Bool = { if case .releaseAddresses = effect { return true }; return false }()
            let set = Set(a)
            for i in rows.indices where set.contains(rows[i].address) {
                rows[i].state = release ? .released : .suppressed
                rows[i].updatedBy = "preview"; rows[i].updatedAt = now
            }
            message = "\(release ? "released" : "suppressed") \(a.count) address\(a.count == 1 ? "" : "es")"
            if a.count > 1 { timeline.append(TimelineRow(at: now, kind: .bulk, by: "preview", text: message!, incidentID: 7)) }
        case .releaseIncident(let id):
            var n = 0
            for i in rows.indices where rows[i].incidentID == id && rows[i].state == .held { rows[i].state = .released; n += 1 }
            message = "released \(Fmt.count(n)) addresses of incident #\(id)"
            timeline.append(TimelineRow(at: now, kind: .bulk, by: "preview", text: message!, incidentID: id))
        case .addNote(let kind, let text, let id):
            timeline.append(TimelineRow(at: now, kind: kind, by: "preview", text: text, incidentID: id))
            message = "note added"
        case .saveEscalation(let text, let path):
            savedFiles[path] = text
            if writeFiles {
                do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    return [.effectFailed("could not save \(path): \(error.localizedDescription)")]
                }
            }
            message = "draft saved to \(path)"
        case .loadQueue, .loadDetail, .refresh, .quit:
            break
        }
        version += 1
        var actions: [Action] = [.snapshot(build(request))]
        if let message { actions.append(.effectSucceeded(message)) }
        return actions
    }

    static func rates() -> [RateRow] {
        func hist(_ base: Double, spikeFrom: Int?, peak: Double) -> [Double?] {
            (0..<60).map { m in
                if let s = spikeFrom, m >= s { return min(peak, base + Double(m - s + 1) * peak / 8) }
                return base + Double((m * 7) % 5) * base / 10
            }
        }
        func row(_ name: String, _ kind: RateRow.Kind, att: Int, rate: Double, base: Double, spike: Bool,
                 filter: String? = nil) -> RateRow {
            let w = { (f: Int) in WindowRates(attempts: att * f, bounceRate: rate, deferralRate: rate / 6,
                                              trend: spike ? .up : .flat) }
            return RateRow(name: name, kind: kind, windows: [.m5: w(1), .m15: w(3), .h1: w(12)], baselineRate: base,
                           history: hist(base, spikeFrom: spike ? 37 : nil, peak: rate), elevated: spike, queueFilter: filter)
        }
        return [
            row("apple", .provider, att: 4210, rate: 0.182, base: 0.009, spike: true),
            row("icloud.com", .appleGroup, att: 3120, rate: 0.19, base: 0.009, spike: true),
            row("me.com", .appleGroup, att: 610, rate: 0.17, base: 0.008, spike: true),
            row("mac.com", .appleGroup, att: 230, rate: 0.16, base: 0.01, spike: true),
            row("iCloud-hosted", .appleGroup, att: 150, rate: 0.012, base: 0.01, spike: false, filter: "example.org"),
            row("private relay", .appleGroup, att: 100, rate: 0.02, base: 0.015, spike: false, filter: "privaterelay"),
            row("google", .provider, att: 9800, rate: 0.011, base: 0.012, spike: false),
            row("microsoft", .provider, att: 5100, rate: 0.014, base: 0.013, spike: false),
            row("yahoo", .provider, att: 2300, rate: 0.018, base: 0.017, spike: false),
            row("other", .provider, att: 7400, rate: 0.021, base: 0.02, spike: false),
        ]
    }
}
