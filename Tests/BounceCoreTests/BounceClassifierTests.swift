import Testing
@testable import BounceCore

extension ClassifierRule.Sample: CustomTestStringConvertible {
    public var testDescription: String { description }
}

@Suite("BounceClassifier")
struct BounceClassifierTests {
    let classifier = BounceClassifier()

    // MARK: - The table checks itself

    /// Every sample line of every built-in rule classifies as that rule says (README.md, "Reasons").
    @Test(arguments: ClassifierRule.allSamples)
    func sample(_ s: ClassifierRule.Sample) {
        let v = classifier.classify(s.text)
        #expect(v.reason == s.rule.reason, "rule \(v.rule) decided")
        #expect(v.scope == (s.rule.scope ?? s.rule.reason.scope))
        if let hard = s.rule.hard { #expect(v.hard == hard) }
    }

    @Test func atLeastTwoHundredDistinctSamples() {
        // Over the raw table: `allSamples` drops repeats, so a check on it could never fail.
        let texts = ClassifierRule.builtIn.flatMap(\.samples)
        let repeated = Dictionary(grouping: texts, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "sample lines carried twice: \(repeated)")
        let samples = ClassifierRule.allSamples
        #expect(samples.count == texts.count)
        #expect(samples.count >= 200, "only \(samples.count) samples")
    }

    @Test func tableIsWellFormed() {
        let rules = ClassifierRule.builtIn
        #expect(Set(rules.map(\.id)).count == rules.count, "rule ids are unique")
        for r in rules {
            #expect(!r.samples.isEmpty, "\(r.id) has no samples")
            #expect(r.hasText || !r.codes.isEmpty || !r.replies.isEmpty, "\(r.id) matches everything")
            for p in r.phrases + r.allOf.flatMap({ $0 }) {
                #expect(!DiagnosticText.normalized(p).isEmpty, "\(r.id): empty phrase")
            }
        }
        // Code rules are code-only: text would make a specific code depend on wording.
        for r in rules where r.stage == .code { #expect(!r.hasText && !r.codes.isEmpty, "\(r.id)") }
    }

    @Test func customRules() {
        let c = BounceClassifier(rules: [
            ClassifierRule("mine", .spamContent, phrases: ["Zorglub"]),
            ClassifierRule("mine-fallback", .policyBlocked, stage: .fallback, codes: ["x.7.*"]),
        ])
        #expect(c.classify("550 5.7.1 ZORGLUB detected").rule == "mine")
        #expect(c.classify("550 5.7.1 whatever").reason == .policyBlocked)
        #expect(c.classify("550 5.1.1 no such user").reason == .other)
        #expect(c.rules.count == 2)
    }

    // MARK: - Codes in free text

    @Test(arguments: [
        ("550 5.1.1 <x@icloud.com>: user does not exist", 550, "5.1.1"),
        ("550-5.1.1 The email account that you tried to reach does not exist.", 550, "5.1.1"),
        ("smtp; 550 5.1.1 <x@icloud.com>: user does not exist", 550, "5.1.1"),
        ("host mx01.mail.icloud.com[17.57.154.6] said: 554 5.7.1 [CS01] Message rejected", 554, "5.7.1"),
        ("550 #5.1.0 Address rejected.", 550, "5.1.0"),
        ("511 sorry, no mailbox here by that name (#5.1.1 - chkuser)", 511, "5.1.1"),
        ("Diagnostic-Code: smtp;550 5.7.0 Blocked", 550, "5.7.0"),
        ("421-4.7.0 Try again later", 421, "4.7.0"),
        ("SMTP error from remote mail server after RCPT TO:<a@b.c>: 550-5.1.1 nope", 550, "5.1.1"),
    ] as [(String, Int, String)])
    func codesFromText(_ text: String, _ reply: Int, _ status: String) {
        let v = classifier.classify(text)
        #expect(v.code == reply)
        #expect(v.status == EnhancedStatus(status))
    }

    /// In a multi-exchange diagnostic the refusal decides, not the protocol error after it.
    @Test(arguments: [
        ("550 Unroutable sender address 503-5.5.1 need RCPT command", BounceReason.policyBlocked, 550, nil as String?),
        ("550 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org 503 5.5.1 Error: need RCPT command", .policyBlocked, 550, "5.7.1"),
        ("554 Connection refused by mx.example.jp 421 Service not available, closing transmission channel", .policyBlocked, 554, nil),
        ("550 Requested action not taken: mailbox unavailable 503 5.5.1 Error: need RCPT command", .userUnknown, 550, nil),
        ("550-Sorry, nobody here by that name 550 5.1.1 <x@example.jp>", .userUnknown, 550, "5.1.1"),
        ("503 5.5.1 Error: need RCPT command", .systemError, 503, "5.5.1"),
    ] as [(String, BounceReason, Int, String?)])
    func firstMeaningfulReplyDecides(_ text: String, _ reason: BounceReason, _ reply: Int, _ status: String?) {
        let v = classifier.classify(text)
        #expect(v.reason == reason, "rule \(v.rule) decided")
        #expect(v.code == reply)
        // The code after a later, different reply is never taken; a continuation line's is.
        #expect(v.status == status.flatMap { EnhancedStatus($0) })
    }

    @Test(arguments: [
        ("#5.1.1", "5.1.1"),
        ("5.1.1 alone", "5.1.1"),
        ("Status: 4.4.7", "4.4.7"),
        ("status=bounced dsn=5.4.4", "5.4.4"),
    ])
    func enhancedCodeWithoutReply(_ text: String, _ status: String) {
        let v = classifier.classify(text)
        #expect(v.status == EnhancedStatus(status))
        #expect(v.code == nil)
    }

    /// IPs, IPv6, versions, dates, ports, `key=value` numbers and Yahoo's `4.16.55.1` are not codes.
    @Test(arguments: [
        "connect to mx01.mail.icloud.com[17.57.154.6]:25: Connection timed out",
        "connect to mx.example.com[5.1.1.3]:25: Connection refused",
        "iCloud iscream SMTP proxy - p00-iscream-smtp-d759469dd-ss5bd 3.5.0 (2403B23-529c1e05a5df)",
        "relay=mx2.comcast.net[2001:558:fe2d:70::22]:25, delay=0.95, delays=0.04/0/0.46/0.44",
        "2019-08-08T16:00:00Z size=461 nrcpt=1 delay=428 id=20022&&no=1000722",
        "queue id 4A550B23 exim 4.94.2 ofr_506 HT204137 S3150",
        "see 4.16.55.1 and 17.172.34.64",
    ])
    func notCodes(_ text: String) {
        let v = classifier.classify(text)
        #expect(v.code == nil, "reply \(v.code.map(String.init) ?? "")")
        #expect(v.status == nil, "status \(v.status?.description ?? "")")
    }

    @Test func yahooIPAfterRealCode() {
        let v = classifier.classify("421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html")
        #expect(v.status == EnhancedStatus("4.7.0"))
        #expect(v.code == 421)
        #expect(v.reason == .rateLimited)
        #expect(!v.hard)
    }

    /// A full Postfix line: the labelled `dsn=4.7.0` is what Postfix acted on (a deferral).
    @Test func postfixLabelledDsnWinsOverReplyCode() {
        let line = #"Feb  5 17:24:35 mail postfix/smtp[9635]: D298F2C60812: to=<"user 1234 with space"@icloud.com>, relay=mx6.mail.icloud.com[17.178.97.79]:25, delay=428621, delays=428619/0.02/1.9/0, dsn=4.7.0, status=deferred (host mx6.mail.icloud.com[17.178.97.79] refused to talk to me: 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=142.93.169.220)"#
        let v = classifier.classify(line)
        #expect(v.status == EnhancedStatus("4.7.0"))
        #expect(v.code == 550)
        #expect(v.reason == .policyBlocked)
        #expect(v.scope == .sender)
        #expect(!v.hard)
    }

    // MARK: - Parser fields win

    @Test func parserFieldsWinOverTextCodes() {
        let v = classifier.classify(diagnostic: "550 5.1.1 <x@icloud.com>: user does not exist",
                                    status: EnhancedStatus("4.2.2"), replyCode: 452)
        #expect(v.status == EnhancedStatus("4.2.2"))
        #expect(v.code == 452)
        #expect(v.reason == .mailboxFull)
        #expect(!v.hard)
    }

    @Test func parserStatusWithReplyFromText() {
        let v = classifier.classify(diagnostic: "host x[192.0.2.1] said: 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.7",
                                    status: EnhancedStatus("4.7.0"), replyCode: nil)
        #expect(v.code == 550)
        #expect(v.status == EnhancedStatus("4.7.0"))
        #expect(v.reason == .policyBlocked)
        #expect(!v.hard)
    }

    @Test func parserReplyOnly() {
        let v = classifier.classify(diagnostic: "Service refused", status: nil, replyCode: 554)
        #expect(v.code == 554 && v.status == nil && v.hard)
    }

    @Test func hardFollowsCodes() {
        #expect(classifier.classify("550 no such user here").hard)
        #expect(!classifier.classify("450 4.2.1 Mailbox temporarily unavailable").hard)
        #expect(!classifier.classify("Connection timed out").hard)
        #expect(classifier.classify("Status: 5.1.1").hard)
    }

    // MARK: - Vendor labels are not inputs (listmonk#1463)

    @Test func sesTransientInvalidDomainIsHardHostUnknown() {
        // SES said bounceType=Transient; we only look at status and diagnosticCode.
        let v = classifier.classify(diagnostic: "smtp; 550 5.4.4 Invalid domain", status: EnhancedStatus("5.4.4"), replyCode: nil)
        #expect(v.reason == .hostUnknown)
        #expect(v.scope == .address)
        #expect(v.hard)
        #expect(v.code == 550)
    }

    // MARK: - Apple's bounce catalogue, row by row

    @Test(arguments: [
        ("550 5.1.1 <x@icloud.com>: user does not exist", BounceReason.userUnknown, true),
        ("550 5.1.1 <x@icloud.com>: inactive email address (in reply to RCPT TO command)", .userUnknown, true),
        ("550 5.1.1 unknown or illegal alias: x@icloud.com", .userUnknown, true),
        ("550 5.1.6 recipient no longer on server: x@icloud.com", .userUnknown, true),
        ("550 5.1.6 user no longer on system:a@icloud.com", .userUnknown, true),
        ("552 5.2.2 <x@icloud.com>: user is over quota (in reply to RCPT TO command)", .mailboxFull, true),
        ("450 4.2.2 user is overquota", .mailboxFull, false),
        ("452 4.2.2 user is overquota", .mailboxFull, false),
        ("421 4.7.1 Messages to x@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", .rateLimited, false),
        ("451 4.7.1 Service unavailable - try again later", .systemError, false),
        ("host mx02.mail.icloud.com[17.57.152.5] said: 503 5.5.1 Error: need MAIL command (in reply to RCPT TO command)", .systemError, true),
        ("421 4.7.0 me.com Error: too many errors", .systemError, false),
        ("452 try later", .rateLimited, false),
        ("550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.7", .policyBlocked, true),
        ("550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/", .policyBlocked, true),
        ("550 5.7.1 Mail from IP 192.0.2.7 was rejected due to listing in Spamhaus SBL/PBL", .policyBlocked, true),
        ("554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", .policyBlocked, true),
        ("554 5.7.1 [CS02] Message rejected due to local policy", .policyBlocked, true),
        ("554 5.7.1 [HM08] Message rejected due to local policy", .policyBlocked, true),
        ("554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks", .authFailure, true),
        ("554 5.7.1 Your message was rejected due to example.jp's DMARC policy", .authFailure, true),
        ("554 ****-smtpin001.me.com ESMTP not accepting connections", .policyBlocked, true),
        ("550 5.7.1 Relay not permitted", .mailboxDisabled, true),
    ] as [(String, BounceReason, Bool)])
    func appleCatalogue(_ text: String, _ reason: BounceReason, _ hard: Bool) {
        let v = classifier.classify(text)
        #expect(v.reason == reason, "rule \(v.rule)")
        #expect(v.hard == hard)
    }

    // MARK: - Misclassification complaints from public bug reports

    @Test func orangeSpamBlockIsNotUserUnknown() { // p5-sisimai#189
        let v = classifier.classify("550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]")
        #expect(v.reason == .policyBlocked)
        #expect(v.scope == .sender)
    }

    @Test func microsoftS3150IsNotUserUnknown() { // mautic#9222
        let v = classifier.classify("550 5.7.1 Unfortunately, messages from [192.0.2.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).")
        #expect(v.reason == .policyBlocked)
        #expect(v.scope == .sender)
    }

    @Test func senderRejectedIsNotUserUnknown() { // p5-sisimai#395
        for text in ["550 5.1.0 <bounce@example.org> sender rejected",
                     "550 5.1.0 <bounce@example.org>: Sender address rejected: Domain not found",
                     "553 5.1.8 <bounce@example.org>... Domain of sender address bounce@example.org does not exist"] {
            let v = classifier.classify(text)
            #expect(v.reason == .policyBlocked, "\(text) → \(v.rule)")
            #expect(v.scope == .sender)
        }
    }

    @Test func gmailLowReputationIsNotABounce() { // postal#60
        let v = classifier.classify("550-5.7.1 [192.0.2.7] Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address.")
        #expect(v.reason == .policyBlocked)
        #expect(v.scope == .sender)
    }

    @Test func qqRateLimitAs5xxStaysRateLimited() { // real Postfix logs
        let v = classifier.classify(diagnostic: "host mx2.QQ.com[184.105.206.86] said: 550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722 (in reply to MAIL FROM command)",
                                    status: EnhancedStatus("5.0.0"), replyCode: nil)
        #expect(v.reason == .rateLimited)
        #expect(v.scope == .sender)
        #expect(v.hard)
    }

    @Test func appleProtocolDesyncIsNotAddressScope() { // mailcow#6486
        let v = classifier.classify(diagnostic: "host mx02.mail.icloud.com[17.57.152.5] said: 503 5.5.1 Error: need MAIL command (in reply to RCPT TO command)",
                                    status: EnhancedStatus("5.5.1"), replyCode: 503)
        #expect(v.reason == .systemError)
        #expect(v.scope == .message)
    }

    @Test func expiredWithLastErrorCode() { // Notifuse#323
        let v = classifier.classify(diagnostic: "smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.0 Unable to connect>",
                                    status: EnhancedStatus("4.4.7"), replyCode: nil)
        #expect(v.reason == .expired)
    }

    // MARK: - Normalisation

    @Test(arguments: [
        ("552 5.2.2 BOÎTE PLEINE", BounceReason.mailboxFull),
        ("550 ПОЛЬЗОВАТЕЛЬ НЕ НАЙДЕН", .userUnknown),
        ("550 EMPFÄNGER UNBEKANNT", .userUnknown),
        ("550 Usuario Desconocido", .userUnknown),
        ("554 5.7.1 [CS01] Message rejected due to\n    local policy.", .policyBlocked),
        ("550 user\t\tdoes   not\r\n exist", .userUnknown),
        ("550 This user doesn\u{2019}t have a yahoo.com account", .userUnknown),
    ] as [(String, BounceReason)])
    func normalisation(_ text: String, _ reason: BounceReason) {
        #expect(classifier.classify(text).reason == reason)
    }

    @Test func emptyAndGarbage() {
        #expect(classifier.classify("").reason == .other)
        #expect(classifier.classify("\u{1}\u{2}\u{FFFD}\u{0}").reason == .other)
        let v = classifier.classify(String(repeating: "x", count: 100_000) + " no such user")
        #expect(v.reason == .userUnknown)
    }
}
