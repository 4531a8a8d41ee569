import Foundation
import Testing

/// The CLI output is a contract (README.md, "Command line"): field names and exact counts that scripts and dashboards rely on.
@Suite struct ContractTests {
    static let mixedLog = """
    Aug  8 16:00:01 mta1 postfix/smtpd[100]: connect from app1.example.net[198.51.100.7]
    Aug  8 16:00:02 mta1 postfix/smtp[201]: A1B2C3D4E1: to=<ann@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1.1, delays=0.1/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1A2B3C)
    Aug  8 16:00:03 mta1 postfix/smtp[201]: A1B2C3D4E2: to=<bob@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1.1, delays=0.1/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1A2B3D)
    Aug  8 16:00:04 mta1 postfix/smtp[201]: A1B2C3D4E3: to=<cyd@icloud.com>, relay=mx02.mail.icloud.com[17.57.155.25]:25, delay=1.1, delays=0.1/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1A2B3E)
    Aug  8 16:01:05 mta1 postfix/smtp[202]: A1B2C3D4E4: to=<gone@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <gone@icloud.com>: user does not exist (in reply to RCPT TO command))
    Aug  8 16:01:06 mta1 postfix-out/smtp[203]: A1B2C3D4E5: to=<lee@kyuhyuk.kr>, relay=mx02.mail.icloud.com[17.57.155.34]:25, delay=2, delays=0.1/0/1/0.9, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9F)
    Aug  8 16:01:07 mta1 postfix-out/smtp[203]: A1B2C3D4E6: to=<kim@kyuhyuk.kr>, relay=mx02.mail.icloud.com[17.57.155.34]:25, delay=2, delays=0.1/0/1/0.9, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as A0)
    Aug  8 16:01:08 mta1 postfix-out/smtp[203]: A1B2C3D4E7: to=<lee2@kyuhyuk.kr>, relay=mx02.mail.icloud.com[17.57.155.34]:25, delay=2, delays=0.1/0/1/0.9, dsn=5.7.1, status=bounced (host mx02.mail.icloud.com[17.57.155.34] said: 554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137 (in reply to end of DATA command))
    Aug  8 16:02:01 mta1 postfix/smtp[204]: B1B2C3D4E1: to=<dan@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK  1565280121 x4si35533wrd.231 - gsmtp)
    Aug  8 16:02:02 mta1 postfix/smtp[204]: B1B2C3D4E2: to=<eve@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK  1565280122 x4si35533wrd.232 - gsmtp)
    Aug  8 16:02:03 mta1 postfix/smtp[204]: B1B2C3D4E3: to=<fay@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=4.7.0, status=deferred (host gmail-smtp-in.l.google.com[74.125.133.26] said: 421-4.7.0 Try again later, closing connection. 421 4.7.0 (EHLO) x4si35533wrd.233 - gsmtp (in reply to end of DATA command))
    Aug  8 16:02:04 mta1 postfix/smtp[204]: B1B2C3D4E4: to=<www.xx@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.133.26]:25, delay=123, delays=0.71/123/0.03/0.02, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[74.125.133.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp (in reply to RCPT TO command))
    Aug  8 16:03:00 mta1 postfix-10.20.30.40/smtp[3022]: 0C31D3D1E6: to=<redacted@aol.com>, relay=mx-aol.mail.gm0.yahoodns.net[11.22.33.44]:25, delay=18910, delays=18900/8.9/0.69/0.03, dsn=4.7.0, status=deferred (host mx-aol.mail.gm0.yahoodns.net[11.22.33.44] said: 421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html (in reply to MAIL FROM command))
    Aug  8 16:03:01 mta1 postfix/smtp[205]: C1C2C3C4C5: to=<slow@example.org>, relay=mail.example.org[2001:db8::25]:25, delay=5, delays=0.1/0/4/0.9, dsn=4.4.2, status=deferred (lost connection with mail.example.org[2001:db8::25] while receiving the initial server greeting)
    Aug  8 16:04:00 mta1 postfix/qmgr[812]: C1C2C3C4C5: from=<news@example.net>, status=expired, returned to sender
    Aug  8 16:04:01 mta1 postfix/qmgr[812]: C1C2C3C4C5: removed
    Jul 12 07:47:48 mta1 postfix/smtpd[8738]: NOQUEUE: reject: RCPT from 1-2-3-4-example.com[1.2.3.4]: 554 5.7.1 <smtp@example.com>: Relay access denied; from=<john@example.com> to=<smtp@example.org> proto=SMTP helo=<198.51.100.17>
    Aug  8 16:05:00 mta1 postfix/cleanup[300]: D1D2D3D4D5: message-id=<x@example.net>
    Aug  8 16:05:01 mta1 postfix/smtp[206]: D1D2D3D4D6: to=<broken@icloud.com, relay=mx01.mail.icloud.com[17.57.154.6]:25, dsn=2.0.0, status=sent
    """

