// System, connection, expiry and message-size rules.
// Sources: FIELD-NOTES §1.1 (Postfix lines), §1.2 (Exim), §1.6 (Apple), §3 (mailcow#6486);
// Postfix smtp(8)/qmgr(8) message texts; Exim spec ch. "Retry configuration"; qmail-send;
// Microsoft Exchange Online NDR reference; Gmail SMTP error reference (support.google.com/a/answer/3726730).

extension ClassifierRule {
    /// Strong text that beats a specific code: expiry phrases (an expiry often carries the code of
    /// the last attempt, e.g. `4.4.1`), message size (some servers send it as 5.2.2), protocol
    /// desync after Apple's 451.
    static let systemOverrides: [ClassifierRule] = [
        // Exim `**` after the retry window; Exchange `QUEUE.Expired`; PowerMTA/Sendmail expiry.
        ClassifierRule("expired-retry-timeout", .expired, stage: .override,
                       phrases: ["retry timeout exceeded", "message expired", "delivery expired", "queue.expired",
                                 "message life time exceeded", "could not be delivered for", "cannot send message for",
                                 "in the queue too long", "have been failing for a long time", "status=expired",
                                 "delivery time expired", "maximum queue lifetime"],
                       samples: [
                           "** fwxvparobkymnbyemevz@london.com: retry timeout exceeded", // FIELD-NOTES §1.2
                           "550 4.4.7 QUEUE.Expired; message expired", // Exchange Online NDR
                           "smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.0 Unable to connect to mx.example.com>", // SES Transient (Notifuse#323)
                           "smtp;554 5.4.7 delivery expired (message life time exceeded)", // PowerMTA
                           "Message could not be delivered for 5 days", // Sendmail DSN
                           "Cannot send message for 5 days", // Sendmail DSN
                           "I'm not going to try again; this message has been in the queue too long.", // qmail-send
                           "all hosts for 'example.com' have been failing for a long time (and retry time not reached)", // Exim
                           "postfix/qmgr[21697]: 7905611F797: from=<root@mail2.example.com>, status=expired, returned to sender", // Postfix qmgr
                           "554 5.4.7 Delivery time expired, last error: 4.4.1 connection timed out", // PowerMTA-style
                       ]),
        // Message too big: the address is fine, the message is not (decision: `other`, message scope).
        ClassifierRule("message-too-large", .other, stage: .override,
                       phrases: ["message size exceeds", "size exceeds", "message too big", "message too large",
                                 "exceeded google's message size", "message exceeded maximum size", "message is too large",
                                 "exceeds maximum message size", "messagetoolarge", "message length exceeds"],
                       samples: [
                           "552 5.3.4 Message size exceeds fixed limit", // Postfix cleanup
                           "552-5.2.3 Your message exceeded Google's message size limits. Please visit https://support.google.com/mail/?p=MaxSizeError to view our size guidelines.", // Gmail
                           "552 Message size exceeds maximum permitted", // Exim
                           "552 5.3.4 Message too big for system", // Sendmail
                           "552 5.2.2 Message size exceeds fixed maximum message size", // seen with a mailbox code
                           "554 5.3.4 Message too large; the limit is 20971520 bytes", // generic
                           "552 5.3.4 Requested action not taken; message length exceeds administrative limit", // RFC 3463 wording
                       ]),
        // Apple 451 mid-pipeline, then `503 need MAIL command`: Postfix hard-bounces it, but it is
        // Apple-side trouble (FIELD-NOTES §1.1, mailcow#6486) → system-error, message scope.
        ClassifierRule("protocol-need-mail", .systemError, stage: .override,
                       phrases: ["need mail command", "need rcpt command", "bad sequence of commands"],
                       samples: [
                           "host mx02.mail.icloud.com[17.57.152.5] said: 503 5.5.1 Error: need MAIL command (in reply to RCPT TO command)",
                           "(host mx02.mail.icloud.com[17.42.251.62] said: 503 5.5.1 Error: need MAIL command - MAIL FROM error: 451 4.7.1 Service unavailable - try again later (in reply to RCPT TO command))", // Inboxbooster
                           "503 Bad sequence of commands",
                           "554 5.5.1 Error: need RCPT command",
                       ]),
    ]

