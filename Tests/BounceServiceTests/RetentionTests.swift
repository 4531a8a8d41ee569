import BounceCore
import BounceStore
import Foundation
import Testing
@testable import BounceService

/// Retention through the ingest path: each batch prunes as of its newest event, and nothing a
/// decision or a report needs goes missing.
@Suite struct RetentionTests {
    static let day = 86400
    var engine = AnalysisEngine()

    mutating func event(_ to: String, _ outcome: Outcome, at t: Int) -> AnalyzedEvent {
        var a = engine.analyze(DeliveryEvent(
            time: Date(timeIntervalSince1970: Double(t)), format: .postfix, recipient: to, relayHost: "mx01.mail.icloud.com",
            replyCode: outcome == .delivered ? 250 : 550, status: EnhancedStatus(outcome == .delivered ? "2.0.0" : "5.1.1"),
            outcome: outcome, diagnostic: outcome == .delivered ? "250 ok" : "550 5.1.1 user does not exist"))
        if outcome != .delivered {
            a.verdict = Verdict(reason: .userUnknown, hard: true, status: EnhancedStatus("5.1.1"), code: 550, rule: "test")
        }
        return a
    }

    @Test mutating func fortyDaysOfBatchesKeepDecisionsAndTotals() throws {
        let store = try Store()
        // Known-good evidence across daily prunes is the subject: the probation clock is off.
        var policy = RetryPolicy()
        policy.probationPeriod = 0
        let applier = BatchApplier(policy: policy)
        var sent = 0
        // One batch per day: deliveries to rotating addresses, a bounce now and then.
        for d in 0..<40 {
            var batch = (0..<50).map { i in event("user\(i + d)@icloud.com", .delivered, at: d * Self.day + i * 600) }
            if d == 1 { batch.append(event("loyal@icloud.com", .delivered, at: d * Self.day + 7200)) }
            if d == 5 { batch.append(event("old@icloud.com", .delivered, at: d * Self.day)) }
            batch.append(event("gone\(d)@icloud.com", .bounced, at: d * Self.day + 3000))
            if d == 30 { batch.append(event("loyal@icloud.com", .bounced, at: d * Self.day + 3600)) }
            if d == 39 { batch.append(event("old@icloud.com", .bounced, at: d * Self.day + 3600)) }
            sent += batch.count
            _ = try store.write { tx in try applier.apply(batch, incidents: [], in: tx) }
        }
        let loyal = try store.read { tx in try tx.retryItem(address: "loyal@icloud.com") }
        #expect(loyal?.state == .held && loyal?.evidence == .knownGood,
                "a delivery 29 days before the bounce still makes the address known-good after daily prunes")
        #expect(try store.read { tx in try tx.retryItem(address: "old@icloud.com") }?.state == .suppressed)
        let r = try store.read { tx in try tx.report(from: nil, to: nil) }
        #expect(r.totals.attempts == sent, "rolled-up days still count every line")
        #expect(r.from == 0)
        let rows = try store.read { tx in try tx.counterRows() }
        #expect(rows.minute > 0 && rows.minute <= 15 * 1440, "minutes older than 14 days (and an hour) are gone")
        // Every queue item kept its audit row.
        for d in 0..<40 {
            #expect(try store.read { tx in try tx.auditTrail(address: "gone\(d)@icloud.com") }.count == 1)
        }
    }

    @Test func configRetentionSection() throws {
        let c = try ConfigLoader.parse("""
            [hold]
            known_good_days = 20
            [retention]
            minute_days = 7
            hour_days = 90
            deliveries_days = 45
            audit_days = 365
            """)
        #expect(c.retention.minuteBuckets == 7 * Self.day && c.retention.hourBuckets == 90 * Self.day)
        #expect(c.retention.deliveries == 45 * Self.day && c.retention.audit == 365 * Self.day)
        #expect(try ConfigLoader.parse("").retention == RetentionPolicy())

        func error(_ toml: String) -> String {
            do { _ = try ConfigLoader.parse(toml); return "" } catch { return "\(error)" }
        }
        #expect(error("[retention]\nminute_dayz = 3").contains("unknown key retention.minute_dayz"))
        #expect(error("[retention]\nminute_days = 1").contains("retention.minute_days: must be at least 2"))
        #expect(error("[retention]\naudit_days = \"forever\"").contains("retention.audit_days: expected a number"))
        #expect(error("[retention]\nminute_days = 30\nhour_days = 20").contains("retention.hour_days: must be at least retention.minute_days (30)"))
        #expect(error("[retention]\ndeliveries_days = 10").contains("retention.deliveries_days: must be at least hold.known_good_days (30)"))
        #expect(error("retention = 3").contains("retention: expected a table"))
    }
}
