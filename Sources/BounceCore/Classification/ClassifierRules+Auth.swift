// Authentication failures (SPF, DKIM, DMARC, Apple [HME1]): sender scope.
// Sources: Apple's bounce catalogue (Sisimai Rhost::Apple); Gmail SMTP error reference
// and sender guidelines (5.7.26, 4.7.26, 4.7.30); Yahoo Sender Hub (5.7.9 unauthenticated);
// Microsoft Exchange Online 5.7.509/5.7.515/5.7.23; postfix-policyd-spf-python; RFC 7372.

extension ClassifierRule {
    static let authRules: [ClassifierRule] = [
        // The receiving side says our authentication failed (sisimai's "securityerror"). Not the
        // Exchange group restriction `SenderNotAuthenticatedForGroup` (policy, see +Codes).
        ClassifierRule("authentication-failure", .authFailure, stage: .override,
                       phrases: ["authentication failure", "resolver.rst.authrequired", "authentication failed",
                                 "you don't authenticate or the domain isn't in my list"],
                       samples: [
                           "570 5.7.0 Authentication failure", // Sisimai test text
                           "#550 5.7.1 RESOLVER.RST.AuthRequired; authentication required ##rfc822;neko-nyaan@cat.example.jp", // Exchange
                           "535 5.7.8 Error: authentication failed: authentication failure", // Postfix SASL
                           "553 sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts (#5.7.1)", // qmail-smtpd
                       ]),
        // Listed first among overrides: an SPF/DKIM/DMARC explanation names the cause even when the
        // text also says "blocked" or "policy".
        ClassifierRule("apple-hme1", .authFailure, stage: .override,
                       phrases: ["[hme1]"],
                       samples: [
                           "554 5.7.1 [HME1] This message was blocked for failing both SPF and DKIM authentication checks.", // Apple (Sisimai)
                       ]),
        ClassifierRule("dmarc", .authFailure, stage: .override,
                       phrases: ["dmarc"],
                       samples: [
                           "554 5.7.1 Your message was rejected due to example.jp's DMARC policy. See https://support.apple.com/en-us/HT204137", // Apple (Sisimai, smtp.codes)
                           "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain if this was a legitimate mail.", // Gmail
                           "550 5.7.509 Access denied, sending domain [example.com] does not pass DMARC verification and has a DMARC policy of reject.", // Exchange Online
                           "550 5.7.1 Email rejected per DMARC policy for example.com", // generic
                           "554 5.7.5 Permanent error evaluating DMARC policy", // generic
                           "550 Message was not accepted -- DMARC policy violation", // mail.ru-style
                       ]),
        ClassifierRule("spf", .authFailure, stage: .override,
                       phrases: ["spf ", "spf:", "spf=", "spf check", "spf fail", "spf record", "sender policy framework",
                                 "openspf", "spf validation", "(spf)", "spf,", "spf."],
                       samples: [
                           "550 5.7.23 <x@example.com>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=bounce@example.org;ip=192.0.2.7;r=x@example.com", // postfix-policyd-spf
                           "550 5.7.1 SPF: 192.0.2.7 is not allowed to send mail from example.org", // Sisimai
                           "550 SPF check failed", // generic
                           "550 5.7.23 The message was rejected because of Sender Policy Framework violation", // Exchange Online
                           "421-4.7.0 [192.0.2.7] This message does not have authentication information or fails to pass authentication checks (SPF or DKIM). To best protect our users from spam, the message has been blocked.", // Gmail
                           "550 5.7.1 Rejected: SPF record not found for example.org", // generic
                       ]),
        ClassifierRule("dkim", .authFailure, stage: .override,
                       phrases: ["dkim", "domainkeys", "unauthenticated", "authentication checks", "authentication level",
                                 "not authenticated", "fails to pass authentication", "anti-spoofing", "spoofed"],
                       samples: [
                           "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM.", // Gmail
                           "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.", // Yahoo
                           "550 5.7.515 Access denied, sending domain [example.com] doesn't meet the required authentication level.", // Exchange Online
                           "550 5.7.1 DKIM signature verification failed", // generic
                           "550 Rejected by header based Anti-Spoofing policy: x@example.com", // Mimecast
                           "421-4.7.26 This mail has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", // Gmail (decision: auth, the cause)
                           "550 5.7.1 Client host rejected: sender not authenticated", // generic
                       ]),
    ]
}
