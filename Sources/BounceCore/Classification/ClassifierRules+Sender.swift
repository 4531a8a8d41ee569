// Refusals of our sender (envelope or header From, our IP, our membership of a list) worded by
// Exim, Sendmail, qmail, McAfee/SonicWall/MDaemon gateways and list servers; content scoring of
// smaller filters. Sources: Exim "SMTP error from remote mail server after MAIL FROM" texts,
// Google Groups and Mailman refusals, Yahoo "From: Domain is invalid", NetEase-style "domain ...
// mismatches client IP", IMail/MailMarshal gateway texts, and the phrase lists of the Sisimai
// bounce analyser (read, not copied).
//
// Decision: a list or group that will not take our post is policy-blocked (sender scope), even
// when it says the group "may not exist": the address is a list, and the refusal is of us.

extension ClassifierRule {
    static let senderRules: [ClassifierRule] = [
        ClassifierRule("sender-address-refused", .policyBlocked, stage: .override,
                       phrases: ["unroutable sender address", "from: domain is invalid", "sender was rejected",
                                 "mail from not owned by user", "empty envelope senders not allowed",
                                 "null sender is not allowed", "bogus mail from", "sender is in my black list",
                                 "sender not pre-approved", "sender email address rejected", "sender is spammer",
                                 "this server does not accept mail from", "returned mail not accepted here",
                                 "isn't on the recipient's list of senders", "email address is not verified",
                                 "your email address has been blacklisted", "envelope blocked", "batv",
                                 "no third-party dsns", "unsigned dsn for", "fully qualified email address required",
                                 "is not a registered gateway user", "sender domain is empty", "emetteur invalide",
                                 "can't determine purported responsible address", "denied [bouncedeny]",
                                 "on senderfilterconfig list", "backscatter protection", "valid-address-filter",
                                 "access denied (in reply to mail from command)", "sending this from a different address",
                                 "sender ip address rejected", "rule imposed mailbox access for", "empty email address"],
                       samples: [
                           "SMTP error from remote mail server after MAIL FROM:<sender@example.org> SIZE=1543: 550 Unroutable sender address", // Exim
                           "SMTP error from remote mail server after MAIL FROM:<sender@example.org>: host mx.example.jp [192.0.2.2]: 550 5.1.8 Unroutable sender address", // Exim via relay
                           "554 5.7.9 From: Domain is invalid. Please provide a valid From:", // Yahoo
                           "553 sorry, your envelope sender was rejected (#5.7.1)", // qmail
                           "553 5.7.1 <sender@example.org>: Sender address rejected: mail from not owned by user", // Postfix SASL
                           "550 5.7.1 Empty envelope senders not allowed", // generic
                           "550 Null sender is not allowed", // generic
                           "501 5.5.4 Bogus mail from", // IMail
                           "550 5.7.1 Sender is in my black list", // generic
                           "550 Sender not pre-approved", // Sisimai Rejected
                           "550 Sender email address rejected", // generic
                           "554 Sender is spammer", // generic
                           "550 This server does not accept mail from example.org", // generic
                           "550 Returned mail not accepted here", // generic
                           "550 5.7.1 Your message was rejected because the sender isn't on the recipient's list of senders to accept mail from", // Exchange
                           "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.org", // Amazon SES
                           "550 5.7.1 Your email address has been blacklisted", // MessageLabs
                           "550 5.7.1 Envelope blocked - User Entry - sender@example.org", // Mimecast-style
                           "550 BATV failed to verify", // SonicWall
                           "553 5.7.1 Error: no third-party DSNs", // SpamWall
                           "550 Transaction failed unsigned DSN for <sender@example.org>", // BATV filter
                           "550 Fully qualified email address required", // McAfee
                           "550 sender@example.org is not a registered gateway user", // gateway
                           "550 5.1.7 Sender domain is empty", // generic
                           "550 5.1.0 Emetteur invalide. Invalid sender. OFR_102", // Orange
                           "550 Can't determine Purported Responsible Address", // Sender ID filter
                           "550 Denied [BounceDeny] ", // McAfee
                           "550 5.7.1 Rejected by MDaemon backscatter protection: Backscatter protection detected an invalid or expired email address", // MDaemon
                           "5.7.1 Access denied (in reply to MAIL FROM command)", // Sisimai test text
                           "554 5.7.1 Denied by SecuMail valid-address-filter", // SecuMail
                           "550 5.7.1 Sender IP address rejected", // generic
                           "550 Rule imposed mailbox access for kijitora@example.jp refused: user blocked", // MailMarshal
                           "501 5.1.7 Syntax error: empty email address", // generic
                       ]),
        // Mailing lists and groups that refuse our post (Google Groups, Mailman, Sympa, Exchange DLs).
        ClassifierRule("list-refuses-sender", .policyBlocked, stage: .override,
                       phrases: ["not a member of this group", "not a member of the list", "you are not a member",
                                 "not permitted to post", "not have permission to post", "not allowed to post to this mailing list",
                                 "by non-member to a members-only list", "closed mailing list", "members-only list",
                                 "not subscribed to this group", "non-member submission", "only members can post",
                                 "allowable number of posts without solving a captcha", "senders not authorized for group",
                                 "groups.google.com/support", "グループにメッセージを投稿する権限がない"],
                       samples: [
                           "We're writing to let you know that the group you tried to contact (kijitora) may not exist, or you may not have permission to post messages to the group.", // Google Groups
                           "You are not a member of this group", // Google Groups
                           "550 5.7.1 You are not allowed to post to this mailing list", // Mailman via MTA
                           "Post by non-member to a members-only list", // Mailman
                           "550 Closed mailing list", // generic list server
                           "550 The email address used to send your message is not subscribed to this group", // Google Groups
                           "550 5.7.1 You are not permitted to post to this list", // Sympa-style
                           "550 Non-member submission from sender@example.org", // Mailman
                           "You have exceeded the allowable number of posts without solving a captcha", // Google Groups
                           // Google Groups in any language ends with its help-centre address.
                           "kijitora@example.jp 様 連絡しようとしたグループ（libsisimai）が存在しないか、グループにメッセージを投稿する権限がない可能性があります。投稿できなかった詳しい理由をいくつか紹介します: * グループ名のスペルや形式が間違っている。 * グループのオーナーによってこのグループが削除された。 * 投稿する権限を取得するためには、グループに参加する必要がある。 * このグループでは投稿を受け付けていない。 このグループやその他の Google グループについてご不明な点がありましたら、https://groups.google.com/support/ からヘルプセンターにアクセスしてください。", // Google Groups, Japanese (Sisimai set-of-emails)
                           "連絡しようとしたグループ（libsisimai）が存在しないか、グループにメッセージを投稿する権限がない可能性があります。", // Google Groups, Japanese first paragraph
                           "Hello kijitora@example.jp, We're writing to let you know that the group you tried to contact (libsisimai) may not exist, or you may not have permission to post messages to the group. A few more details on why you weren't able to post: * You might have spelled or formatted the group name incorrectly. * The owner of the group may have removed this group. * You may need to join the group before receiving permission to post. * This group may not be open to posting. If you have questions related to this or any other Google Group, visit the Help Center at https://groups.google.com/support/.", // Google Groups, whole body
                       ]),
        // Spam scores and URL blocklists of small filters: the message's content was judged.
        ClassifierRule("content-scored-spam", .spamContent, stage: .override,
                       phrases: ["blacklisted url in message", "messagescoringupperlimit", "mail score (",
                                 "using a mass mailer", "message was rejected for possible spam", "listed in uribl",
                                 "uribl.com", "surbl", "potentially executable attachment"],
                       samples: [
                           "554 Blacklisted URL in message. (example.com) in DBL", // IMail
                           "554 5.7.1 Mail Score (59) over MessageScoringUpperLimit (50) - send error reports to postmaster@example.net", // MailMarshal
                           "550 You're using a mass mailer", // generic
                           "550 5.7.1 Message was rejected for possible spam/virus content", // generic
                           "554 5.7.1 Message rejected: URL listed in URIBL", // generic
                           "550 5.7.1 Rejected: contains a URL listed at multi.surbl.org", // SURBL
                           "552 5.7.0 This message was blocked because it has a potentially executable attachment", // Gmail-style
                       ]),
        // Our connection refused for who we are (IP, HELO, mismatching envelope domain) — sisimai's
        // "blocked"; the plain TCP "Connection refused" of Postfix stays a connection failure.
        // Override: Postfix sends its HELO refusal under 5.5.2, a syntax code.
        ClassifierRule("connection-refused-sender", .policyBlocked, stage: .override,
                       phrases: ["mismatches client ip", "connection refused by", "connection refused(mx)",
                                 "access from ip address", "invalid ip for sending mail", "server access forbidden by",
                                 "helo command rejected", "not allowed to send mail from", "host network not allowed",
                                 "your network is temporary blacklisted", "listed as abusive", "unverifyable sending ips",
                                 "ip name lookup failed", "must have a ptr record", "ptr resource record", "bad sender ip address",
                                 "cannot resolve your address", "confirm this mail server", "extreme bad ip profile",
                                 "hosts with dynamic ip", "missing ptr records", "is in a black list", "no access from mail server",
                                 "custom reverse dns", "use the smtp server of your isp", "rejecting open proxy",
                                 "reverse lookup rejected", "server requires confirmation", "unresolvable relay host name",
                                 "unwanted messages have been sent from"],
                       samples: [
                           "554 Connection refused(mx). MAIL FROM [sender@example.org] mismatches client IP [192.0.2.1].", // NetEase-style
                           "554 domain [example.org] mismatches client ip [192.0.2.1]", // generic
                           "Connection refused by mx.example.jp", // generic
                           "550 Access from ip address 192.0.2.1 blocked.", // Sisimai test text
                           "Remote host said: 554 INVALID IP FOR SENDING MAIL OF DOMAIN amazonses.com [RCPT_TO]", // Sisimai test text
                           "551 Server access forbidden by your IP 192.0.2.2 websites spamcop.net, mailspike.net for removal", // Sisimai test text
                           "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname", // Postfix
                           "550 Host network not allowed", // generic
                           "421 Your network is temporary blacklisted", // generic
                           "554 Server IP 192.0.2.1 listed as abusive", // generic
                           "SMTP error from remote mail server after MAIL FROM:<sironeko-nyaan@neko.example.com> SIZE=1024: 450 service permits 2 unverifyable sending IPs - neko.example.com is not 203.0.113.2", // Exim (Sisimai set-of-emails)
                           "550 Access denied. IP name lookup failed [192.0.2.1]", // generic
                           "550 All mail servers must have a PTR record with a valid Reverse DNS entry", // generic
                           "550 Bad DNS PTR resource record", // generic
                           "553 Cannot resolve your address", // generic
                           "550 5.7.1 Dynamic/zombied/spam IPs blocked. Please get a custom reverse DNS name from your ISP for your host", // generic
                           "550 Mail from hosts with dynamic IP or generic DNS PTR-records is not accepted", // mail.ru-style
                           "550 192.0.2.1 is in a black list at dnsbl.example.net", // generic
                           "550 Rejecting open proxy 192.0.2.1", // Sendmail srvrsmtp.c
                           "550 5.7.1 Sender IP reverse lookup rejected", // generic
                           "554 Unresolvable relay host name", // generic
                           "554 Too many unwanted messages have been sent from the following IP address above", // generic
                       ]),
        // Relay refusals worded by smaller MTAs (qmail, MailEnable, Exchange 2003, Courier).
        ClassifierRule("relay-refused-other-wording", .policyBlocked, stage: .override,
                       phrases: ["as a relay", "insecure mail relay", "when attempting to send to a non-local e-mail address",
                                 "not a gateway", "relay through this machine", "not an open relay", "not local host",
                                 "relaying mail to", "not configured to relay", "list of allowed rcpthost",
                                 "we don't handle mail for", "relay through this server without authentication"],
                       samples: [
                           "550 5.7.1 Unable to use this server as a relay", // generic
                           "550 Insecure mail relay", // generic
                           "550 The mail server requires authentication when attempting to send to a non-local e-mail address", // MailEnable
                           "553 sorry, not a gateway (#5.7.1)", // qmail-style
                           "550 not allowed to relay through this machine", // generic
                           "554 This is not an open relay, so get lost", // generic
                           "553 not local host example.jp, not a gateway", // generic
                           "550 Relaying mail to example.jp is not allowed", // generic
                           "550 This system is not configured to relay mail from <sender@example.org> to <kijitora@example.jp> for 192.0.2.1", // Exchange 2003
                           "550 we don't handle mail for example.jp", // generic
                           "550 kijitora@example.jp is not permitted to relay through this server without authentication", // Exchange
                       ]),
        // The recipient's own filter refused us ("filtered" in sisimai): the address exists but
        // accepts mail only from chosen senders — a policy toward us, not a dead address.
        ClassifierRule("recipient-filter-refuses-sender", .policyBlocked, stage: .override,
                       phrases: ["only accepting mail from specific email addresses", "restricted sms e-mail",
                                 "resolver.rst.notauthorized", "this account is protected by",
                                 "message bounced due to organizational settings", "rejected by organization policy",
                                 "not accepting mail with", "containing images or other attachments", "message given low priority",
                                 "messages with multiple addresses"],
                       samples: [
                           "554 Message not delivered because the recipient is only accepting mail from specific email addresses", // AOL
                           "550 This user has restricted SMS e-mail", // AT&T
                           "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized", // Exchange
                           "550 This account is protected by a challenge-response system", // generic
                           "550 5.7.1 Message bounced due to organizational settings", // Exchange Online
                           "550 5.7.1 The message was rejected by organization policy", // Exchange Online
                           "554 Message not delivered because the recipient is not accepting mail with attachments", // AOL
                           "550 We do not accept messages containing images or other attachments", // generic
                           "554 Message given low priority", // generic
                           "550 Messages with multiple addresses in From: header are not accepted", // generic
                       ]),
        // The recipient refuses all mail ("filtered" in sisimai, worded about the mailbox): the
        // address cannot be delivered to — user-unknown.
        ClassifierRule("recipient-refuses-all-mail", .userUnknown, stage: .override,
                       phrases: ["is not accepting any mail", "not found recipient account", "user reject",
                                 "refuse to receive mail", "previously bounced", "bounced address",
                                 "new mail is not currently being accepted for this mailbox"],
                       samples: [
                           "550 kijitora@example.jp is not accepting any mail", // generic
                           "550 Not found recipient account", // generic
                           "550 5.1.2 User reject", // Sisimai test text: the text beats 5.1.2
                           "We failed to deliver mail because the following address recipient id refuse to receive mail", // Willcom
                           "550 Bounced Address", // SendGrid
                           "554 delivery error: dd Due to extended inactivity new mail is not currently being accepted for this mailbox", // Yahoo
                       ]),
    ]
}
