import Foundation
import Testing
@testable import BounceCore

@Suite("PowerMTA accounting CSV")
struct PowerMTAParserTests {
    let options = ParserOptions(referenceDate: 1_565_283_731, assumedUTCOffset: 0)

    @Test("default header fixture: outcomes, codes, relay, labels")
    func defaultHeaderFixture() throws {
        var parser = PowerMTAParser(options: options)
        let run = ParseRun.run(&parser, lines: ParseRun.fixtureLines("pmta/default-header.csv"))
        #expect(run.rejectedCount == 0)
        #expect(run.events.count == 7)
        #expect(run.dispositions[0] == .ignored)  // header

        // A full `d` row of a real PowerMTA accounting file, verbatim.
        let d = run.events[0]
        #expect(d.outcome == .delivered)
        #expect(d.recipient == "u7@gmail.com")
        #expect(d.recipientDomain == "gmail.com")
        #expect(d.time.isoMillis == "2026-09-21T12:00:07.000Z")
        #expect(d.relayHost == "mx.gmail.com")
        #expect(d.relayIP == "142.250.1.1")
        #expect(d.status == EnhancedStatus("2.0.0"))
        #expect(d.replyCode == 250)
        #expect(d.diagnostic == "250 ok")
        #expect(d.vendorLabel == nil)
        #expect(d.format == .pmta)
        #expect(d.line == 2)

        let b = run.events[1]
        #expect(b.outcome == .bounced)
        #expect(b.recipient == "perla11381@icloud.com")
        #expect(b.time == Date(timeIntervalSince1970: 1_565_283_731))
        #expect(b.status == EnhancedStatus("5.1.1"))
        #expect(b.replyCode == 550)
        #expect(b.diagnostic == "550 5.1.1 <perla11381@icloud.com>: user does not exist")
        #expect(b.relayHost == "mx01.mail.icloud.com")
        #expect(b.relayIP == "17.57.154.6")
        #expect(b.vendorLabel == "bad-mailbox")
        #expect(b.queueID == "env-42")

        let t = run.events[2]
        #expect(t.outcome == .deferred)
        #expect(t.time.timeIntervalSince1970 == 1_565_283_790.25)
        #expect(t.diagnostic == "452 4.2.2 <full@me.com>: user is overquota, try again later")
        #expect(t.status == EnhancedStatus("4.2.2"))
        #expect(t.relayIP == "17.57.155.25")  // from dsnMta when dlvDestinationIp is empty
        #expect(t.vendorLabel == "quota-issues")

        #expect(run.events[3].outcome == .deferred)  // tq
        #expect(run.events[3].replyCode == 421)
        #expect(run.events[4].outcome == .bounced)  // rb
        #expect(run.events[4].status == EnhancedStatus("5.1.6"))
        #expect(run.events[4].relayHost == "mx01.mail.icloud.com")
        #expect(run.events[4].relayIP == nil)
        #expect(run.dispositions[6] == .ignored)  // rs delivered
        #expect(run.events[5].recipient == "gone@icloud.com")  // rs failed → bounced
        #expect(run.events[5].outcome == .bounced)
        #expect(run.dispositions[8] == .ignored)  // r
        #expect(run.dispositions[9] == .ignored)  // f
        #expect(run.events[6].outcome == .expired)  // bounceCat message-expired
        #expect(run.events[6].status == EnhancedStatus("4.4.7"))
    }

    @Test("User's Guide subset header (the PowerMTA accounting format)")
    func guideSubset() {
        var parser = PowerMTAParser(options: options)
        let run = ParseRun.run(&parser, lines: ParseRun.fixtureLines("pmta/guide-subset.csv"))
        #expect(run.dispositions == [.ignored, .parsed(1), .parsed(1)])
        #expect(run.events.map(\.recipient) == ["user1@domain.com", "user3@domain.com"])
        #expect(run.events.map(\.outcome) == [.delivered, .bounced])
        #expect(run.events[0].time == Date(timeIntervalSince1970: 1_178_807_903))
        #expect(run.events[0].relayIP == nil)  // dlvSourceIp is ours, not the relay
        #expect(run.events[1].vendorLabel == "policy-related")
        #expect(run.events[1].status == nil)
        #expect(run.events[1].diagnostic == "")
    }

    @Test("headerless rows use the default order; headers mid-file are re-read")
    func rotatedHeaders() {
        var parser = PowerMTAParser(options: options)
        let run = ParseRun.run(&parser, lines: ParseRun.fixtureLines("pmta/rotated.csv"))
        #expect(run.rejectedCount == 0)
        #expect(run.events.map(\.recipient) == ["a1@icloud.com", "a2@icloud.com", "u@gmail.com", "a3@icloud.com"])
        // Zone-less time read in the assumed zone (UTC here).
        #expect(run.events[0].time.isoMillis == "2019-08-08T17:02:11.000Z")
        // Quoted header names, quoted comma and doubled quotes in dsnDiag, extra header_x column.
        let a2 = run.events[1]
        #expect(a2.diagnostic == "550 5.1.1 <a2@icloud.com>: user does not exist, \"really\" gone")
        #expect(a2.time.isoMillis == "2019-08-08T17:03:00.000Z")
        #expect(a2.relayHost == "mx02.mail.icloud.com")
        #expect(a2.relayIP == "17.57.155.25")
        let u = run.events[2]
        #expect(u.time.isoMillis == "2019-08-08T21:03:01.000Z")  // -0400
        #expect(u.relayHost == "gmail-smtp-in.l.google.com")
        #expect(u.relayIP == "74.125.133.26")
        #expect(u.outcome == .delivered)
        // Third header: only four columns.
        #expect(run.events[3].status == EnhancedStatus("5.1.1"))
        #expect(run.events[3].relayHost == nil)
    }

