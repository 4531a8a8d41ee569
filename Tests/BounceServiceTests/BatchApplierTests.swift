import BounceCore
import BounceStore
import Foundation
import Testing
@testable import BounceService

@Suite struct BatchApplierTests {
    var engine = AnalysisEngine()

    mutating func event(_ to: String, _ outcome: Outcome, at t: Int, status: String? = nil, code: Int? = nil,
                        text: String = "", relay: String? = nil) -> AnalyzedEvent {
        var a = engine.analyze(DeliveryEvent(
            time: Date(timeIntervalSince1970: Double(t)), format: .postfix, recipient: to, relayHost: relay,
            replyCode: code, status: status.flatMap { EnhancedStatus($0) }, outcome: outcome, diagnostic: text))
        // The decision logic is under test here, not the classifier: pin the verdict from the code.
        if outcome != .delivered {
            let reason: BounceReason = status == "4.2.2" || status == "5.2.2" ? .mailboxFull : (status == "5.7.1" ? .policyBlocked : .userUnknown)
            a.verdict = Verdict(reason: reason, hard: outcome == .bounced, status: status.flatMap { EnhancedStatus($0) }, code: code, rule: "test")
        }
        return a
    }

    @Test mutating func decisionsFollowTheEvidence() throws {
        let store = try Store()
        let day = 86400
        let events = [
            event("good@icloud.com", .delivered, at: 1 * day),
            event("good@icloud.com", .bounced, at: 10 * day, status: "5.1.1", code: 550),       // known-good → held
            event("gone@icloud.com", .bounced, at: 10 * day, status: "5.1.1", code: 550),       // no evidence → suppressed
            event("full@gmail.com", .bounced, at: 10 * day, status: "5.2.2", code: 552),        // mailbox-full → held
            event("stale@icloud.com", .delivered, at: 1 * day),
            event("stale@icloud.com", .bounced, at: 12 * day + 3600, status: "5.1.1", code: 550),
            event("policy@icloud.com", .bounced, at: 10 * day, status: "5.7.1", code: 554),     // sender scope → no queue item
            event("later@icloud.com", .bounced, at: 10 * day, status: "5.1.1", code: 550),
        ]
        // The probation clock is another test's subject: off here, so the first-bounce rules show.
        var firstBounceOnly = RetryPolicy()
        firstBounceOnly.probationPeriod = 0
        let summary = try store.write { tx in try BatchApplier(policy: firstBounceOnly).apply(events, incidents: [], in: tx) }
        #expect(summary.held == 3 && summary.suppressed == 2)
        let get: (String) throws -> RetryItem? = { a in try store.read { tx in try tx.retryItem(address: a) } }
        #expect(try get("good@icloud.com")?.state == .held)
        #expect(try get("good@icloud.com")?.evidence == .knownGood)
        #expect(try get("good@icloud.com")?.lastDeliveredAt == 1 * day)
        #expect(try get("gone@icloud.com")?.state == .suppressed)
        #expect(try get("full@gmail.com")?.evidence == .mailboxFull)
        #expect(try get("stale@icloud.com")?.state == .held, "delivered 11 days before: known-good")
        #expect(try get("policy@icloud.com") == nil)
        // A delivery 39 days before the bounce is too old to count as known-good.
        let old = [event("older@icloud.com", .delivered, at: 1 * day),
                   event("older@icloud.com", .bounced, at: 13 * day, status: "5.1.1", code: 550)]
        var policy = RetryPolicy()
        policy.knownGoodWindow = 10 * day
        _ = try store.write { tx in try BatchApplier(policy: policy).apply(old, incidents: [], in: tx) }
        #expect(try get("older@icloud.com")?.state == .suppressed)
    }

