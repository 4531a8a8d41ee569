import Foundation
import Testing
@testable import BounceCore

@Suite("JSONL (ESP webhooks, KumoMTA, neutral)")
struct JSONLParserTests {
    let options = ParserOptions(referenceDate: 1_565_283_731, assumedUTCOffset: 0)

    func fixture(_ name: String) -> ParseRun {
        var parser = JSONLParser(options: options)
        return ParseRun.run(&parser, lines: ParseRun.fixtureLines("jsonl/\(name)"))
    }

    @Test("Amazon SES: bounce, transient 5.4.4, delivery, delay, SNS string envelope, complaint")
    func ses() {
        let run = fixture("ses.jsonl")
        #expect(run.rejectedCount == 0)
        #expect(run.dispositions == [.parsed(1), .parsed(1), .parsed(2), .parsed(1), .parsed(2), .ignored])

        // The AppCount SES fixture (a real webhook payload), verbatim.
        let real = run.events[0]
        #expect(real.outcome == .bounced)
        #expect(real.recipient == "perla11381@icloud.com")
        #expect(real.time.isoMillis == "2021-01-18T15:03:56.000Z")
        #expect(real.status == EnhancedStatus("5.1.1"))
        #expect(real.replyCode == 550)
        #expect(real.diagnostic == "550 5.1.1 <perla11381@icloud.com>: user does not exist")
        #expect(real.vendorLabel == "Permanent/General")
        #expect(real.relayIP == "17.57.152.14")
        #expect(real.relayHost == nil)  // reportingMTA is SES's own host
        #expect(real.format == .jsonl)

        // listmonk#1463: SES says Transient, the code says 5.4.4; keep both, outcome bounced.
        let transient = run.events[1]
        #expect(transient.outcome == .bounced)
        #expect(transient.status == EnhancedStatus("5.4.4"))
        #expect(transient.vendorLabel == "Transient/General")
        #expect(transient.queueID == "0100018a-msg-1")

        #expect(run.events[2].outcome == .delivered)
        #expect(run.events[2...3].map(\.recipient) == ["a@icloud.com", "b@me.com"])
        #expect(run.events[2].replyCode == 250)
        #expect(run.events[2].time.isoMillis == "2019-08-08T17:00:01.250Z")
        #expect(run.events[2].relayIP == "17.57.154.6")

        let delay = run.events[4]
        #expect(delay.outcome == .deferred)
        #expect(delay.status == EnhancedStatus("4.2.2"))
        #expect(delay.replyCode == 452)
        #expect(delay.vendorLabel == "MailboxFull")

        // SNS envelope with the notification as a JSON string.
        #expect(run.events[5].recipient == "wrapped@mac.com")
        #expect(run.events[6].recipient == "wrapped2@mac.com")
        #expect(run.events[6].status == EnhancedStatus("5.1.1"))  // from diagnosticCode
        #expect(run.events[5].queueID == "0100016c-sns-1")
    }

    @Test("SendGrid: documented bounce, delivered, deferred, blocked, dropped, batch array")
    func sendGrid() {
        let run = fixture("sendgrid.jsonl")
        #expect(run.dispositions == [.parsed(1), .parsed(1), .parsed(1), .parsed(1), .ignored, .parsed(2), .ignored])
        let doc = run.events[0]
        #expect(doc.recipient == "alex@example.com")
        #expect(doc.outcome == .bounced)
        #expect(doc.time == Date(timeIntervalSince1970: 1_513_299_569))
        #expect(doc.replyCode == 500)
        #expect(doc.status == EnhancedStatus("5.0.0"))
        #expect(doc.diagnostic == "500 unknown recipient")
        #expect(doc.vendorLabel == "Invalid Address")
        #expect(doc.queueID == "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0")

        #expect(run.events[1].outcome == .delivered)
        #expect(run.events[1].relayIP == nil)  // `ip` is our sending IP
        #expect(run.events[2].outcome == .deferred)
        #expect(run.events[2].status == EnhancedStatus("4.2.2"))
        #expect(run.events[3].outcome == .bounced)
        #expect(run.events[3].vendorLabel == "Reputation")
        #expect(run.events[3].diagnostic.contains("[CS01]"))
        #expect(run.events[4...5].map(\.recipient) == ["d@me.com", "e@me.com"])
        #expect(run.events[4...5].map(\.outcome) == [.delivered, .bounced])
    }

