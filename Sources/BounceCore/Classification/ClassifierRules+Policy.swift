// Policy blocks (blocklists, reputation, relay/sender refusals) and spam/virus content.
// Sources: real Postfix logs, Apple's bounce catalogue, operator bounce reports, public bug reports (mautic#9222, postal#60,
// p5-sisimai#189/#395); Sisimai Reason::Blocked/Rejected/NoRelaying/SpamDetected/VirusDetected
// phrase lists; Microsoft "Fix email delivery issues for error codes 5.7.x" and Outlook.com
// postmaster (SC/DY/OU codes); Gmail SMTP error reference; Yahoo Sender Hub SMTP error codes;
// Mimecast, Barracuda, Cloudmark, Proofpoint, Spamhaus, Comcast postmaster pages.

extension ClassifierRule {
    static let policyRules: [ClassifierRule] = [
        // Apple bracket codes: third-party meanings (Cloudmark/Proofpoint filtering, reputation).
        ClassifierRule("apple-local-policy", .policyBlocked, stage: .override,
                       phrases: ["[cs01]", "[cs02]", "[hm08]", "[hm07]", "[hm01]"],
                       samples: [
                           "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", // real Postfix logs
                           "<lee@kyuhyuk.kr>: host mx02.mail.icloud.com[17.57.155.34] said: 554 5.7.1\n    [HM08] Message rejected due to local policy. Please visit\n    https://support.apple.com/en-us/HT204137 (in reply to end of DATA command)", // LKML 2024
                           "554 5.7.1 [CS02] Message rejected due to local policy", // Suped
                       ]),
        // DNS blocklists and reputation services: our IP/domain, never the address.
        ClassifierRule("blocklist", .policyBlocked, stage: .override,
                       phrases: ["spamhaus", "support.proofpoint.com", "ipcheck.proofpoint.com", "proofpoint.com/dnsbl",
                                 "barracuda", "cloudmark", "spamcop", "sorbs.net", "blocked using", "blacklist",
                                 "blocklist", "block list", "dnsbl", "uceprotect", "abuseat.org", "psbl.surriel",
                                 "is listed at", "due to listing", "blocked - see", "refused - see",
                                 "rejected based on blacklist", "banned sending ip", "sender.office.com"],
                       samples: [
                           "550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=142.93.169.220", // real Postfix logs (Apple via Proofpoint)
                           "Diagnostic-Code: smtp; 550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=62.210.110.165: xxxxx@me.com", // operator bounce reports
                           "554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.7", // Proofpoint
                           "550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL -- see https://www.spamhaus.org/dbl/", // Apple (Sisimai)
                           "550 5.7.1 Mail from IP 192.0.2.7 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.7", // Apple (smtp.codes)
                           "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.7", // Postfix reject_rbl_client
                           "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.7", // Barracuda
                           "550 Refused - see http://csi.cloudmark.com/reset-request/?ip=192.0.2.7", // Cloudmark CSI
                           "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.7", // SpamCop
                           "550 5.7.1 Unfortunately, messages from [192.0.2.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM5EUR02FT017.eop-EUR02.prod.protection.outlook.com]", // mautic#9222
                           "550 5.7.1 Unfortunately, messages from [192.0.2.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140).", // Outlook.com
                           "550 5.7.606 Access denied, banned sending IP [192.0.2.7]. To request removal from this list please visit https://sender.office.com/ and follow the directions.", // Exchange Online
                           "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.7, because the ip is in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html", // Yahoo
                           "550 5.7.1 Service unavailable, Client host [192.0.2.7] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/lookup/", // Exchange Online
                           "554 Your IP 192.0.2.7 is listed at dnsbl.sorbs.net", // SORBS
                           "550 5.7.1 Message from 192.0.2.7 rejected based on blacklist", // Sisimai Blocked
                           "550 5.7.1 Email blocked by b.barracudacentral.org", // Barracuda
                           "550 IP address blacklisted 192.0.2.1 503 need RCPT command", // refusal, then the trailing protocol error
                       ]),
        ClassifierRule("reputation", .policyBlocked, stage: .override,
                       phrases: ["very low reputation", "poor reputation", "reputation problems", "bad reputation",
                                 "low reputation", "sender reputation", "ip reputation is", "reputation score", "block for spam",
                                 "permanently deferred", "[ts03]", "not currently accepting mail from your ip",
                                 "(s3150)", "(s3140)", "sc-001", "dy-001", "ou-001", "ou-002",
                                 "too many spams from your ip", "you are sending spam", "currently sending spam"],
                       samples: [
                           "550-5.7.1 [192.0.2.7] Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address. To best protect our users from spam, the message has been blocked. Please visit https://support.google.com/mail/answer/188131 for more information.", // postal#60
                           "550-5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain. To best protect our users from spam, the message has been blocked.", // Gmail
                           "421-4.7.0 [192.0.2.7] This message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", // Gmail
                           "554 Your access to this mail system has been rejected due to the sending MTA's poor reputation. If you believe that this failure is in error, please contact the intended recipient via alternate means.", // Mimecast-style
                           "421 resimta-ch2-18v.sys.comcast.net comcast 192.0.2.7 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000010", // Comcast
                           "421 4.7.1 [TS03] All messages from 192.0.2.7 will be permanently deferred; Retrying will NOT succeed. See http://postmaster.yahoo.com/421-ts03.html", // Yahoo
                           "550 SC-001 (BAY004-MC1F17) Unfortunately, messages from 192.0.2.7 weren't sent. Please contact your Internet service provider. You can tell your provider to contact us at http://postmaster.live.com", // Outlook.com
                           "550 DY-001 (SNT004-MC1F36) Unfortunately, messages from 192.0.2.7 weren't sent. Please contact your Internet service provider.", // Outlook.com dynamic IP
                           "550 OU-002 (COL004-MC4F35) Unfortunately, messages from 192.0.2.7 weren't sent.", // Outlook.com
                           "421 Too many spams from your IP (192.0.2.7), please visit http://postmaster.free.fr/", // free.fr (Sisimai)
                           "550 5.7.1 Not currently accepting mail from your ip", // Microsoft (Sisimai)
                           "550 Connections from mx.example.jp (192.0.2.2) are being rejected due to a poor email reputation score.", // Sisimai test text
                       ]),
        // Relay refusals and client-host checks. Apple's privaterelay "Relay not permitted" is NOT
        // here: that is a disabled Hide-My-Email alias (see `apple-hide-my-email-disabled`).
        ClassifierRule("relay-denied", .policyBlocked, stage: .override,
                       phrases: ["relay access denied", "relaying denied", "unable to relay", "relay not allowed",
                                 "relaying not allowed", "not permitted to relay", "isn't in my list of allowed rcpthosts",
                                 "we do not relay", "relaying to", "relay denied"],
                       samples: [
                           "554 5.7.1 <smtp@example.com>: Relay access denied", // real Postfix logs (fail2ban)
                           "550 5.7.1 Unable to relay", // Exchange
                           "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", // qmail
                           "550 5.4.1 Relay Access Denied", // Exchange Online (5.4.1 would say routing)
                           "550 relay not permitted to this domain, we do not relay", // generic
                           "454 4.7.1 <x@example.org>: Relay access denied", // Postfix (soft)
                           "550 Relaying denied. Proper authentication required.", // Sendmail
                       ]),
        // Our sender address refused: sender scope, never user-unknown (p5-sisimai#395), even
        // under 5.1.0 (Postfix reject_unknown_sender_domain).
        ClassifierRule("sender-rejected", .policyBlocked, stage: .override,
                       phrases: ["sender address rejected", "sender rejected", "sender verify failed", "verification failed for",
                                 "sender verification failed", "sender domain", "domain of sender address", "sender is not allowed",
                                 "adresse d'expediteur rejetee", "adresse d expediteur", "absender abgelehnt",
                                 "absenderadresse", "remitente rechazado", "mittente rifiutato", "remetente rejeitado",
                                 "invalid sender", "bad sender", "sender blocked", "sender denied", "envelope sender"],
                       samples: [
                           "550 5.1.0 <bounce@example.org>: Sender address rejected: Domain not found", // Postfix
                           "450 4.1.8 <bounce@example.org>: Sender address rejected: Domain not found", // Postfix
                           "553 5.7.1 <bounce@example.org>: Sender address rejected: not owned by user x@example.org", // Postfix
                           "550 5.7.1 Sender rejected", // p5-sisimai#395
                           "550 5.1.0 <bounce@example.org> sender rejected", // p5-sisimai#395
                           "550 Sender verify failed", // Exim
                           "550-Verification failed for <bounce@example.org>", // Exim callout
                           "553 5.1.8 <bounce@example.org>... Domain of sender address bounce@example.org does not exist", // Sendmail
                           "550 5.7.1 Adresse d'expediteur rejetee. Sender address rejected. OFR_004", // Orange
                           "550 5.7.1 Absender abgelehnt", // German MTAs
                           "501 5.1.7 Bad sender address syntax", // Postfix
                           "550 5.7.1 Invalid sender address", // generic
                       ]),
        ClassifierRule("client-host-rejected", .policyBlocked,
                       phrases: ["client host rejected", "reverse dns", "reverse hostname", "ptr record", "rdns",
                                 "cannot find your hostname", "dynamic ip", "not accepted from this ip",
                                 "unregistered domain", "access denied", "not allowed to connect", "not accepting connections",
                                 "local policy", "policy reasons", "policy violation", "prohibited the mail",
                                 "has a policy that", "security policies", "rejected by policy", "administrative prohibition",
                                 "mail rejete", "reputation service"],
                       samples: [
                           "554 5.7.1 <unknown[192.0.2.7]>: Client host rejected: Access denied", // Postfix
                           "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.7]", // Postfix
                           "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.7]", // Postfix (soft)
                           "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.", // Exchange Online
                           "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains.", // Exchange Online
                           "554 ****-smtpin001.me.com ESMTP not accepting connections", // Apple (Sisimai)
                           "554 5.7.9 Message not accepted for policy reasons. See https://help.yahoo.com/kb/postmaster/SLN7253.html", // Yahoo
                           "550 5.7.0 Local Policy Violation", // generic
                           "550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent.", // Gmail
                           "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554", // Mimecast
                           "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]", // Orange, p5-sisimai#189 (spam block, not user-unknown)
                           "550 Administrative prohibition", // Exim
                           "550 5.7.1 Command rejected: You are not allowed to connect.", // generic
                           "550 5.7.1 Email rejected because 192.0.2.7 is listed by a reputation service", // generic
                       ]),
        // Content: spam verdicts, viruses, forbidden attachments (message scope).
        ClassifierRule("spam-virus-content", .spamContent, stage: .override,
                       phrases: ["virus", "malware", "infected", "likely unsolicited mail", "detected as spam",
                                 "rejected as spam", "considered spam", "classified as spam", "identified as spam",
                                 "looks like spam", "appears to be spam", "spam message", "message is spam", "is spam",
                                 "probability of spam", "spam score", "spamassassin", "spam content", "spam detected",
                                 "unacceptable content", "content rejected", "content presents a potential security issue",
                                 "content filter", "dt:spm", "suspected spam", "spam-like", "high spam", "as spam",
                                 "illegal attachment", "banned attachment", "blocked attachment", "potentially harmful"],
                       allOf: [["reject, id=", "spam"]],
                       samples: [
                           "550-5.7.1 [192.0.2.7] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", // Gmail
                           "552-5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.google.com/mail/?p=BlockedMessage to review our message content and attachment content guidelines.", // Gmail
                           "550 5.7.350 Remote server returned message detected as spam", // Exchange Online
                           "550 Message rejected as spam by Content Filtering.", // Exchange
                           "554 5.7.1 The message was rejected because it contains prohibited virus or spam content", // generic
                           "554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Test-Signature", // amavisd-new
                           "554 5.7.0 Reject, id=08451-04 - SPAM", // amavisd-new
                           "554 5.7.1 Spam message rejected", // rspamd
                           "550 5.7.1 Blocked by SpamAssassin", // milter
                           "550 High probability of spam", // Hotmail (Sisimai)
                           "554 5.7.1 Message rejected because of unacceptable content", // Sisimai
                           "554 DT:SPM 163 mx14,QMCowEC5YUdT3rBXxHIbAA--.13040S2 1471070867, please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.7", // NetEase 163
                           "550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=abc or report details to abuse@corp.mail.ru", // mail.ru
                           "550 5.7.1 Message contains a virus", // generic
                           "552 5.7.0 Content rejected: illegal attachment", // generic
                           "550 5.7.1 Message considered spam (score 12.3)", // generic
                       ]),
    ]

    /// Late, generic refusals: consulted after every mailbox and language rule, so "blocked" or
    /// "denied" only decide when nothing more specific did.
    static let genericPolicyRules: [ClassifierRule] = [
        ClassifierRule("generic-refusal", .policyBlocked,
                       phrases: ["message rejected", "mail rejected", "email rejected", "blocked", "denied", "refused",
                                 "not accepted", "rejected for policy", "prohibited", "after initial connection"],
                       samples: [
                           "554 5.7.1 Message rejected", // generic
                           "550 Message refused", // generic
                           "554 Transaction failed: message not accepted", // generic
                           "550 Email rejected", // generic
                           "550 5.7.1 Message rejected. 421 Service not available, closing transmission channel", // refusal first
                           // Exim: refused at the banner, before any command of ours — the server will not talk to us.
                           "SMTP error from remote mail server after initial connection: host email-22.example.net [192.0.2.222]: 554 neko-22.nyaan.r.example.net : CAT : neko22 : CAT : You've reached your daily relay quota - 203.0.113.0", // Exim (Sisimai set-of-emails)
                       ]),
    ]
}
