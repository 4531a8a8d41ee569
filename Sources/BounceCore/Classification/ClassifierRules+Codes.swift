// Enhanced-code rules (RFC 3463, IANA registry, RFC 7372 for 5.7.20–5.7.27) and fallbacks.
// Sources: operator bounce reports, README.md, "Reasons"; sample lines from real Postfix logs, real ESP webhook payloads, Apple's bounce catalogue and the
// Gmail / Exchange Online / Yahoo references cited in the other rule files.
//
// Vague codes — decided by text, then by fallback — are x.0.x, x.1.0 for class 4, x.2.0, x.3.0,
// x.5.0, x.6.x and every x.7.x outside 20–27 (5.7.1 alone can mean policy, auth, spam, relay or
// an unknown user).

extension ClassifierRule {
    /// A specific enhanced code decides (after `override` rules).
    static let codeRules: [ClassifierRule] = [
        ClassifierRule("code-user-unknown", .userUnknown, stage: .code,
                       codes: ["x.1.1", "5.1.0", "x.1.6", "x.1.10", "x.1.3", "x.1.4"],
                       samples: [
                           "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser x4si35533wrd.231 - gsmtp", // real Postfix logs
                           "550 5.1.1 <x@icloud.com>: inactive email address (in reply to RCPT TO command)", // Apple (Sisimai): the code decides
                           "550 5.1.0 Address rejected x@example.com", // AOL-style
                           "550 5.1.6 Recipient addresses in this domain cannot be reached", // generic
                           "553-5.1.3 The recipient address <x@example> is not a valid RFC-5321 address.", // Gmail
                           "450 4.1.1 <x@example.com>: Recipient address rejected: unverified address: host mx.example.com said: 550 5.1.1", // Postfix
                           "Status: 5.1.1", // DSN field alone
                       ]),
        ClassifierRule("code-host-unknown", .hostUnknown, stage: .code,
                       codes: ["x.1.2", "5.4.4"],
                       samples: [
                           "550 5.4.4 Unable to route", // RFC 3463 wording
                           "dsn=5.1.2", // Postfix field alone
                       ]),
        ClassifierRule("code-mailbox-disabled", .mailboxDisabled, stage: .code,
                       codes: ["x.2.1"],
                       samples: [
                           "550 5.2.1 <x@example.com>: Recipient address rejected: mailbox unavailable", // the code decides over "unavailable"
                           "450 4.2.1 Mailbox temporarily unavailable", // RFC 3463: may be transient
                       ]),
        ClassifierRule("code-mailbox-full", .mailboxFull, stage: .code,
                       codes: ["x.2.2"],
                       samples: [
                           "552-5.2.2 The email account that you tried to reach is over quota and inactive.", // Gmail
                           "452 4.2.2 Insufficient space", // generic
                       ]),
        ClassifierRule("code-message-size", .other, stage: .code,
                       codes: ["x.2.3", "x.3.4"],
                       samples: [
                           "552 5.3.4 Error: message file too big", // Postfix
                       ]),
        ClassifierRule("code-auth", .authFailure, stage: .code,
                       codes: ["x.7.20-27"],
                       samples: [
                           "550-5.7.25 [192.0.2.7] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.", // Gmail (RFC 7372: auth)
                           "550 5.7.27 Sender address has null MX", // RFC 7505
                           "550 5.7.20 No passing DKIM signature found", // RFC 7372
                       ]),
        ClassifierRule("code-expired", .expired, stage: .code,
                       codes: ["x.4.7"],
                       samples: [
                           "dsn=4.4.7", // Postfix field alone
                           "Status: 5.4.7 (delivery time expired)", // DSN
                       ]),
        ClassifierRule("code-sender-address", .policyBlocked, stage: .code,
                       codes: ["x.1.7", "x.1.8"],
                       samples: [
                           "553 5.1.8 Sender address domain does not resolve", // generic
                       ]),
        ClassifierRule("code-system", .systemError, stage: .code,
                       codes: ["x.5.1-999", "x.3.1-3", "x.3.5-999", "x.4.1-3", "4.4.4", "x.4.5-6", "x.4.8-999"],
                       samples: [
                           "503 5.5.1 Error: nested MAIL command", // Postfix
                           "501 5.5.2 Syntax error in parameters", // RFC wording
                           "452 4.3.1 Out of memory", // Sendmail
                           "421 4.4.2 mx.example.com Error: timeout exceeded", // Postfix smtpd
                           "451 4.4.1 No answer from host", // RFC 3463 wording
                           "554 5.4.14 Hop count exceeded - possible mail loop ATTR34", // Exchange Online
                           "421 4.3.2 System not accepting network messages", // RFC 3463 wording
                           "554 5.5.1 Error: no valid recipients", // Postfix after all RCPTs failed
                       ]),
    ]

    /// Defaults by class/subject, then by bare reply code.
    static let fallbackRules: [ClassifierRule] = [
        ClassifierRule("fallback-addressing", .userUnknown, stage: .fallback, codes: ["x.1.*"],
                       samples: ["550 5.1.9 Message relayed to non-compliant mailer"]),
        // x.2.0 ("other mailbox status", Orange's spam block) and x.2.4 (list expansion) say nothing
        // reliable about the mailbox: `other`, message scope — never a reason to suppress.
        ClassifierRule("fallback-mailbox-other", .other, stage: .fallback, codes: ["x.2.*"],
                       samples: ["550 5.2.0 Mailbox status unknown", "550 5.2.4 Mailing list expansion problem"]),
        ClassifierRule("fallback-system", .systemError, stage: .fallback, codes: ["x.3.*", "x.4.*", "x.5.*"],
                       samples: ["451 4.3.0 Mail server temporarily rejected message", "451 4.4.0 Primary target IP address responded with: 421 4.4.2",
                                 "550 5.5.0 Requested action not taken"]),
        ClassifierRule("fallback-content", .other, stage: .fallback, codes: ["x.6.*"],
                       samples: ["554 5.6.0 Message headers malformed", "550 5.6.1 Media not supported"]),
        ClassifierRule("fallback-policy", .policyBlocked, stage: .fallback, codes: ["x.7.*"],
                       samples: ["550 5.7.1 Delivery not authorized, message refused", "450 4.7.1 Try again",
                                 "550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required"]),
        ClassifierRule("fallback-reply-system", .systemError, stage: .fallback,
                       replies: [421, 451, 452, 454, 500, 501, 502, 503, 504],
                       samples: ["421 mx.example.com closing connection", "451 Error processing message"]),
    ]
}