    @Test("Mailgun: suppress-bounce ignored, temporary 421 deferred, permanent, delivered, accepted")
    func mailgun() {
        let run = fixture("mailgun.jsonl")
        #expect(run.dispositions == [.ignored, .parsed(1), .parsed(1), .parsed(1), .ignored])
        let temp = run.events[0]
        #expect(temp.outcome == .deferred)
        #expect(temp.recipient == "c@icloud.com")
        #expect(temp.replyCode == 421)
        #expect(temp.diagnostic == "Try again later")
        #expect(temp.relayHost == "mx02.mail.icloud.com")
        #expect(temp.vendorLabel == "generic")
        #expect(abs(temp.time.timeIntervalSince1970 - 1_565_283_731.521557) < 1e-5)
        #expect(temp.queueID == "20190808170211.1.ABC@mg.example.com")
        let perm = run.events[1]
        #expect(perm.outcome == .bounced)
        #expect(perm.status == EnhancedStatus("5.1.1"))
        #expect(perm.replyCode == 550)
        #expect(perm.vendorLabel == "bounce")
        #expect(run.events[2].outcome == .delivered)
        #expect(run.events[2].recipient == "ok@icloud.com")
    }

    @Test("Postmark: HardBounce, SoftBounce, DnsError by TypeCode, spam notification, delivery, open")
    func postmark() {
        let run = fixture("postmark.jsonl")
        #expect(run.dispositions == [.parsed(1), .parsed(1), .parsed(1), .ignored, .parsed(1), .ignored])
        let hard = run.events[0]
        #expect(hard.outcome == .bounced)
        #expect(hard.recipient == "john@example.com")
        #expect(hard.time.isoMillis == "2019-11-05T16:33:54.907Z")
        #expect(hard.diagnostic == "Test bounce details")
        #expect(hard.vendorLabel == "HardBounce")
        #expect(hard.queueID == "883953f4-6105-42a2-a16a-77a8eac79483")
        let soft = run.events[1]
        #expect(soft.outcome == .deferred)
        #expect(soft.time.isoMillis == "2019-08-08T21:04:00.123Z")
        #expect(soft.status == EnhancedStatus("4.2.2"))
        #expect(soft.diagnostic == "452 4.2.2 <full@icloud.com>: user is overquota")
        #expect(run.events[2].outcome == .deferred)  // DnsError, TypeCode only
        #expect(run.events[2].diagnostic == "DNS error")  // Details empty → Description
        #expect(run.events[3].outcome == .delivered)
        #expect(run.events[3].recipient == "ok@me.com")
        #expect(run.events[3].replyCode == 250)
    }

    @Test("KumoMTA log records")
    func kumo() {
        let run = fixture("kumo.jsonl")
        #expect(run.dispositions == [.parsed(1), .parsed(1), .parsed(1), .parsed(1), .ignored])
        let b = run.events[0]
        #expect(b.outcome == .bounced)
        #expect(b.status == EnhancedStatus("5.1.1"))
        #expect(b.replyCode == 550)
        #expect(b.stage == .rcptTo)
        #expect(b.relayHost == "mx01.mail.icloud.com")
        #expect(b.relayIP == "17.57.154.6")
        #expect(b.vendorLabel == nil)  // Uncategorized
        #expect(b.diagnostic == "550 <a@icloud.com>: user does not exist")
        let t = run.events[1]
        #expect(t.outcome == .deferred)
        #expect(t.stage == .mailFrom)
        #expect(t.diagnostic == "421 Messages to b@me.com deferred due to excessive volume. Try again later")
        #expect(t.vendorLabel == "RateLimited")
        #expect(run.events[2].outcome == .delivered)
        #expect(run.events[2].stage == .endOfData)
        #expect(run.events[3].outcome == .expired)
        #expect(run.events[3].stage == nil)
    }

