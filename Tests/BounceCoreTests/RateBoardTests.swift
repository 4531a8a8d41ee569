import Foundation
import Testing
@testable import BounceCore

@Suite("RateBoard")
struct RateBoardTests {
    let t0 = 29_000_000  // an epoch minute (2025-02-19)

    @Test func countsAndRates() {
        var b = RateBoard()
        b.record(minute: t0, series: "apple", outcome: .delivered, reason: nil, count: 6)
        b.record(minute: t0, series: "apple", outcome: .bounced, reason: .userUnknown, count: 2)
        b.record(minute: t0, series: "apple", outcome: .expired, reason: .expired)
        b.record(minute: t0, series: "apple", outcome: .deferred, reason: .mailboxFull)
        b.record(minute: t0, series: "apple", outcome: .deferred, reason: .rateLimited)
        // A reason on a delivery is ignored; a nil reason on a failure counts the outcome only.
        b.record(minute: t0, series: "apple", outcome: .delivered, reason: .other)
        b.record(minute: t0, series: "apple", outcome: .bounced, reason: nil)

        let w = b.window(series: "apple", minutes: 5, endingAt: t0)
        #expect(w.delivered == 7)
        #expect(w.bounced == 4)  // 2 user-unknown + 1 expired + 1 without reason
        #expect(w.deferred == 2)
        #expect(w.attempts == 13)
        #expect(w.addressFailures == 3)  // user-unknown ×2 + mailbox-full (deferred)
        #expect(w.bounceRate == 4.0 / 11.0)
        #expect(w.deferralRate == 2.0 / 13.0)
        #expect(w.addressFailureRate == 3.0 / 13.0)
        #expect(w.reasons == [.userUnknown: 2, .expired: 1, .mailboxFull: 1, .rateLimited: 1])
        #expect(w.topReasons(1) == [ReasonCount(reason: .userUnknown, count: 2)])
        #expect(w.topReasons.map(\.reason) == [.userUnknown, .mailboxFull, .rateLimited])
    }

    @Test func emptyRatesAreZero() {
        let w = RateBoard().window(series: "google", minutes: 15, endingAt: t0)
        #expect(w.attempts == 0 && w.bounceRate == 0 && w.deferralRate == 0 && w.addressFailureRate == 0)
        #expect(w.startMinute == t0 - 14 && w.endMinute == t0)
    }

    @Test func windowsCoverExactlyTheirMinutes() {
        var b = RateBoard()
        for m in 0..<120 { b.record(minute: t0 + m, series: "google", outcome: .delivered, reason: nil, count: m + 1) }
        let end = t0 + 119
        #expect(b.window(series: "google", minutes: 5, endingAt: end).delivered == (116...120).reduce(0, +))
        #expect(b.window(series: "google", minutes: 15, endingAt: end).delivered == (106...120).reduce(0, +))
        #expect(b.window(series: "google", minutes: 60, endingAt: end).delivered == (61...120).reduce(0, +))
        // A window ending in the past does not see later minutes.
        #expect(b.window(series: "google", minutes: 5, endingAt: t0 + 4).delivered == 15)
    }

    @Test func historyIsZeroFilled() {
        var b = RateBoard()
        b.record(minute: t0 + 10, series: "icloud.com", outcome: .bounced, reason: .userUnknown)
        b.record(minute: t0 + 10, series: "icloud.com", outcome: .delivered, reason: nil, count: 3)
        b.record(minute: t0 + 59, series: "icloud.com", outcome: .delivered, reason: nil)
        let h = b.history(series: "icloud.com", minutes: 60, endingAt: t0 + 59)
        #expect(h.count == 60)
        #expect(h.first?.minute == t0 && h.last?.minute == t0 + 59)
        #expect(h.map(\.minute) == Array(t0...(t0 + 59)))
        #expect(h[10].attempts == 4 && h[10].bounceRate == 0.25 && h[10].addressFailureRate == 0.25)
        #expect(h.filter { $0.attempts == 0 }.count == 58)
        #expect(b.history(series: "nothing", minutes: 60, endingAt: t0).count == 60)
    }