    @Test mutating func knownGoodIsAProbation() throws {
        let store = try Store()
        let h = 3600
        let get: (String) throws -> RetryItem? = { a in try store.read { tx in try tx.retryItem(address: a) } }
        // Delivered, then dead: the first hard bounce is held, a later one suppresses it.
        var batch = [
            event("dead@gmail.com", .delivered, at: 1 * h),
            event("dead@gmail.com", .bounced, at: 5 * h, status: "5.1.1", code: 550),
            event("dead@gmail.com", .bounced, at: 5 * h + 10, status: "5.1.1", code: 550),  // same send, logged twice
        ]
        _ = try store.write { tx in try BatchApplier().apply(batch, incidents: [], in: tx) }
        #expect(try get("dead@gmail.com")?.state == .held)
        #expect(try get("dead@gmail.com")?.evidence == .knownGood)
        batch = [event("dead@gmail.com", .bounced, at: 5 * h + 1200, status: "5.1.1", code: 550)]
        let s = try store.write { tx in try BatchApplier().apply(batch, incidents: [], in: tx) }
        #expect(s.suppressed == 1)
        #expect(try get("dead@gmail.com")?.state == .suppressed)
        #expect(try get("dead@gmail.com")?.evidence == .repeatHardBounce)
        #expect(HoldEvidence.repeatHardBounce.explanation == "repeat hard bounce, no incident")
        // A further bounce does not make the spent known-good evidence count again.
        _ = try store.write { tx in
            try BatchApplier().apply([event("dead@gmail.com", .bounced, at: 6 * h, status: "5.1.1", code: 550)], incidents: [], in: tx)
        }
        #expect(try get("dead@gmail.com")?.state == .suppressed)

        // Held, then delivered again: recovered (released by the engine, no release effects).
        batch = [
            event("back@icloud.com", .delivered, at: 1 * h),
            event("back@icloud.com", .bounced, at: 2 * h, status: "5.1.1", code: 550),
            event("back@icloud.com", .delivered, at: 2 * h + 900),
        ]
        let r = try store.write { tx in try BatchApplier().apply(batch, incidents: [], in: tx) }
        #expect(r.recovered == 1)
        #expect(try get("back@icloud.com")?.state == .released)
        #expect(try get("back@icloud.com")?.evidence == .recovered)
        #expect(try get("back@icloud.com")?.updatedBy == BatchApplier.engineActor)

        // One bounce, never again, no incident: the probation ends after 30 minutes of event time.
        batch = [event("once@yahoo.com", .delivered, at: 1 * h), event("once@yahoo.com", .bounced, at: 2 * h, status: "5.1.1", code: 554)]
        _ = try store.write { tx in try BatchApplier().apply(batch, incidents: [], in: tx) }
        #expect(try get("once@yahoo.com")?.state == .held)
        _ = try store.write { tx in try BatchApplier().apply([event("x@yahoo.com", .delivered, at: 4 * h + 1)], incidents: [], in: tx) }
        #expect(try get("once@yahoo.com")?.state == .suppressed)
        #expect(try get("once@yahoo.com")?.evidence == .probationEnded)

        // Covered by an incident of its provider: a repeat bounce stays held, and is linked.
        let incident = [RetryPolicy.IncidentSpan(id: 9, provider: "apple", startedAt: 10 * h, closedAt: nil)]
        batch = [
            event("valid@icloud.com", .delivered, at: 1 * h),
            event("valid@icloud.com", .bounced, at: 9 * h, status: "5.1.1", code: 550),     // before the incident: known-good
            event("valid@icloud.com", .bounced, at: 10 * h + 60, status: "5.1.1", code: 550),  // inside it
        ]
        _ = try store.write { tx in try BatchApplier().apply(batch, incidents: incident, in: tx) }
        #expect(try get("valid@icloud.com")?.state == .held)
        #expect(try get("valid@icloud.com")?.incidentID == 9, "a known-good hold bouncing inside the incident is linked to it")
    }

    @Test mutating func incidentCoversBouncesAndGracePeriod() throws {
        let store = try Store()
        let incidents = [RetryPolicy.IncidentSpan(id: 3, provider: "apple", startedAt: 1000, closedAt: 4000)]
        let events = [
            event("a@icloud.com", .bounced, at: 1500, status: "5.1.1", code: 550),
            event("b@custom.example", .bounced, at: 4000 + 3600, status: "5.1.1", code: 550, relay: "mx01.mail.icloud.com"),
            event("c@icloud.com", .bounced, at: 4000 + 3 * 3600, status: "5.1.1", code: 550),
            event("d@gmail.com", .bounced, at: 1500, status: "5.1.1", code: 550),
        ]
        _ = try store.write { tx in try BatchApplier().apply(events, incidents: incidents, in: tx) }
        let get: (String) throws -> RetryItem? = { a in try store.read { tx in try tx.retryItem(address: a) } }
        #expect(try get("a@icloud.com")?.evidence == .openIncident)
        #expect(try get("a@icloud.com")?.incidentID == 3)
        #expect(try get("b@custom.example")?.evidence == .gracePeriod, "iCloud-hosted custom domain counts as apple")
        #expect(try get("c@icloud.com")?.state == .suppressed, "past the 2 h grace period")
        #expect(try get("d@gmail.com")?.state == .suppressed, "another provider's incident does not hold gmail")
    }

