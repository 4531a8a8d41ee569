import Foundation
import Testing
@testable import BounceCore

@Suite("TrafficSimulator")
struct TrafficSimulatorTests {
    let hour = 3600

    @Test func sameSeedSameTraffic() {
        let config = SimulationConfig(scenario: .appleIncident, seed: 42)
        let a = TrafficSimulator(config: config).generate(from: config.start, to: config.start + 1200)
        let b = TrafficSimulator(config: config).generate(from: config.start, to: config.start + 1200)
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(a.map(\.syslogLine) == b.map(\.syslogLine))
        let other = TrafficSimulator(config: SimulationConfig(scenario: .appleIncident, seed: 43))
            .generate(from: config.start, to: config.start + 1200)
        #expect(other.map(\.event.recipient) != a.map(\.event.recipient))
    }

    @Test func incrementalEqualsAllAtOnce() {
        let config = SimulationConfig(scenario: .senderWide, seed: 5, incidentStart: SimulationConfig.defaultStart + 900)
        let end = config.start + 2400
        let all = TrafficSimulator(config: config).generate(from: config.start, to: end)
        var sim = TrafficSimulator(config: config)
        var pieces: [SimulatedDelivery] = []
        var t = config.start
        var step = 7
        while t < end {
            t = min(end, t + step)
            pieces += sim.next(upTo: t)
            step = step * 3 % 401 + 1  // irregular steps, some inside a minute
        }
        #expect(pieces == all)
        // A window in the middle is the same slice.
        let middle = TrafficSimulator(config: config).generate(from: config.start + 1200, to: config.start + 1500)
        #expect(middle == all.filter { (config.start + 1200)..<(config.start + 1500) ~= $0.epochSecond })
    }

    @Test func ordered_numbered_andInRange() {
        let config = SimulationConfig(scenario: .quiet, seed: 9)
        let out = TrafficSimulator(config: config).generate(from: config.start, to: config.start + 1200)
        #expect(zip(out, out.dropFirst()).allSatisfy { $0.event.time <= $1.event.time })
        #expect(out.allSatisfy { (config.start..<(config.start + 1200)).contains($0.epochSecond) })
        #expect(out.map(\.event.line) == Array(1...out.count))
        #expect(out.allSatisfy { Int($0.event.time.timeIntervalSince1970) == $0.epochSecond })
    }

    @Test func volumeFollowsConfig() {
        var config = SimulationConfig(scenario: .quiet, seed: 3)
        config.messagesPerMinute = 20  // a day at 200/min is the detector suite's job; the shape is the same
        var sim = TrafficSimulator(config: config)
        let day = sim.next(upTo: config.start + 24 * hour)
        let firstAttempts = day.filter { $0.delays.beforeQueueManager < 1 }.count  // retries carry queue time in `a`
        let perMinute = Double(firstAttempts) / 1440
        #expect(perMinute > 18 && perMinute < 24, "mean \(perMinute)/min")
        // Diurnal: 03:00 UTC is much quieter than 15:00 UTC.
        func count(hourOfDay h: Int) -> Int {
            day.filter { (($0.epochSecond % 86400) / 3600) == h }.count
        }
        #expect(Double(count(hourOfDay: 3)) < 0.6 * Double(count(hourOfDay: 15)))
    }