    @Test("neutral schema: ISO and numeric timestamps, mx with IP, failed 4xx")
    func neutral() {
        let run = fixture("neutral.jsonl")
        #expect(run.dispositions == [.parsed(1), .parsed(1), .parsed(1), .parsed(1), .parsed(1), .parsed(1), .ignored])
        let e = run.events
        #expect(e.map(\.outcome) == [.bounced, .delivered, .deferred, .expired, .deferred, .delivered])
        #expect(e[0].relayHost == "mx01.mail.icloud.com")
        #expect(e[0].relayIP == "17.57.154.6")
        #expect(e[0].status == EnhancedStatus("5.1.1"))
        #expect(e[0].replyCode == 550)
        #expect(e[1].time == Date(timeIntervalSince1970: 1_565_283_731))
        #expect(e[2].time.timeIntervalSince1970 == 1_565_283_731.5)  // milliseconds
        #expect(e[2].relayIP == "17.57.155.25")
        #expect(e[3].time.isoMillis == "2019-08-08T17:02:11.500Z")  // +02:00
        #expect(e[4].replyCode == 421)
        #expect(e[4].time.isoMillis == "2019-08-08T17:02:11.123Z")  // +0000
        #expect(e[5].recipient == "n6@icloud.com")
    }

    @Test("SES through EventBridge (detail wrapper)")
    func sesEventBridge() {
        let line = #"{"version":"0","detail-type":"Email Bounced","source":"aws.ses","time":"2019-08-08T17:02:12Z","detail":{"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General","bouncedRecipients":[{"emailAddress":"eb@icloud.com","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 <eb@icloud.com>: user does not exist"}],"timestamp":"2019-08-08T17:02:11.000Z"},"mail":{"messageId":"m-eb"}}}"#
        let (d, events) = ParseRun.one(JSONLParser(options: options), line)
        #expect(d == .parsed(1))
        #expect(events.first?.recipient == "eb@icloud.com")
        #expect(events.first?.status == EnhancedStatus("5.1.1"))
    }

    @Test("malformed JSON is rejected", arguments: [
        "{", "{\"event\":}", "{\"a\":1}}", "[1,2", "not json at all", "{\"a\":\"unterminated}",
        "{\"a\":01}", "{\"a\":\"bad \\x escape\"}", "{\"a\":\"raw \u{01} control\"}", "{'a':1}", "{\"a\":1,}",
        "{\"timestamp\":\"2019-08-08T17:02:11Z\",\"event\":\"bounced\",\"recipient\":\"\"}",
        "{\"event\":\"bounced\",\"recipient\":\"x@icloud.com\"}",
    ])
    func rejected(line: String) {
        let (d, events) = ParseRun.one(JSONLParser(options: options), line)
        #expect(events.isEmpty)
        if case .rejected = d {} else { Issue.record("expected rejection, got \(d)") }
    }

    @Test("valid JSON that is not a delivery event is ignored", arguments: [
        "", "{}", "[]", "{\"hello\":\"world\"}", "[1,2,3]",
        "{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"You have chosen to subscribe\"}",
        "{\"eventType\":\"Open\",\"mail\":{},\"open\":{\"timestamp\":\"2019-08-08T17:02:11Z\"}}",
        "{\"RecordType\":\"Click\",\"Recipient\":\"a@b.c\"}",
        "{\"email\":\"a@b.c\",\"timestamp\":1,\"event\":\"processed\"}",
    ])
    func ignored(line: String) {
        #expect(ParseRun.one(JSONLParser(options: options), line).0 == .ignored)
    }