    @Test func baselineExcludesRecentWindowAndIncidents() {
        var b = RateBoard()
        // Six quiet hours at 2 % address failures, then 20 minutes at 50 %.
        for m in 0..<360 {
            b.record(minute: t0 + m, series: "apple", outcome: .delivered, reason: nil, count: 49)
            b.record(minute: t0 + m, series: "apple", outcome: .bounced, reason: .userUnknown, count: 1)
        }
        for m in 360..<380 {
            b.record(minute: t0 + m, series: "apple", outcome: .delivered, reason: nil, count: 25)
            b.record(minute: t0 + m, series: "apple", outcome: .bounced, reason: .userUnknown, count: 25)
        }
        let end = t0 + 379
        let noPrior = RatePrior(weight: 0)
        // The last 15 minutes are left out, but 5 spike minutes fall before them.
        let base = b.baseline(series: "apple", endingAt: end, prior: noPrior)
        let expected = Double(355 + 5 * 25) / Double(355 * 50 + 5 * 50)
        #expect(abs(base.addressFailureRate - expected) < 1e-12)
        #expect(base.attempts == 360 * 50)
        // Excluding the spike gives the quiet level back.
        let clean = b.baseline(series: "apple", endingAt: end, excluding: [(t0 + 360)...(t0 + 400)], prior: noPrior)
        #expect(abs(clean.addressFailureRate - 0.02) < 1e-12)
        #expect(abs(clean.bounceRate - 0.02) < 1e-12)
        #expect(!clean.isMostlyPrior)
        // With excludingRecent = 25 the spike is not in the span at all.
        let earlier = b.baseline(series: "apple", endingAt: end, excludingRecent: 25, prior: noPrior)
        #expect(abs(earlier.addressFailureRate - 0.02) < 1e-12)
    }

    @Test func baselinePriorForLittleData() {
        var b = RateBoard()
        let empty = b.baseline(series: "apple", endingAt: t0)
        #expect(empty.addressFailureRate == RatePrior.default.addressFailureRate)
        #expect(empty.isMostlyPrior)
        // Three bounces of five attempts barely move it.
        b.record(minute: t0 - 30, series: "apple", outcome: .bounced, reason: .userUnknown, count: 3)
        b.record(minute: t0 - 30, series: "apple", outcome: .delivered, reason: nil, count: 2)
        let few = b.baseline(series: "apple", endingAt: t0)
        let expectedFew: Double = (3.0 + 0.02 * 200.0) / 205.0
        #expect(few.addressFailureRate == expectedFew)
        #expect(few.addressFailureRate < 0.04)
    }

    @Test func trendComparesLastFiveWithPreviousFifteen() {
        var b = RateBoard()
        for m in 0..<20 {
            let bad = m >= 15 ? 20 : 2
            b.record(minute: t0 + m, series: "apple", outcome: .delivered, reason: nil, count: 100 - bad)
            b.record(minute: t0 + m, series: "apple", outcome: .bounced, reason: .userUnknown, count: bad)
        }
        #expect(b.trend(series: "apple", endingAt: t0 + 19) == .up)
        #expect(b.trend(series: "apple", endingAt: t0 + 14) == .flat)
        var down = RateBoard()
        for m in 0..<20 {
            let bad = m >= 15 ? 1 : 10
            down.record(minute: t0 + m, series: "google", outcome: .delivered, reason: nil, count: 100 - bad)
            down.record(minute: t0 + m, series: "google", outcome: .bounced, reason: .userUnknown, count: bad)
        }
        #expect(down.trend(series: "google", endingAt: t0 + 19) == .down)
        // Low volume noise stays flat.
        var thin = RateBoard()
        thin.record(minute: t0 + 19, series: "mac.com", outcome: .bounced, reason: .userUnknown, count: 1)
        thin.record(minute: t0 + 10, series: "mac.com", outcome: .delivered, reason: nil, count: 3)
        #expect(thin.trend(series: "mac.com", endingAt: t0 + 19) == .flat)
    }

