import BounceCore
import Foundation
import Testing
@testable import ConsoleUI

/// The draft to Apple counts the whole incident, not only what is still held.
@Suite struct EscalationDraftTests {
    func incident(held: Int, released: Int, affected: Int) -> IncidentSummary {
        IncidentSummary(id: 3, provider: "apple", reasons: ["user-unknown"], startedAt: Date(timeIntervalSince1970: 1_565_280_000),
                        detectedAt: Date(timeIntervalSince1970: 1_565_280_240), peakRate: 0.28, baselineRate: 0.02,
                        heldCount: held, releasedCount: released, affectedCount: affected)
    }

    @Test func afterReleasesTheDraftSaysHeldNowReleasedSoFarAndAffectedInAll() {
        let text = EscalationDraft.text(incident: incident(held: 34, released: 63, affected: 97),
                                        snapshot: ConsoleSnapshot(header: HeaderInfo(source: "test", now: Date(timeIntervalSince1970: 1_565_283_000))), profile: EscalationProfile())
        #expect(text.contains("97 addresses are affected in all: 34 held now, 63 released so far."))
        #expect(!text.contains("34 addresses are affected"))
    }

    @Test func suppressedOrExpiredLinkedAddressesAreCountedToo() {
        let text = EscalationDraft.text(incident: incident(held: 10, released: 5, affected: 18),
                                        snapshot: ConsoleSnapshot(header: HeaderInfo(source: "test", now: Date(timeIntervalSince1970: 1_565_283_000))), profile: EscalationProfile())
        #expect(text.contains("18 addresses are affected in all: 10 held now, 5 released so far, 3 suppressed or expired."))
    }

    /// `E` also tells the operator how to stop the MTA from bouncing while Apple is broken, and
    /// keeps that out of the e-mail it saves.
    @Test func theViewShowsTheMTAMitigationUnderTheDraftButNeverInIt() {
        var state = ConsoleState(snapshot: ConsoleSnapshot(header: HeaderInfo(source: "test", now: Date(timeIntervalSince1970: 1_565_283_000)),
                                                           incidents: [incident(held: 34, released: 63, affected: 97)]))
        Fixtures.press([.char("E")], &state)
        guard case .escalation(let e) = state.mode else { Issue.record("E opened no escalation view"); return }
        #expect(e.mitigation.contains("  bouncewatch mitigation --mta postfix --incident 3 --dir ./mitigation-3"))
        #expect(e.mitigation.joined().contains("[CS01] and [HME1] stay permanent"))
        #expect(!e.text.contains("bouncewatch mitigation"))
        var wide = incident(held: 0, released: 0, affected: 0)
        wide.kind = .senderWide
        #expect(EscalationDraft.mitigation(incident: wide).joined().contains("no MTA change"))
    }
}