    @Test("10,000 nested brackets are rejected without overflowing the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (d, _) = ParseRun.one(JSONLParser(options: options), deep)
        if case .rejected = d {} else { Issue.record("expected rejection, got \(d)") }
        let deepObject = String(repeating: "{\"a\":", count: 10_000)
        #expect(JSONReader.parse(deepObject) == nil)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(JSONReader.parse(ok) != nil)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(JSONReader.parse(tooDeep) == nil)
    }

    @Test("string escapes, surrogate pairs and invalid UTF-8")
    func strings() {
        #expect(JSONReader.parse(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00"]"#) == .array([.string("a\"b\\c/d\n\té😀")]))
        #expect(JSONReader.parse(#"["lone \ud800 x"]"#) == .array([.string("lone \u{FFFD} x")]))
        #expect(JSONReader.parse(#"["\udc00\ud800\u0041"]"#) == .array([.string("\u{FFFD}\u{FFFD}A")]))
        #expect(JSONReader.parse(#"[-0.5e2, 12, 1E3, 4323372036854775807, true, false, null]"#)
            == .array([.number(-50), .number(12), .number(1000), .number(4_323_372_036_854_775_808), .bool(true), .bool(false), .null]))
        var line = Array(#"{"timestamp":1565283731,"event":"bounced","recipient":"x@icloud.com","diagnostic":"550 5.1.1 "#.utf8)
        line += [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80]
        line += Array(#" gone"}"#.utf8)
        var parser = JSONLParser(options: options)
        let run = ParseRun.run(&parser, lines: [line])
        #expect(run.dispositions == [.parsed(1)])
        #expect(run.events.first?.diagnostic.hasPrefix("550 5.1.1 \u{FFFD}") == true)
        #expect(run.events.first?.status == EnhancedStatus("5.1.1"))
    }

    @Test("every truncation of every real line is parsed, ignored or rejected without crashing")
    func truncations() {
        var count = 0
        for name in ["ses.jsonl", "sendgrid.jsonl", "mailgun.jsonl", "postmark.jsonl", "kumo.jsonl", "neutral.jsonl"] {
            for line in ParseRun.fixtureLines("jsonl/\(name)") {
                ParseRun.everyTruncation(of: line) { cut in
                    var parser = JSONLParser(options: options)
                    let run = ParseRun.run(&parser, lines: [cut])
                    // A cut line is never a complete object unless nothing was cut.
                    if cut.count < line.count - 1, case .parsed = run.dispositions[0] {
                        Issue.record("truncated line parsed: \(String(decoding: cut, as: UTF8.self))")
                    }
                    count += 1
                }
            }
        }
        #expect(count > 5000)
    }

    @Test("ISO 8601 timestamps on bytes", arguments: [
        ("2019-11-05T16:33:54.9070259Z", 1_572_971_634.907),
        ("2021-01-18T15:03:56.000Z", 1_610_982_236.0),
        ("2019-08-08T19:02:11+02:00", 1_565_283_731.0),
        ("2019-08-08T13:02:11-0400", 1_565_283_731.0),
        ("2019-08-08 17:02:11+0000", 1_565_283_731.0),
        ("2019-08-08 17:02:11 +0000", 1_565_283_731.0),
        ("2019-08-08T17:02:11,5Z", 1_565_283_731.5),
        ("2019-08-08T17:02Z", 1_565_283_720.0),
    ] as [(String, Double)])
    func iso(text: String, expected: Double) {
        var s = text
        let civil = s.withUTF8 { TimestampBytes.parseCivil($0[...]) }
        #expect(civil?.utcSeconds.map { abs($0 - expected) < 0.001 } == true)
    }

    @Test("bad ISO 8601 timestamps", arguments: [
        "2019-13-08T17:02:11Z", "2019-02-30T17:02:11Z", "2019-08-08T25:02:11Z", "2019-08-08T17:02:11.Z",
        "2019-08-08T17:02:11Zjunk", "2019-08-08", "2019-08-08T17:02:11+2", "",
    ])
    func badISO(text: String) {
        var s = text
        #expect(s.withUTF8 { TimestampBytes.parseCivil($0[...]) } == nil)
    }
}