    /// Text rules for transient system and connection trouble (message scope).
    static let systemRules: [ClassifierRule] = [
        ClassifierRule("connection-failed", .systemError,
                       phrases: ["connection timed out", "connection refused", "lost connection", "timed out while",
                                 "connection reset", "network is unreachable", "no route to host",
                                 "remote host closed connection", "connection dropped",
                                 "delivery temporarily suspended", "refused to talk to me: 421"],
                       samples: [
                           "connect to qqq.com[60.190.249.48]:25: Connection timed out", // FIELD-NOTES §1.1
                           "connect to mx.example.com[192.0.2.10]:25: Connection refused", // Postfix
                           "lost connection with mx01.mail.icloud.com[17.57.154.6] while receiving the initial server greeting", // Postfix
                           "conversation with mx.example.com[192.0.2.10] timed out while sending end of data -- message may be sent more than once", // Postfix
                           "lost connection with mx.example.com[192.0.2.10] while sending RCPT TO", // Postfix
                           "read error on connection: Connection reset by peer", // Postfix
                           "connect to mx.example.com[2001:db8::25]:25: Network is unreachable", // Postfix IPv6
                           "connect to mx.example.com[192.0.2.10]:25: No route to host", // Postfix
                           "SMTP error from remote mail server after end of data: Remote host closed connection in response to end of data", // Exim
                           "delivery temporarily suspended: connect to mx.example.com[192.0.2.10]:25: Connection refused", // Postfix
                           "host mx.example.com[192.0.2.10] refused to talk to me: 421 Service not available, closing transmission channel", // Postfix banner
                       ]),
        ClassifierRule("tls-required", .systemError,
                       phrases: ["tls is required", "starttls", "tls not available", "cannot start tls", "tls handshake",
                                 "certificate not verified", "certificate verification failed", "must use tls",
                                 "encryption required"],
                       samples: [
                           "TLS is required, but host mx.example.com[192.0.2.10] refused to start TLS: 454 4.7.0 TLS not available due to local problem", // postconf(5)
                           "530 5.7.0 Must issue a STARTTLS command first.", // Gmail / Postfix
                           "Cannot start TLS: handshake failure", // Postfix
                           "Server certificate not verified", // Postfix smtp_tls_security_level=verify
                           "454 4.7.0 TLS not available due to local problem", // Postfix
                           "530 5.7.0 Encryption required for requested authentication mechanism", // RFC 4954
                       ]),
        // Apple's "top of the hour" 451 (FIELD-NOTES §1.6): service trouble on Apple's side, not a
        // throttle of our IP → system-error (listed before the generic "try again later").
        ClassifierRule("service-unavailable-try-later", .systemError,
                       allOf: [["service unavailable", "try again later"], ["service temporarily unavailable"],
                               ["service not available"]],
                       samples: [
                           "451 4.7.1 Service unavailable - try again later", // Apple, smtp.codes / mailcow#6486
                           "421 4.3.2 Service not available, closing transmission channel", // RFC 5321 wording
                           "421 Service temporarily unavailable", // generic
                       ]),
        ClassifierRule("local-error", .systemError,
                       phrases: ["local error in processing", "temporary local problem", "temporary lookup failure",
                                 "write error", "insufficient system storage", "insufficient system resources",
                                 "internal resource temporarily unavailable", "configuration error", "internal error",
                                 "too many errors", "temporary failure", "try again in a moment",
                                 "retry time not reached", "retry time not yet reached", "loops back to myself",
                                 "mail loop", "too many hops", "hop count exceeded", "command unrecognized",
                                 "syntax error", "server error"],
                       samples: [
                           "451 Requested action aborted: local error in processing", // RFC 5321 wording
                           "451 Temporary local problem - please try later", // Exim
                           "451 4.3.0 <x@example.com>: Temporary lookup failure", // Postfix
                           "451 4.3.0 Error: queue file write error", // Postfix
                           "452 4.3.1 Insufficient system storage", // Postfix
                           "451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451", // Mimecast
                           "421 4.7.0 me.com Error: too many errors", // Apple (smtp.codes): smtpd hard error limit
                           "R=lookuphost T=remote_smtp defer (-53): retry time not reached for any host", // FIELD-NOTES §1.2
                           "R=local_user T=mail_spool defer (-52): Retry time not yet reached", // FIELD-NOTES §1.2
                           "mail for example.com loops back to myself", // Postfix
                           "554 5.4.6 Hop count exceeded - possible mail loop", // Sendmail/Exchange
                           "500 5.5.1 Command unrecognized", // Sendmail
                           "451 4.3.5 Server configuration error", // Postfix
                           "450 4.3.0 Temporary failure, please try again later", // generic
                       ]),
    ]
}
