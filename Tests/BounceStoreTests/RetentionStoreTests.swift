import BounceCore
import Foundation
import GRDB
import Testing
@testable import BounceStore

/// Retention as an operator sees it: reports keep their totals, queue items keep their history,
/// and a pass is all-or-nothing and can be repeated.
@Suite struct RetentionStoreTests {
    static let day = 86400
    static let domains = [("icloud.com", "apple"), ("gmail.com", "google"), ("example.org", "other")]

    /// 20 days of counters, a few cells every 7 minutes, deterministic but uneven.
    static func traffic(days: Int = 20) -> [CounterKey: Int] {
        var out: [CounterKey: Int] = [:]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for minute in stride(from: 0, to: days * 1440, by: 7) {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let (domain, provider) = domains[Int(x >> 33) % domains.count]
            out[CounterKey(minute: minute, domain: domain, provider: provider, outcome: .delivered, reason: nil), default: 0] += Int(x >> 40) % 50 + 1
            if x % 3 == 0 {
                out[CounterKey(minute: minute, domain: domain, provider: provider, outcome: .bounced, reason: .userUnknown), default: 0] += 2
            }
            if x % 5 == 0 {
                out[CounterKey(minute: minute, domain: domain, provider: provider, outcome: .deferred, reason: .rateLimited), default: 0] += 1
            }
        }
        return out
    }

    /// Everything a report shows about traffic, comparable.
    struct View: Equatable {
        var totals: TrafficCounts
        var providers: [String: TrafficCounts]
        var domains: [String: TrafficCounts]
    }

    static func summary(_ r: TrafficReport) -> View {
        View(totals: r.totals,
             providers: Dictionary(uniqueKeysWithValues: r.providers.map { ($0.provider, $0.counts) }),
             domains: Dictionary(uniqueKeysWithValues: r.domains.map { ($0.domain + "/" + $0.provider, $0.counts) }))
    }