    @Test mutating func releasedAddressThatBouncesAgainIsDecidedAfresh() throws {
        let store = try Store()
        _ = try store.write { tx in
            try BatchApplier().apply([event("x@icloud.com", .bounced, at: 100, status: "5.1.1", code: 550)], incidents: [], in: tx)
        }
        _ = try store.write { tx in
            try tx.transition(addresses: ["x@icloud.com"], from: [.suppressed], to: .released, by: "ann", evidence: .operatorAction, at: 200)
        }
        _ = try store.write { tx in
            try BatchApplier().apply([event("x@icloud.com", .bounced, at: 300, status: "5.1.1", code: 550)], incidents: [], in: tx)
        }
        let item = try store.read { tx in try tx.retryItem(address: "x@icloud.com") }
        #expect(item?.state == .suppressed && item?.bounces == 2)
        let trail = try store.read { tx in try tx.auditTrail(address: "x@icloud.com") }
        #expect(trail.map(\.to) == [.suppressed, .released, .suppressed])
    }

    @Test mutating func countersMatchEvents() throws {
        let store = try Store()
        let events = (0..<50).map { i in
            event("u\(i)@\(i % 2 == 0 ? "me.com" : "yahoo.com")", i % 5 == 0 ? .bounced : (i % 7 == 0 ? .deferred : .delivered),
                  at: 60 * i, status: i % 5 == 0 ? "5.1.1" : (i % 7 == 0 ? "4.2.2" : nil))
        }
        _ = try store.write { tx in try BatchApplier().apply(events, incidents: [], in: tx) }
        let r = try store.read { tx in try tx.report(from: nil, to: nil) }
        #expect(r.totals.attempts == 50)
        #expect(r.totals.bounced == 10)
        #expect(r.totals.deferred == events.filter { $0.event.outcome == .deferred }.count)
        #expect(r.providers.first { $0.provider == "apple" }?.counts.attempts == 25)
    }
}

@Suite struct HoldExpiryTests {
    @Test func holdsExpireOnEventTimeAfterTheLimit() throws {
        var engine = AnalysisEngine()
        func bounce(_ to: String, at t: Int) -> AnalyzedEvent {
            var a = engine.analyze(DeliveryEvent(time: Date(timeIntervalSince1970: Double(t)), format: .postfix, recipient: to,
                                                 replyCode: 552, status: EnhancedStatus("5.2.2"), outcome: .bounced,
                                                 diagnostic: "552 5.2.2 mailbox full"))
            a.verdict = Verdict(reason: .mailboxFull, hard: true, status: EnhancedStatus("5.2.2"), code: 552, rule: "test")
            return a
        }
        let store = try Store()
        let day = 86400
        _ = try store.write { tx in try BatchApplier().apply([bounce("full@icloud.com", at: 1 * day)], incidents: [], in: tx) }
        _ = try store.write { tx in try BatchApplier().apply([bounce("other@icloud.com", at: 10 * day)], incidents: [], in: tx) }
        #expect(try store.read { tx in try tx.retryItem(address: "full@icloud.com") }?.state == .held)
        let s = try store.write { tx in try BatchApplier().apply([bounce("late@icloud.com", at: 16 * day)], incidents: [], in: tx) }
        #expect(s.expired == 1)
        #expect(try store.read { tx in try tx.retryItem(address: "full@icloud.com") }?.state == .expired)
        #expect(try store.read { tx in try tx.retryItem(address: "other@icloud.com") }?.state == .held)
        let trail = try store.read { tx in try tx.auditTrail(address: "full@icloud.com") }
        #expect(trail.last?.evidence == .holdLimit && trail.last?.at == 16 * day)
    }
}
