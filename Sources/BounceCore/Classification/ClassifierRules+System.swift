// System, connection, expiry and message-size rules.
// Sources: real Postfix logs (Postfix lines), real Exim logs (Exim), Apple's bounce catalogue (Apple), public bug reports (mailcow#6486);
// Postfix smtp(8)/qmgr(8) message texts; Exim spec ch. "Retry configuration"; qmail-send;
// Microsoft Exchange Online NDR reference; Gmail SMTP error reference (support.google.com/a/answer/3726730).

extension ClassifierRule {
    /// Strong text that beats a specific code: expiry phrases (an expiry often carries the code of
    /// the last attempt, e.g. `4.4.1`), message size (some servers send it as 5.2.2), protocol
    /// desync after Apple's 451.
    static let systemOverrides: [ClassifierRule] = [
        // The recipient's local delivery program failed (pipe, procmail, LMTP): the address was
        // accepted, the host's mailer broke — system-error, whatever code the MTA put on it.
        ClassifierRule("local-mailer-failed", .systemError, stage: .override,
                       phrases: ["x-unix;", "pipe to |", "|ifs=", "procmail", "delivery to pipe forbidden",
                                 "delivery to file forbidden", "local delivery failed", "lmtp error after",
                                 "can't create user output file", "bad interpreter", "mailbox_command"],
                       samples: [
                           "X-Unix; 255", // Sendmail local mailer exit status
                           "554 \"|IFS=' ' && exec /usr/local/bin/procmail -f- || exit 75 #kijitora\"... Service unavailable", // Sendmail .forward
                           "pipe to |/usr/local/neko/bin/cat kijitora@example.com /home/neko/.cat", // Exim pipe transport
                           "delivery to pipe forbidden", // Exim
                           "LMTP error after end of data: 451 4.3.0 Temporary error", // Exim LMTP transport
                           "Command died with status 1: \"procmail -a $EXTENSION\"", // Postfix local(8)
                           "550 5.3.0 Can't create user output file", // Sendmail
                       ]),
        // A malformed message (RFC 5322), not a verdict on the sender: `other`, message scope. First
        // among overrides: "Duplicate header 'DKIM-Signature'" is not an authentication failure.
        ClassifierRule("not-rfc-compliant", .other, stage: .override,
                       phrases: ["not rfc 5322 compliant", "rfcmessagenoncompliant", "multiple subject headers",
                                 "duplicate header", "improperly-formatted binary content", "invalid mime headers",
                                 "improper use of 8-bit data in message header", "too many \"received\" headers",
                                 "unnecessary base64 encoding", "mime complexity exceeds"],
                       samples: [
                           "550 5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers.", // Gmail
                           "There are multiple Subject headers. Please visit https://support.google.com/mail/?p=RfcMessageNonCompliant", // Gmail
                           "554 Transaction failed: Duplicate header 'DKIM-Signature'. (in reply to end of DATA command)", // Amazon SES
                           "550 5.6.0 the headers in this message contain improperly-formatted binary content", // Sisimai test text
                           "554 5.6.0 This message contain invalid MIME headers", // Exchange Online
                           "554 5.6.0 Improper use of 8-bit data in message header", // Exchange
                           "Too many \"Received\" headers - suspected mail loop", // Exim
                           "554 5.6.0 Message MIME complexity exceeds the policy maximum", // Exchange Online
                       ]),
        // Exim `**` after the retry window; Exchange `QUEUE.Expired`; PowerMTA/Sendmail expiry.
        ClassifierRule("expired-retry-timeout", .expired, stage: .override,
                       phrases: ["retry timeout exceeded", "message expired", "delivery expired", "queue.expired",
                                 "message life time exceeded", "could not be delivered for", "cannot send message for",
                                 "in the queue too long", "have been failing for a long time", "status=expired",
                                 "delivery time expired", "maximum queue lifetime", "after a long failure period",
                                 "not delivered within", "has been delayed", "will be retried for",
                                 "did not accept our requests to connect", "giving up on", "it has not been collected after",
                                 "allowed queue period", "after multiple retries", "delivery attempts will continue to be",
                                 "could not find a gateway for", "failed to deliver to domain", "message timed out",
                                 "your message could not be delivered for more than", "expired after sitting in queue",
                                 "server did not respond"],
                       allOf: [["delivery failed", "attempts"]],
                       samples: [
                           "** fwxvparobkymnbyemevz@london.com: retry timeout exceeded", // real Exim logs
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
    ]

    /// Text rules for transient system and connection trouble (message scope).
    static let systemRules: [ClassifierRule] = [
        ClassifierRule("connection-failed", .systemError,
                       phrases: ["connection timed out", "connection refused", "lost connection", "timed out while",
                                 "connection reset", "network is unreachable", "no route to host",
                                 "remote host closed connection", "connection dropped",
                                 "delivery temporarily suspended", "refused to talk to me: 421"],
                       samples: [
                           "connect to qqq.com[60.190.249.48]:25: Connection timed out", // real Postfix logs
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
        // Apple's "top of the hour" 451 (Apple's bounce catalogue): service trouble on Apple's side, not a
        // throttle of our IP → system-error (listed before the generic "try again later").
        ClassifierRule("service-unavailable-try-later", .systemError,
                       allOf: [["service unavailable", "try again later"], ["service temporarily unavailable"]],
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
                                 "retry time not reached", "retry time not yet reached", "mail system full", "forwarding loop",
                                 "routing loop", "message looping", "loop was found", "could not load drd", "interrupted system call",
                                 "error while being processed", "server is misconfigured", "service currently unavailable",
                                 "config error", "timeout waiting for input", "could not connect and send the mail", "host is unreachable", "loops back to myself",
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
                           "R=lookuphost T=remote_smtp defer (-53): retry time not reached for any host", // real Exim logs
                           "R=local_user T=mail_spool defer (-52): Retry time not yet reached", // real Exim logs
                           "mail for example.com loops back to myself", // Postfix
                           "554 5.4.6 Hop count exceeded - possible mail loop", // Sendmail/Exchange
                           "500 5.5.1 Command unrecognized", // Sendmail
                           "451 4.3.5 Server configuration error", // Postfix
                           "450 4.3.0 Temporary failure, please try again later", // generic
                           "550 5.0.0 Mail system full", // Sisimai test text
                           "mail forwarding loop for kijitora@example.jp", // Postfix
                           "Error transferring to neko22.example.org; Maximum hop count exceeded. Message probably in a routing loop.", // Sisimai test text
                           "554 Message looping", // generic
                           "554 5.4.6 Loop was found in the Mail eXchanger", // generic
                           "451 Could not load DRD for domain example.jp", // MDaemon
                           "451 Interrupted system call", // generic
                           "554 5.0.0 The message could not be delivered because it encountered an error while being processed", // generic
                           "451 The remote server is misconfigured", // generic
                           "451 Service currently unavailable", // generic
                           "500 5.3.5 System config error", // Sisimai test text
                           "421 Timeout waiting for input", // generic
                           "Could not connect and send the mail to example.jp", // generic
                           "neko.example.com[192.0.2.2]:25: Host is unreachable", // resolver/TCP
                       ]),
    ]

    /// Protocol noise that trails the meaningful reply: consulted after code and text rules.
    static let trailingRules: [ClassifierRule] = [
        // Apple 451 mid-pipeline, then `503 need MAIL command`: Postfix hard-bounces it, but it is
        // Apple-side trouble (real Postfix logs, mailcow#6486) → system-error, message scope. After a
        // refusal (`550 ... blacklisted ... 503 need RCPT`) the refusal decides instead.
        ClassifierRule("protocol-need-mail", .systemError, stage: .trailing,
                       phrases: ["need mail command", "need rcpt command", "bad sequence of commands"],
                       samples: [
                           "host mx02.mail.icloud.com[17.57.152.5] said: 503 5.5.1 Error: need MAIL command (in reply to RCPT TO command)",
                           "(host mx02.mail.icloud.com[17.42.251.62] said: 503 5.5.1 Error: need MAIL command - MAIL FROM error: 451 4.7.1 Service unavailable - try again later (in reply to RCPT TO command))", // Inboxbooster
                           "503 Bad sequence of commands",
                           "554 5.5.1 Error: need RCPT command",
                           "503 need RCPT command", // bare, nothing before it
                       ]),
        // RFC 5321 421 shutdown wording: alone it is the server's trouble; after a refusal the
        // refusal decides (`550 5.7.1 Message rejected ... 421 Service not available, closing ...`).
        ClassifierRule("closing-transmission-channel", .systemError, stage: .trailing,
                       phrases: ["service not available", "closing transmission channel", "closing connection"],
                       samples: [
                           "421 Service not available, closing transmission channel", // RFC 5321 wording, alone
                           "421 mx.example.jp Service not available - closing connection", // generic
                       ]),
    ]
}