    @Test func rollupKeepsReportTotalsExact() throws {
        let store = try Store()
        try store.write { tx in try tx.addCounters(Self.traffic()) }
        let ranges: [(Int?, Int?)] = [
            (nil, nil),
            (2 * Self.day, 9 * Self.day),                  // whole hours, entirely rolled up
            (5 * Self.day + 3600, nil),                     // from inside the rolled-up part to now
            (12 * Self.day + 17 * 60 + 5, 19 * Self.day + 61), // odd minutes, all kept at minute resolution
            (15 * Self.day + 600, 15 * Self.day + 1260),    // part of one hour
            (nil, 17 * Self.day + 1800),
            (3 * Self.day, 4 * Self.day + 3600),            // the hours around the next range
        ]
        let before = try store.read { tx in try ranges.map { try (Self.summary(tx.report(from: $0.0, to: $0.1)), tx.report(from: $0.0, to: $0.1)) } }
        #expect(before[0].1.totals.attempts > 10_000)

        let now = 20 * Self.day
        let s = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: now) }
        #expect(s.minuteRowsDeleted > 0)
        let rows = try store.read { tx in try tx.counterRows() }
        #expect(rows.minute < Self.traffic().count - s.minuteRowsDeleted + 1 && rows.hour > 0)
        let oldest = try store.read { tx in try tx.minuteSeries(since: 0).first?.minute }
        let cutoff = (now - 14 * Self.day) / 60
        #expect(oldest.map { $0 >= cutoff && $0 < cutoff + 7 } == true, "minutes are kept for 14 days (traffic every 7 minutes)")

        let after = try store.read { tx in try ranges.map { try (Self.summary(tx.report(from: $0.0, to: $0.1)), tx.report(from: $0.0, to: $0.1)) } }
        for (b, a) in zip(before, after) { #expect(a.0 == b.0) }
        // Where only hours are left, a bound inside an hour counts the whole hour.
        let widened = try store.read { tx in try Self.summary(tx.report(from: 3 * Self.day + 1800, to: 4 * Self.day + 600)) }
        #expect(widened == before.last?.0)
        #expect(after[0].1.from == 0 && after[0].1.to == before[0].1.to, "the unbounded report still spans all the data")
    }

    @Test func lateLinesOfAnOldLogAddToRolledUpHours() throws {
        let store = try Store()
        try store.write { tx in try tx.addCounters(Self.traffic()) }
        _ = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: 20 * Self.day) }
        let before = try store.read { tx in try tx.report(from: nil, to: nil).totals.bounced }
        // Another MTA's log for day 2 is read after its minutes were dropped: counted once, through its hours.
        let late = CounterKey(minute: 2 * 1440 + 30, domain: "icloud.com", provider: "apple", outcome: .bounced, reason: .userUnknown)
        try store.write { tx in try tx.addCounters([late: 1000]) }
        let total = try store.read { tx in try tx.report(from: nil, to: nil).totals.bounced }
        let day2 = try store.read { tx in try tx.report(from: 2 * Self.day, to: 3 * Self.day).totals.bounced }
        #expect(total == before + 1000)
        // The next hour's pass deletes their minute rows; nothing changes for the reader.
        let s = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: 20 * Self.day + 3600) }
        #expect(s.minuteRowsDeleted >= 1)
        #expect(try store.read { tx in try tx.report(from: nil, to: nil).totals.bounced } == total)
        #expect(try store.read { tx in try tx.report(from: 2 * Self.day, to: 3 * Self.day).totals.bounced } == day2)
    }

    @Test func hourlyCountersArePrunedAfterTheirRetention() throws {
        let store = try Store()
        try store.write { tx in try tx.addCounters(Self.traffic()) }
        var policy = RetentionPolicy()
        policy.minuteBuckets = 2 * Self.day
        policy.hourBuckets = 10 * Self.day
        let s = try store.write { tx in try tx.applyRetention(policy, knownGoodWindow: 30 * Self.day, asOf: 20 * Self.day) }
        #expect(s.hourRowsDeleted > 0)
        let r = try store.read { tx in try tx.report(from: nil, to: nil) }
        #expect(r.from == 10 * Self.day, "the report starts where the kept history starts")
    }

    @Test func retentionIsIdempotent() throws {
        let store = try Store()
        try store.write { tx in try tx.addCounters(Self.traffic()) }
        try seedQueue(store)
        let now = 500 * Self.day
        let first = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: now) }
        #expect(first.minuteRowsDeleted > 0 && first.deliveriesDeleted > 0 && first.auditRowsDeleted > 0)
        let state = try store.read { tx in try (tx.counterRows(), Self.summary(tx.report(from: nil, to: nil)), tx.auditTrail()) }
        let again = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: now, force: true) }
        #expect(again.minuteRowsDeleted == 0 && again.hourRowsDeleted == 0 && again.deliveriesDeleted == 0 && again.auditRowsDeleted == 0)
        let state2 = try store.read { tx in try (tx.counterRows(), Self.summary(tx.report(from: nil, to: nil)), tx.auditTrail()) }
        #expect(state.0 == state2.0 && state.1 == state2.1 && state.2 == state2.2)
    }

    @Test func evidenceStillInJournalRunsIsPrunedToo() throws {
        // The daily pass merges the journal's runs before pruning, so old evidence cannot
        // outlive its horizon in a run that was not compacted yet.
        let store = try Store()
        try store.write { tx in try tx.recordDeliveries([7: 10 * Self.day, 8: 95 * Self.day]) }
        try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: 100 * Self.day) }
        #expect(try store.write { tx in try tx.lastDelivery(hash: 7) } == nil)
        #expect(try store.write { tx in try tx.lastDelivery(hash: 8) } == 95 * Self.day)
        #expect(store.pendingDeliveryHashes == 0)
    }

    @Test func aFailedBatchRollsBackItsRetentionPass() throws {
        let store = try Store()
        try store.write { tx in try tx.addCounters(Self.traffic()) }
        try seedQueue(store)
        let rows = try store.read { tx in try tx.counterRows() }
        let audit = try store.read { tx in try tx.auditTrail().count }
        struct Crash: Error {}
        #expect(throws: Crash.self) {
            try store.write { tx in
                try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: 500 * Self.day)
                throw Crash()
            }
        }
        #expect(try store.read { tx in try tx.counterRows() } == rows)
        #expect(try store.read { tx in try tx.auditTrail().count } == audit)
        // The pass was not recorded as done either: the next batch runs it in full.
        let s = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: 500 * Self.day) }
        #expect(s.ranHourly && s.ranDaily && s.minuteRowsDeleted == rows.minute)
    }

    @Test func runsOncePerEventHourAndDayAndNotForOlderLogs() throws {
        let store = try Store()
        let p = RetentionPolicy(), kg = 30 * Self.day
        let t = 100 * Self.day
        let a = try store.write { tx in try tx.applyRetention(p, knownGoodWindow: kg, asOf: t) }
        let b = try store.write { tx in try tx.applyRetention(p, knownGoodWindow: kg, asOf: t + 3599) }
        let c = try store.write { tx in try tx.applyRetention(p, knownGoodWindow: kg, asOf: t + 3600) }
        let old = try store.write { tx in try tx.applyRetention(p, knownGoodWindow: kg, asOf: t - 40 * Self.day) }
        let d = try store.write { tx in try tx.applyRetention(p, knownGoodWindow: kg, asOf: t + Self.day) }
        #expect(a.ranHourly && a.ranDaily)
        #expect(!b.ranHourly && !b.ranDaily)
        #expect(c.ranHourly && !c.ranDaily)
        #expect(!old.ranHourly && !old.ranDaily, "reading an old log never moves retention back")
        #expect(d.ranHourly && d.ranDaily)
    }

    @Test func pruningKeepsQueueItemsAndTheirHistory() throws {
        let store = try Store()
        try seedQueue(store)
        let items = try store.read { tx in try tx.queuePage(QueueQuery(state: nil)).items }
        let now = 500 * Self.day
        _ = try store.write { tx in try tx.applyRetention(RetentionPolicy(), knownGoodWindow: 30 * Self.day, asOf: now) }

        // Every queue item is still there, unchanged: the suppression list is never pruned.
        #expect(try store.read { tx in try tx.queuePage(QueueQuery(state: nil)).items } == items)
        // A held address keeps its whole history, however old.
        let held = try store.read { tx in try tx.auditTrail(address: "held@icloud.com") }
        #expect(held.map(\.to) == [.suppressed, .held, .released, .held])
        // Other addresses lose history older than 400 days but keep how they got to their state.
        let sup = try store.read { tx in try tx.auditTrail(address: "gone@icloud.com") }
        #expect(sup.map(\.to) == [.suppressed] && sup.first?.note == "final")
        let recent = try store.read { tx in try tx.auditTrail(address: "recent@icloud.com") }
        #expect(recent.count == 2, "rows younger than 400 days stay")
        // Known-good evidence: gone past the known-good window (+1 day), kept within it.
        #expect(try store.read { tx in try tx.lastDelivery(hash: 1) } == nil)
        #expect(try store.read { tx in try tx.lastDelivery(hash: 2) } == now - 30 * Self.day)
    }

    @Test func upgradingAnOlderDatabaseKeepsItsReport() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bw-ret-\(UUID().uuidString).sqlite").path
        let traffic = Self.traffic(days: 3)
        do {
            // A database written before retention existed: minute counters only.
            let old = try DatabaseQueue(path: path)
            try Store.migrator.migrate(old, upTo: "v2")
            try old.write { db in
                for (k, n) in traffic {
                    try db.execute(sql: "INSERT INTO minute_counts VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [k.minute, k.domain, k.provider, k.outcome.rawValue, k.reason?.rawValue ?? "", n])
                }
            }
        }
        let reference = try Store()
        try reference.write { tx in try tx.addCounters(traffic) }
        let upgraded = try Store(path: path)
        for range in [(nil, nil), (Self.day + 1234, 2 * Self.day + 4321)] as [(Int?, Int?)] {
            let want = try reference.read { tx in try Self.summary(tx.report(from: range.0, to: range.1)) }
            #expect(try upgraded.read { tx in try Self.summary(tx.report(from: range.0, to: range.1)) } == want)
        }
        #expect(try upgraded.read { tx in try tx.report(from: nil, to: nil).from } == 0)
    }

    /// Queue items with audit trails spread over years, and two last deliveries.
    func seedQueue(_ store: Store) throws {
        let day = Self.day
        try store.write { tx in
            func item(_ a: String, _ s: RetryState, at t: Int) -> RetryItem {
                RetryItem(address: a, domain: "icloud.com", provider: "apple", state: s, reason: .userUnknown,
                          status: EnhancedStatus("5.1.1"), replyCode: 550, lastReply: "550 5.1.1", firstBounceAt: t,
                          lastBounceAt: t, bounces: 1, lastDeliveredAt: nil, incidentID: nil, evidence: .noEvidence,
                          stateSince: t, updatedBy: "engine", updatedAt: t)
            }
            try tx.saveRetryItem(item("held@icloud.com", .held, at: 10 * day))
            for (i, s) in [RetryState.suppressed, .held, .released, .held].enumerated() {
                try tx.audit(address: "held@icloud.com", from: nil, to: s, by: "engine", evidence: .noEvidence,
                             incidentID: nil, at: (i + 1) * day)
            }
            try tx.saveRetryItem(item("gone@icloud.com", .suppressed, at: 30 * day))
            try tx.audit(address: "gone@icloud.com", from: nil, to: .suppressed, by: "engine", evidence: .noEvidence, incidentID: nil, at: 10 * day)
            try tx.audit(address: "gone@icloud.com", from: .suppressed, to: .released, by: "ops", evidence: .operatorAction, incidentID: nil, at: 20 * day)
            try tx.audit(address: "gone@icloud.com", from: .released, to: .suppressed, by: "engine", evidence: .noEvidence,
                         incidentID: nil, at: 30 * day, note: "final")
            try tx.saveRetryItem(item("recent@icloud.com", .suppressed, at: 450 * day))
            try tx.audit(address: "recent@icloud.com", from: nil, to: .held, by: "engine", evidence: .mailboxFull, incidentID: nil, at: 440 * day)
            try tx.audit(address: "recent@icloud.com", from: .held, to: .suppressed, by: "ops", evidence: .operatorAction, incidentID: nil, at: 450 * day)
            try tx.recordDeliveries([1: 400 * day, 2: 470 * day])
        }
    }
}
