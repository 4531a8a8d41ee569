import BounceCore
import Foundation
import Testing

/// The Postfix change of `mitigation --mta postfix`: which domains it routes, and what its
/// status filter does to real Apple replies. The filter line is run here through
/// NSRegularExpression with the table's `if !/…/` guard applied by hand; scripts/check-mitigation.sh
/// runs the same files through the real `postmap` and `postconf` in .ci/run.
@Suite struct PostfixMitigationTests {
    let apple = ProviderCatalog.builtIn.first { $0.name == Provider.appleName }!

    func change(seen: [String] = ["studio-aurora.de"]) throws -> PostfixMitigation {
        try #require(PostfixMitigation(scope: MitigationScope(incidentID: 7, provider: apple, seen: seen)))
    }

    /// What Postfix would log instead of `input`, or nil when the table leaves it as it is.
    func filtered(_ input: String, by m: PostfixMitigation) throws -> String? {
        let table = try #require(m.files.first { $0.name == "dsn_filter.pcre" }).text
        let rules = table.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rules.first == "if !/\\[[A-Z]{2,4}[0-9]{1,3}\\]/" && rules.last == "endif" && rules.count == 3)
        let guardRE = try NSRegularExpression(pattern: "\\[[A-Z]{2,4}[0-9]{1,3}\\]", options: .caseInsensitive)
        let whole = NSRange(input.startIndex..., in: input)
        if guardRE.firstMatch(in: input, range: whole) != nil { return nil }
        let rule = rules[1].split(separator: "\t")
        #expect(rule.count == 2 && rule[1] == "4.$1$2")
        let body = String(rule[0].dropFirst().dropLast())   // /…/
        let re = try NSRegularExpression(pattern: body, options: .caseInsensitive)
        guard let match = re.firstMatch(in: input, range: whole) else { return nil }
        return re.replacementString(for: match, in: input, offset: 0, template: "4.$1$2")
    }

    @Test func appleAddressScopeRejectionsBecomeDeferralsAndPolicyStaysPermanent() throws {
        let m = try change()
        let unknown = "5.1.1 host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <a@icloud.com>: user does not exist (in reply to RCPT TO command)"
        let full = "5.2.2 host mx6.mail.icloud.com[17.178.97.79] said: 552 5.2.2 <b@me.com>: user is overquota (in reply to RCPT TO command)"
        #expect(try filtered(unknown, by: m) == "4" + unknown.dropFirst())
        #expect(try filtered(full, by: m) == "4" + full.dropFirst())
        for permanent in [
            "5.7.1 host mx01.mail.icloud.com[17.57.154.6] said: 554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)",
            "5.7.1 host mx02.mail.icloud.com[17.57.152.7] said: 554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks (in reply to end of DATA command)",
            // A bracketed policy code wins even under an address-scope status.
            "5.1.1 host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 [HM08] Message rejected (in reply to RCPT TO command)",
            // Not Apple's host (a misrouted domain): its 5.1.1 is real.
            "5.1.1 host gmail-smtp-in.l.google.com[142.250.102.26] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command)",
            // Postfix's own verdict, no remote reply: never softened.
            "5.1.1 <c@icloud.com>: unknown user",
            "5.4.4 Host or domain name not found. Name service error for name=icloud.com type=MX: Host not found",
        ] {
            #expect(try filtered(permanent, by: m) == nil, "\(permanent)")
        }
    }

    @Test func transportRoutesTheConsumerDomainsAndTheIncidentsOwnAndNothingForged() throws {
        let m = try change(seen: ["Studio-Aurora.de", "kwan.family", "evil.com\n/.*/ 4.0.0", "a b.com", "-x.com", "localhost", "icloud.com"])
        #expect(m.scope.domains == ["icloud.com", "kwan.family", "mac.com", "me.com", "privaterelay.appleid.com", "studio-aurora.de"])
        #expect(m.scope.skipped.count == 4)
        let table = try #require(m.files.first { $0.name == "transport" }).text
        let rows = table.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { $0[0] } == m.scope.domains)
        #expect(rows.allSatisfy { $0.count == 2 && $0[1] == "bouncewatch-apple:" })
        #expect(try #require(m.files.first { $0.name == "README" }).text.contains("Left out: 4 domain(s)"))
    }

    @Test func filesPointAtTheInstallDirectoryAndTheUndoRemovesWhatApplyAdded() throws {
        let m = try #require(PostfixMitigation(scope: MitigationScope(incidentID: 3, provider: apple, seen: []), installDir: "/srv/pf/bw/"))
        #expect(m.files.map(\.name) == PostfixMitigation.fileNames)
        let text = Dictionary(uniqueKeysWithValues: m.files.map { ($0.name, $0.text) })
        #expect(text["main.cf.append"]!.contains("\ntransport_maps = hash:/srv/pf/bw/transport\n"))
        #expect(text["master.cf.append"]!.contains("\nbouncewatch-apple unix  -       -       n       -       -       smtp\n  -o smtp_delivery_status_filter=pcre:/srv/pf/bw/dsn_filter.pcre\n"))
        let readme = text["README"]!
        #expect(readme.contains("postmap /srv/pf/bw/transport") && readme.contains("postconf -MX bouncewatch-apple/unix"))
        #expect(readme.contains("incident #3 (apple)"))
        // Paths main.cf or master.cf would split or expand are refused.
        for bad in ["relative/dir", "/etc/post fix", "/etc/a,b", "/etc/$x", "/"] {
            #expect(PostfixMitigation(scope: m.scope, installDir: bad) == nil, "\(bad)")
        }
    }

    @Test func otherMTAsAreToldWhatTheirOptionsAllowAndGetNoFiles() {
        let scope = MitigationScope(incidentID: 2, provider: apple, seen: [])
        #expect(MTAKind.postfix.guidance(scope: scope) == nil)
        let exim = MTAKind.exim.guidance(scope: scope) ?? ""
        #expect(exim.contains("no change can soften") && exim.contains("event_action") && exim.contains("--incident 2"))
        let pmta = MTAKind.powermta.guidance(scope: scope) ?? ""
        #expect(pmta.contains("do not turn a remote 5xx") && pmta.contains("mode=backoff"))
    }
}