    @Test func pruningKeepsMemoryBounded() {
        var b = RateBoard(retentionMinutes: 100)
        b.record(minute: t0, series: "yahoo", outcome: .delivered, reason: nil)
        b.record(minute: t0 + 99, series: "yahoo", outcome: .delivered, reason: nil)
        #expect(b.window(series: "yahoo", minutes: 100, endingAt: t0 + 99).delivered == 2)
        b.record(minute: t0 + 100, series: "yahoo", outcome: .delivered, reason: nil)
        // t0 fell out of retention.
        #expect(b.window(series: "yahoo", minutes: 200, endingAt: t0 + 100).delivered == 2)
        #expect(b.history(series: "yahoo", minutes: 1, endingAt: t0).first?.attempts == 0)
        // Writing a minute older than retention is ignored.
        b.record(minute: t0, series: "yahoo", outcome: .bounced, reason: .userUnknown)
        #expect(b.window(series: "yahoo", minutes: 5, endingAt: t0 + 3).attempts == 0)
        // …while a minute still inside it is accepted.
        b.record(minute: t0 + 1, series: "yahoo", outcome: .bounced, reason: .userUnknown)
        #expect(b.window(series: "yahoo", minutes: 5, endingAt: t0 + 3).bounced == 1)
        // A day later only the newest minute remains, in the same fixed storage.
        b.record(minute: t0 + 1440, series: "yahoo", outcome: .delivered, reason: nil)
        #expect(b.window(series: "yahoo", minutes: 2000, endingAt: t0 + 1440).delivered == 1)
        #expect(b.rings["yahoo"]?.tags.count == 100)
        #expect(RateBoard().retentionMinutes == 26 * 60)
    }

    @Test func seriesNamesInDisplayOrder() {
        var b = RateBoard()
        for s in ["zz-custom", "icloud-hosted", "other", "me.com", "apple", "google", "icloud.com",
                  "privaterelay.appleid.com", "mac.com", "yahoo", "microsoft"] {
            b.record(minute: t0, series: s, outcome: .delivered, reason: nil)
        }
        #expect(b.seriesNames == ["apple", "google", "microsoft", "yahoo", "other", "icloud.com", "me.com",
                                  "mac.com", "icloud-hosted", "privaterelay.appleid.com", "zz-custom"])
    }

    @Test func appleGroups() {
        #expect(RateBoard.appleGroup(domain: "iCloud.com") == "icloud.com")
        #expect(RateBoard.appleGroup(domain: "me.com") == "me.com")
        #expect(RateBoard.appleGroup(domain: "mac.com") == "mac.com")
        #expect(RateBoard.appleGroup(domain: "privaterelay.appleid.com") == "privaterelay.appleid.com")
        #expect(RateBoard.appleGroup(domain: "kyuhyuk.kr") == "icloud-hosted")
        #expect(RateBoard.appleGroup(domain: "kyuhyuk.kr", provider: "apple") == "icloud-hosted")
        #expect(RateBoard.appleGroup(domain: "gmail.com", provider: "google") == nil)
    }

    @Test func codableRoundTrip() throws {
        var b = RateBoard(retentionMinutes: 50)
        for m in 0..<80 {
            b.record(minute: t0 + m, series: "apple", outcome: m % 3 == 0 ? .bounced : .delivered,
                     reason: m % 3 == 0 ? .userUnknown : nil, count: m)
        }
        let data = try JSONEncoder().encode(b)
        let back = try JSONDecoder().decode(RateBoard.self, from: data)
        #expect(back.window(series: "apple", minutes: 60, endingAt: t0 + 79) == b.window(series: "apple", minutes: 60, endingAt: t0 + 79))
        #expect(back.history(series: "apple", endingAt: t0 + 79) == b.history(series: "apple", endingAt: t0 + 79))
        #expect(back.retentionMinutes == 50)
    }
}
