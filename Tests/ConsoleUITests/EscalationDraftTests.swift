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
}