    @Test("zone-less times use the configured offset")
    func zonelessOffset() {
        let parser = PowerMTAParser(options: ParserOptions(referenceDate: 0, assumedUTCOffset: 3600))
        let (d, events) = ParseRun.one(parser, "b,2019-08-08 18:02:11,,s@example.com,x@icloud.com,,failed,5.1.1")
        #expect(d == .parsed(1))
        #expect(events.first?.time.isoMillis == "2019-08-08T17:02:11.000Z")
    }

    @Test("malformed lines are rejected", arguments: [
        "b,1565283731,,s@example.com,x@icloud.com,,failed,5.1.1,\"smtp;550 unterminated",
        "b,1565283731,,s@example.com,x@icloud.com,,failed,5.1.1,\"smtp;550\"junk,after",
        "b,not-a-time,,s@example.com,x@icloud.com,,failed,5.1.1",
        "b,1565283731,,s@example.com,,,failed,5.1.1",
        "Hello, this is not a CSV record",
        "\u{01}\u{02}binary,garbage",
    ])
    func rejected(line: String) {
        let (d, events) = ParseRun.one(PowerMTAParser(options: options), line)
        #expect(events.isEmpty)
        if case .rejected = d {} else { Issue.record("expected rejection, got \(d)") }
    }

    @Test("blank lines, comments and unknown short record types are ignored", arguments: [
        "", "   ", "# comment", "r,1565283731,,a@b.c,d@e.f", "x,1565283731,,a@b.c,d@e.f",
    ])
    func ignored(line: String) {
        #expect(ParseRun.one(PowerMTAParser(options: options), line).0 == .ignored)
    }

    @Test("every truncation of real rows is parsed, ignored or rejected without crashing")
    func truncations() {
        let lines = ParseRun.fixtureLines("pmta/default-header.csv") + ParseRun.fixtureLines("pmta/rotated.csv")
        var outcomes = 0
        for line in lines {
            ParseRun.everyTruncation(of: line) { cut in
                var parser = PowerMTAParser(options: options)
                _ = ParseRun.run(&parser, lines: [cut])
                outcomes += 1
            }
        }
        #expect(outcomes > 1000)
    }

    @Test("invalid UTF-8 in fields does not crash and is replaced")
    func invalidUTF8() {
        var parser = PowerMTAParser(options: options)
        var line = Array("b,1565283731,,s@example.com,x@icloud.com,,failed,5.1.1,\"smtp;550 5.1.1 bad ".utf8)
        line += [0xFF, 0xC3, 0x28, 0xE2]
        line += Array("\",mx01.mail.icloud.com".utf8)
        let run = ParseRun.run(&parser, lines: [line])
        #expect(run.events.count == 1)
        #expect(run.events.first?.diagnostic.hasPrefix("550 5.1.1 bad ") == true)
        #expect(run.events.first?.diagnostic.contains("\u{FFFD}") == true)
    }

    @Test("CSV splitting follows RFC 4180")
    func csvSplitting() {
        let text = Array("a,\"b,c\",,\"d \"\"e\"\"\",f\"g".utf8)
        var csv = CSVFields()
        text.withUnsafeBufferPointer { p in
            let ok = csv.split(p[...])
            #expect(ok)
            #expect(csv.count == 5)
            #expect((0..<5).map { csv.string($0, in: p) } == ["a", "b,c", nil, "d \"e\"", "f\"g"])
        }
        let trailing = Array("a,".utf8)
        trailing.withUnsafeBufferPointer { p in
            let ok = csv.split(p[...])
            #expect(ok)
            #expect(csv.count == 2)
        }
    }

    @Test("DSN text helpers", arguments: [
        ("smtp;550 5.1.1 <x>... user does not exist", 550, "5.1.1"),
        ("smtp; 550-5.1.1 The email account", 550, "5.1.1"),
        ("5.1.1 (bad destination mailbox address)", nil, "5.1.1"),
        ("421 Try again later", 421, nil),
        ("250 ok", 250, nil),
        ("Amazon SES experienced an internal failure", nil, nil),
        ("550 5.1.1234 not a code", 550, nil),
    ] as [(String, Int?, String?)])
    func dsnCodes(text: String, code: Int?, status: String?) {
        var s = text
        let parsed = s.withUTF8 { DSNText.codes($0[...]) }
        #expect(parsed.replyCode == code)
        #expect(parsed.status?.description == status)
    }

    @Test("relay fields", arguments: [
        ("mx01.mail.icloud.com (17.57.154.6)", "mx01.mail.icloud.com", "17.57.154.6"),
        ("MX6.mail.icloud.com[17.178.97.79]", "mx6.mail.icloud.com", "17.178.97.79"),
        ("dns; mx01.mail.icloud.com.", "mx01.mail.icloud.com", nil),
        ("17.57.154.6", nil, "17.57.154.6"),
        ("mx.example.net [IPv6:2001:db8::1]", "mx.example.net", "2001:db8::1"),
        ("not a host name", nil, nil),
    ] as [(String, String?, String?)])
    func relay(text: String, host: String?, ip: String?) {
        var s = text
        let r = s.withUTF8 { DSNText.relay($0[...]) }
        #expect(r.host == host)
        #expect(r.ip == ip)
    }
}