    func ingestMixed() throws -> (CLIRunner, [String: Any]) {
        let cli = CLIRunner()
        let log = cli.file("mixed.log", Self.mixedLog + "\n")
        let r = try cli.run(["ingest", log])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try CLIRunner.json(try cli.run(["report", "--json"]).stdout) as? [String: Any])
        return (cli, report)
    }

    @Test func reportJSONHasExactCountsPerProviderAndDomain() throws {
        let (_, report) = try ingestMixed()
        #expect(Array(report.keys).sorted() == ["domains", "from", "incidents", "providers", "queue", "to", "totals"])
        let totals = try #require(report["totals"] as? [String: Int])
        #expect(totals["attempts"] == 14 && totals["delivered"] == 7 && totals["deferred"] == 3 && totals["bounced"] == 4)
        #expect(totals["rejected_lines"] == 1)
        let providers = try #require(report["providers"] as? [[String: Any]])
        func p(_ name: String) -> [String: Any]? { providers.first { $0["provider"] as? String == name } }
        let apple = try #require(p("apple"))
        #expect(apple["attempts"] as? Int == 7 && apple["delivered"] as? Int == 5 && apple["bounced"] as? Int == 2 && apple["deferred"] as? Int == 0)
        #expect((apple["bounce_rate"] as? Double).map { abs($0 - 2.0 / 7.0) < 1e-6 } == true)
        #expect(apple["reasons"] as? [String: Int] == ["user-unknown": 1, "policy-blocked": 1])
        let google = try #require(p("google"))
        #expect(google["delivered"] as? Int == 2 && google["deferred"] as? Int == 1 && google["bounced"] as? Int == 1)
        #expect((google["deferral_rate"] as? Double).map { abs($0 - 0.25) < 1e-6 } == true)
        #expect(p("yahoo")?["deferred"] as? Int == 1)
        let other = try #require(p("other"))
        #expect(other["deferred"] as? Int == 1 && other["bounced"] as? Int == 1)
        #expect(other["reasons"] as? [String: Int] == ["expired": 1])
        let domains = try #require(report["domains"] as? [[String: Any]])
        let hosted = try #require(domains.first { $0["domain"] as? String == "kyuhyuk.kr" })
        #expect(hosted["provider"] as? String == "apple", "an iCloud-hosted custom domain is Apple")
        #expect(hosted["attempts"] as? Int == 3 && hosted["bounced"] as? Int == 1)
        let icloud = try #require(domains.first { $0["domain"] as? String == "icloud.com" })
        #expect(icloud["delivered"] as? Int == 3 && icloud["bounced"] as? Int == 1)
        for key in ["domain", "provider", "attempts", "delivered", "deferred", "bounced", "bounce_rate", "deferral_rate", "reasons"] {
            #expect(hosted[key] != nil, "domain rows carry \(key)")
        }
        #expect(report["queue"] as? [String: Int] == ["held": 0, "released": 0, "suppressed": 2, "expired": 0])
        #expect(report["from"] as? String == "2019-08-08T16:00:00Z" || (report["from"] as? String)?.hasSuffix("T16:00:00Z") == true)
    }

    @Test func queueIncidentsTimelineAndExportShapes() throws {
        let (cli, _) = try ingestMixed()
        let list = try #require(try CLIRunner.json(try cli.run(["queue", "list", "--state", "all", "--json"]).stdout) as? [[String: Any]])
        #expect(list.count == 2)
        let keys = ["address", "domain", "provider", "state", "reason", "status", "last_reply", "first_bounce_at", "last_bounce_at",
                    "bounces", "last_delivered_at", "incident_id", "updated_by", "updated_at"]
        for item in list { #expect(Set(item.keys) == Set(keys)) }
        let gone = try #require(list.first { $0["address"] as? String == "gone@icloud.com" })
        #expect(gone["state"] as? String == "suppressed" && gone["reason"] as? String == "user-unknown" && gone["status"] as? String == "5.1.1")

        // Release with a note, then the audit and timeline reflect it.
        let rel = try cli.run(["queue", "release", "gone@icloud.com", "www.xx@gmail.com", "--note", "Apple confirmed", "--operator", "ann"])
        #expect(rel.status == 0 && rel.stdout.contains("released 2"), "\(rel.stderr)")
        let again = try cli.run(["queue", "release", "gone@icloud.com"])
        #expect(again.status == 1 && again.stderr.contains("already released"))
        let note = try cli.run(["note", "--kind", "postmaster-contact", "emailed", "icloudadmin@apple.com"])
        #expect(note.status == 0)
        let timeline = try #require(try CLIRunner.json(try cli.run(["timeline", "--json"]).stdout) as? [[String: Any]])
        #expect(timeline.map { $0["text"] as? String } == ["released 2 addresses — Apple confirmed", "emailed icloudadmin@apple.com"])
        #expect(timeline.first?["by"] as? String == "ann" && timeline.last?["kind"] as? String == "postmaster-contact")
        let incidents = try CLIRunner.json(try cli.run(["incidents", "--json"]).stdout) as? [Any]
        #expect(incidents?.isEmpty == true)
        let md = try cli.run(["timeline", "--markdown"]).stdout
        #expect(md.contains("# bouncewatch post-mortem") && md.contains("released 2 addresses") && md.contains("- released: 2"))
        let csv = try cli.run(["export", "released"]).stdout.split(separator: "\n")
        #expect(csv.first == "address,domain,provider,state,reason,status,last_reply,first_bounce_at,last_bounce_at,bounces,last_delivered_at,incident_id,updated_by,updated_at")
        #expect(csv.count == 3)
    }

    @Test func classifyJSONIsOneVerdictPerLine() throws {
        let input = "550 5.1.1 <x@icloud.com>: user does not exist\n452 4.2.2 user is overquota\n\n554 5.7.1 [CS01] Message rejected due to local policy\nconnect to mx.example.com[192.0.2.1]:25: Connection timed out\n"
        let out = try CLIRunner().run(["classify", "--json"], stdin: input, db: false)
        #expect(out.status == 0)
        let rows = try out.lines.map { try #require(try CLIRunner.json($0) as? [String: Any]) }
        #expect(rows.count == 4)
        #expect(Set(rows[0].keys) == ["input", "reason", "scope", "hard", "status", "code"])
        #expect(rows[0]["reason"] as? String == "user-unknown" && rows[0]["scope"] as? String == "address" && rows[0]["hard"] as? Bool == true)
        #expect(rows[0]["status"] as? String == "5.1.1" && rows[0]["code"] as? Int == 550)
        #expect(rows[1]["reason"] as? String == "mailbox-full" && rows[1]["hard"] as? Bool == false)
        #expect(rows[2]["reason"] as? String == "policy-blocked" && rows[2]["scope"] as? String == "sender")
        #expect(rows[3]["status"] is NSNull && rows[3]["code"] is NSNull)
    }
}