    @Test func providersRouteLikeTheCatalog() {
        let config = SimulationConfig(scenario: .appleIncident, seed: 21)
        let out = TrafficSimulator(config: config).generate(from: config.start, to: config.start + 1800)
        let catalog = ProviderCatalog()
        for d in out {
            let e = d.event
            #expect(catalog.provider(domain: e.recipientDomain, relayHost: e.relayHost, relayIP: e.relayIP) == d.provider,
                    "\(e.recipient) via \(e.relayHost ?? "-")")
        }
        let shares = Dictionary(grouping: out, by: \.provider).mapValues { Double($0.count) / Double(out.count) }
        #expect(Set(shares.keys) == ["apple", "google", "microsoft", "yahoo", "other"])
        #expect(abs(shares["apple"]! - 0.20) < 0.03)
        // iCloud-hosted custom domains go to Apple's MX at 17.57.x.x.
        let hosted = out.filter { d in d.provider == "apple" && !Provider.appleDomains.contains(d.event.recipientDomain) }
        #expect(!hosted.isEmpty)
        #expect(hosted.allSatisfy { ["mx01.mail.icloud.com", "mx02.mail.icloud.com"].contains($0.event.relayHost ?? "") })
        #expect(hosted.allSatisfy { $0.event.relayIP?.hasPrefix("17.57.") == true })
    }

    @Test func validAddressesDeliverRepeatedly() {
        var config = SimulationConfig(scenario: .quiet, seed: 8)
        config.audienceSize = 4000
        let out = TrafficSimulator(config: config).generate(from: config.start, to: config.start + 2 * hour)
        var deliveries: [String: Int] = [:]
        for d in out where d.event.outcome == .delivered { deliveries[d.event.recipient, default: 0] += 1 }
        let repeated = deliveries.values.filter { $0 >= 2 }.count
        #expect(Double(repeated) > 0.5 * Double(deliveries.count), "known-good evidence builds up")
        // Invalid addresses never deliver and bounce 5.1.1-style.
        let invalid = out.filter { !$0.addressIsValid }
        #expect(!invalid.isEmpty)
        #expect(invalid.allSatisfy { $0.event.outcome == .bounced && testReason($0.event) == .userUnknown })
        let share = Double(invalid.count) / Double(out.count)
        #expect(share > 0.01 && share < 0.03, "invalid share \(share)")
    }

    @Test func appleIncidentGroundTruth() {
        let config = SimulationConfig(scenario: .appleIncident, seed: 4, incidentStart: SimulationConfig.defaultStart + 600)
        let window = config.incidentWindow!
        let out = TrafficSimulator(config: config).generate(from: window.lowerBound - 600, to: window.upperBound + 600)
        let caused = out.filter(\.causedByIncident)
        #expect(!caused.isEmpty)
        #expect(caused.allSatisfy { $0.provider == "apple" && $0.addressIsValid && $0.duringIncident })
        #expect(caused.allSatisfy { window.contains($0.epochSecond) })
        #expect(caused.allSatisfy { $0.event.recipientDomain != "privaterelay.appleid.com" })
        let texts = Set(caused.map { $0.event.diagnostic.hasPrefix("550 5.1.1") ? "550" : $0.event.diagnostic })
        #expect(texts == ["550", "452 4.2.2 user is overquota"])
        #expect(caused.contains { !Provider.appleDomains.contains($0.event.recipientDomain) }, "custom domains too")
        // At the plateau about 30 % of valid Apple mailbox attempts fail.
        let plateau = out.filter {
            $0.provider == "apple" && $0.addressIsValid && $0.event.recipientDomain != "privaterelay.appleid.com"
                && (window.lowerBound + 600..<window.lowerBound + 1800).contains($0.epochSecond)
        }
        let failed = Double(plateau.filter(\.causedByIncident).count) / Double(plateau.count)
        #expect(failed > 0.2 && failed < 0.4, "plateau failure share \(failed)")
        // Nobody else is touched.
        #expect(!out.contains { $0.provider != "apple" && $0.duringIncident })
    }

    @Test func senderWideHitsEveryProvider() {
        let config = SimulationConfig(scenario: .senderWide, seed: 6, incidentStart: SimulationConfig.defaultStart + 300)
        let window = config.incidentWindow!
        let out = TrafficSimulator(config: config).generate(from: window.lowerBound, to: window.upperBound)
        let staleBounces = out.filter { !$0.addressIsValid && testReason($0.event) == .userUnknown }
        #expect(Set(staleBounces.map(\.provider)) == ["apple", "google", "microsoft", "yahoo", "other"])
        let blocked = out.filter(\.causedByIncident)
        #expect(Set(blocked.map(\.provider)) == ["apple", "google", "microsoft", "yahoo", "other"])
        #expect(blocked.allSatisfy { $0.epochSecond >= window.lowerBound + 600 })
    }

    @Test func deferralsAreRetriedUnderTheSameQueueID() {
        let config = SimulationConfig(scenario: .quiet, seed: 2)
        let out = TrafficSimulator(config: config).generate(from: config.start, to: config.start + hour)
        let byQueue = Dictionary(grouping: out, by: { $0.event.queueID! })
        let retried = byQueue.values.filter { $0.count > 1 }
        #expect(!retried.isEmpty)
        for attempts in retried {
            #expect(attempts.dropLast().allSatisfy { $0.event.outcome == .deferred })
            #expect(Set(attempts.map(\.event.recipient)).count == 1)
            #expect(zip(attempts, attempts.dropFirst()).allSatisfy { $1.epochSecond - $0.epochSecond >= 300 })
            #expect(attempts.last!.delays.beforeQueueManager > 290, "retry delay counts the time in queue")
        }
    }

    @Test func postfixLinesHaveTheRealShape() throws {
        let config = SimulationConfig(scenario: .appleIncident, seed: 12, start: SimulationConfig.defaultStart + 3 * hour,
                                      incidentStart: SimulationConfig.defaultStart + 3 * hour + 300)
        let window = config.incidentWindow!
        let out = TrafficSimulator(config: config).generate(from: window.lowerBound + 600, to: window.lowerBound + 900)
        let shape = try Regex(
            #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 mta1 postfix/smtp\[\d+\]: [0-9A-F]{10}: to=<[^>]+>, relay=(none|[a-z0-9.-]+\[[0-9a-f.:]+\]:25), delay=[0-9.]+, delays=[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+, dsn=[245]\.\d+\.\d+, status=(sent|deferred|bounced) \(.+\)$"#
        )
        for d in out { #expect(d.syslogLine.wholeMatch(of: shape) != nil, "\(d.syslogLine)") }
        let apple = try #require(out.first { $0.causedByIncident && $0.event.outcome == .bounced })
        let line = apple.syslogLine
        #expect(line.contains("relay=mx0"))
        #expect(line.contains(".mail.icloud.com[17.57."))
        #expect(line.contains("dsn=5.1.1, status=bounced (host mx0"))
        #expect(line.hasSuffix(": user does not exist (in reply to RCPT TO command))"))
        #expect(line.hasPrefix("2019-08-08T17:"))
        let gmail = try #require(out.first { $0.provider == "google" && $0.event.outcome == .delivered })
        #expect(gmail.syslogLine.contains("status=sent (250 2.0.0 OK  "))
        #expect(gmail.syslogLine.hasSuffix(" - gsmtp)"))
    }

    @Test func delayFormatting() {
        #expect(SimulatedDelivery.postfixSeconds(0.004) == "0")
        #expect(SimulatedDelivery.postfixSeconds(0.04) == "0.04")
        #expect(SimulatedDelivery.postfixSeconds(0.5) == "0.5")
        #expect(SimulatedDelivery.postfixSeconds(0.46) == "0.46")
        #expect(SimulatedDelivery.postfixSeconds(6.24) == "6.2")
        #expect(SimulatedDelivery.postfixSeconds(5.0) == "5")
        #expect(SimulatedDelivery.postfixSeconds(47.3) == "47")
        #expect(SimulatedDelivery.postfixSeconds(428_619) == "428619")
        #expect(SimulatedDelivery.rfc3339(1_565_283_792, 41_210) == "2019-08-08T17:03:12.041210+00:00")
    }

    @Test func splitMixIsTheReferenceSequence() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
