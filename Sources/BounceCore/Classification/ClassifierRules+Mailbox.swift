// Address-scope reasons in English: user-unknown, mailbox-disabled, mailbox-full, host-unknown.
// Sources: real Postfix logs (Gmail, Comcast, Postfix DNS lines), real ESP webhook payloads (SES, SendGrid), Apple's bounce catalogue,
// public bug reports (listmonk#1463); Sisimai Reason::UserUnknown/MailboxFull/Suspend/
// HostUnknown/HasMoved phrase lists; Gmail SMTP error reference; Exchange Online NDR reference
// (5.1.10, 5.4.1 DBEB, 5.4.4 NonExistentDomain); Yahoo/AOL delivery error texts; qmail chkuser.

extension ClassifierRule {
    static let mailboxRules: [ClassifierRule] = [
        // Full mailboxes beat odd codes (some servers say "over quota" under 5.1.1 or 5.7.1) —
        // mailbox-full is always held, never suppressed, so erring here is cheap.
        ClassifierRule("mailbox-full", .mailboxFull, stage: .override,
                       phrases: ["over quota", "overquota", "quota exceeded", "quotaexceeded", "exceeded storage allocation",
                                 "mailbox full", "mailbox is full", "mailbox size limit", "mailbox limit exceeded",
                                 "user is over", "disk quota", "mailbox has exceeded", "storage limit", "out of storage",
                                 "mailbox is over", "inbox is full", "exceeds the quota", "over the allowed quota",
                                 "quota exceed", "insufficient storage space", "exceeds allowed size", "exceeded the local limit",
                                 "not enough storage space", "insufficient disk space", "does not have enough space",
                                 "space has been used up", "too many messages on the server", "mailfolder is full",
                                 "full mailbox", "would exceed maximum allowed storage", "boite du destinataire pleine",
                                 "disc quota", "quota violation", "exceeding its mailbox quota", "too much mail data",
                                 "exceeded its disk space limit", "mailbox quota usage exceeded", "exceeding their quota",
                                 "has exceeded quota", "exceeding receiving limits"],
                       samples: [
                           "452 4.2.2 user is overquota", // Apple 2019 incident (Suped)
                           "552 5.2.2 <x@icloud.com>: user is over quota (in reply to RCPT TO command)", // Apple (Sisimai, Inboxbooster)
                           "host mail.example.local[127.0.0.1] said: 452 4.2.2 Over quota (in reply to end of DATA command)", // real Postfix logs
                           "452-4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp", // Gmail
                           "552 Requested mail action aborted: exceeded storage allocation", // RFC 5321 wording
                           "550 Mailbox full", // generic
                           "552 5.2.2 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded", // Exchange
                           "552 5.2.2 Mailbox size limit exceeded", // Yandex
                           "554 5.7.1 <x@example.com>: Recipient address rejected: mailbox is full", // odd code, strong text
                           "550 5.1.1 x@example.com quota exceeded", // odd code, strong text
                           "452 Mailbox limit exceeded", // generic
                           "422 Recipient mailbox is over the allowed quota", // generic
                           "User mailbox exceeds allowed size: kijitora@example.jp", // IMail
                           "The number of messages in recipient's mailbox exceeded the local limit.", // Biglobe
                           "452 4.2.2 Not enough storage space in mailbox", // generic
                           "452 Insufficient disk space; try again later", // Sisimai test text
                           "552 The recipient does not have enough space", // generic
                           "550 The user's space has been used up.", // NetEase
                           "552 User has too many messages on the server", // generic
                           "552 Mailfolder is full", // generic
                           "550 5.2.2 Full mailbox", // generic
                           "552 5.2.2 Recipient rejected: Mailbox would exceed maximum allowed storage", // generic
                           "550 5.2.2 Boite du destinataire pleine. Recipient overquota. OFR_417", // Orange
                           "552 Disc quota exceeded", // generic
                           "552 Quota violation for kijitora@example.jp", // generic
                           "552 5.2.2 The email account is exceeding its mailbox quota", // generic
                           "550 Too much mail data", // NTT docomo
                           "552 5.2.2 The recipient mailbox has exceeded its disk space limit", // generic
                           "552 5.2.2 Mailbox quota usage exceeded", // generic
                           "552 The account is exceeding their quota", // generic
                           "552 User has exceeded quota, bouncing mail", // generic
                           "550 Account disabled temporarly for exceeding receiving limits", // Yahoo/AOL
                       ]),
        // Microsoft directory-based edge blocking: the recipient does not exist (despite 5.4.1).
        ClassifierRule("microsoft-dbeb", .userUnknown, stage: .override,
                       phrases: ["recipient address rejected: access denied", "recipientnotfound", "recipnotfound"],
                       samples: [
                           "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DM6NAM12FT041.eop-nam12.prod.protection.outlook.com]", // Exchange Online
                           "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", // Exchange Online
                           "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", // Exchange
                       ]),
        // RFC 7505 null MX (Postfix logs it under 5.1.10): the domain takes no mail → host-unknown.
        ClassifierRule("null-mx", .hostUnknown, stage: .override,
                       phrases: ["nullmx", "recipient address has null mx"],
                       samples: [
                           "Domain example.com does not accept mail (nullMX)", // Postfix 3.x
                           "556 5.1.10 Recipient address has null MX", // RFC 7505
                       ]),
        // Apple Hide My Email: a relay address the user turned off. Decision: mailbox-disabled
        // (address scope) — it is the iCloud user's unsubscribe (reported by operators on tamingdns).
        // Generic relay refusals ("relay access denied") are policy-blocked (+Policy).
        ClassifierRule("apple-hide-my-email-disabled", .mailboxDisabled,
                       phrases: ["relay not permitted"],
                       samples: [
                           "550 5.7.1 Relay not permitted", // Apple privaterelay (tamingdns)
                           "host mx01.mail.icloud.com[17.57.154.6] said: 550 5.7.1 <abc_def_1234@privaterelay.appleid.com>: Relay not permitted (in reply to RCPT TO command)",
                       ]),
        // Transient DNS trouble is not a missing domain (Postfix dsn=4.4.3).
        ClassifierRule("dns-temporary", .systemError,
                       allOf: [["name service error", "try again"], ["dns", "temporary"], ["lookup", "try again"], ["host not found, try again"],
                               ["dns", "timeout"]],
                       samples: [
                           "Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again", // Postfix dsn=4.4.3
                           "451 Temporary DNS failure, please try again", // generic
                           "dns; Unable to lookup DNS for example.com, try again later", // SES-style
                           "Host not found, try again", // Sendmail
                       ]),
        ClassifierRule("host-unknown", .hostUnknown,
                       phrases: ["host or domain name not found", "domain not found", "domain does not exist", "no such domain",
                                 "nonexistent domain", "non-existent domain", "nonexistentdomain", "unrouteable address",
                                 "non-existent host", "host not found", "host unknown", "unknown host", "domain lookup failed",
                                 "nxdomain", "no mx record", "no mx for", "invalid domain", "domain is not valid",
                                 "unable to route", "no valid mx", "domain name not found", "unknown domain", "unroutable address"],
                       samples: [
                           "Host or domain name not found. Name service error for name=e.mail.com type=AAAA: Host not found", // real Postfix logs (dsn=5.4.4)
                           "smtp; 550 5.4.4 Invalid domain", // SES Transient, listmonk#1463
                           "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain", // Exchange
                           "** postmaster@108: Unrouteable address", // real Exim logs
                           "all relevant MX records point to non-existent hosts", // Exim
                           "550 5.1.2 Host unknown (Name server: example.invalid: host not found)", // Sendmail
                           "550 Domain does not exist", // generic
                           "550 5.1.2 <x@example.invalid>: Recipient address rejected: Domain not found", // Postfix
                           "554 No MX record found for domain example.invalid", // generic
                           "DNS Error: Domain name not found", // Gmail
                           "550 Unroutable address", // generic
                       ]),
        ClassifierRule("mailbox-disabled", .mailboxDisabled,
                       phrases: ["disabled", "user suspended", "account suspended", "is suspended", "been suspended", "mailbox suspended", "inactive", "deactivated", "account closed", "account has been closed",
                                 "no longer active", "not active", "is locked", "account locked", "frozen", "discontinued",
                                 "blocked mailbox", "mailbox is blocked", "account expired", "account is expired", "has been terminated",
                                 "currently suspended", "suspend the service", "temporary locked", "temporarily locked",
                                 "boite du destinataire archivee", "is a deactivated mailbox", "temporarily inactive"],
                       samples: [
                           "550-5.2.1 The email account that you tried to reach is disabled. Learn more at https://support.google.com/mail/?p=DisabledUser", // Gmail
                           "554 delivery error: dd Sorry your message to x@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta1234.mail.bf1.yahoo.com", // Yahoo
                           "554 30 Sorry, your message to x@aol.com cannot be delivered. This account has been disabled or discontinued [#102]. - mta1234.mail.bf1.yahoo.com", // AOL
                           "550 Message was not accepted -- invalid mailbox. Local mailbox x@mail.ru is unavailable: account is disabled", // mail.ru
                           "550 User suspended", // NetEase
                           "550 Inactive email address", // Apple wording without the 5.1.1 code
                           "550 5.2.1 Mailbox disabled, not accepting messages", // generic
                           "550 This account has been deactivated", // generic
                           "550 Account closed", // generic
                           "550 User account is expired", // Sisimai Suspend
                           "550 Mailbox is frozen", // mail.ru
                           "550 5.0.0 Recipient suspend the service", // Sisimai test text
                           "550 The domain meangel.net is currently suspended. Try later.", // Sisimai test text
                           "550 5.7.1 <kijitora@example.com>: Recipient address rejected: User kijitora@example.com temporary locked. Please try again later!", // Sisimai test text
                           "550 Mailbox currently suspended - please contact the recipient by other means", // generic
                           "550 5.2.1 Boite du destinataire archivee. Archived recipient. OFR_431", // Orange
                           "550 5.2.1 Recipient rejected: Temporarily inactive", // generic
                       ]),
        ClassifierRule("user-unknown", .userUnknown,
                       phrases: ["user does not exist", "user unknown", "unknown user", "no such user", "no such recipient",
                                 "no such mailbox", "no such person", "no mailbox here", "mailbox unavailable",
                                 "mailbox not found", "mailbox does not exist", "mailbox not available",
                                 "recipient not found", "recipient unknown", "unknown recipient", "invalid recipient",
                                 "invalid mailbox", "address does not exist", "address unknown", "unknown address",
                                 "doesn't have a", "not a valid mailbox", "user not found", "no mailbox by that name",
                                 "not our customer", "illegal alias", "address rejected", "bad destination", "no longer on",
                                 "no longer accepts mail", "not a known user", "user not local", "unknown local part",
                                 "undeliverable address", "invalid address", "account does not exist", "no account by that name",
                                 "badrcptto", "does not exist", "recipient rejected", "not exist", "unknown mailbox",
                                 "no valid recipients", "email account that you tried to reach", "is not a valid user",
                                 "not a valid recipient", "no such address", "bad recipient", "recipient invalid",
                                 "mailbox is unavailable", "user doesn't exist", "there is no one at this address"],
                       samples: [
                           "550 5.1.1 <x@icloud.com>: user does not exist", // Apple's bounce catalogue
                           "smtp; 550 5.1.1 <perla11381@icloud.com>: user does not exist", // SES fixture (real ESP webhook payloads)
                           "550 <x@icloud.com>: user does not exist", // Apple wording, no enhanced code
                           "550 5.1.1 unknown or illegal alias: x@icloud.com", // Apple (Sisimai)
                           "550 No such user here", // Exim/cPanel
                           "550 5.5.0 Requested action not taken: mailbox unavailable", // Outlook.com
                           "550 Requested action not taken: mailbox unavailable", // RFC 5321 wording (GMX, web.de)
                           "550 <x@example.com>... User unknown", // Sendmail
                           "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table", // Postfix
                           "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in local recipient table", // Postfix
                           "554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com) [0] - mta1021.mail.bf1.yahoo.com", // Yahoo
                           "550 5.7.1 No such user!", // Yandex (5.7.1 refined by text)
                           "511 sorry, no mailbox here by that name (#5.1.1 - chkuser)", // qmail chkuser
                           "host mx2.comcast.net[2001:558:fe2d:70::22] said: 550 5.1.1 Not our Customer (in reply to RCPT TO command)", // real Postfix logs
                           "550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728", // QQ
                           "552 1 Requested mail action aborted, mailbox not found", // Yahoo (Sisimai)
                           "550 #5.1.0 Address rejected.", // AOL
                           "500 unknown recipient", // SendGrid doc sample (real ESP webhook payloads, status 5.0.0)
                           "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550", // Mimecast
                           "550 5.1.6 recipient no longer on server: x@icloud.com", // Apple (Sisimai)
                           "550 5.1.6 user no longer on system:a@icloud.com", // Apple fixture
                           "551 User not local; please try <x@example.net>", // RFC 5321 wording
                           "550 Unknown local part x in <x@example.com>", // Exim
                           "550 Recipient not found", // generic
                           "550 No mailbox by that name is currently available", // Sisimai
                           "550 This address no longer accepts mail.", // Sisimai
                           "550 Invalid mailbox: x@example.com", // generic
                           "553 5.3.0 <x@example.com>... No such user", // odd 5.3.0 (vague) refined by text
                           "550 Message was not accepted -- invalid mailbox. Local mailbox x@mail.ru is unavailable: user not found", // mail.ru
                           "554 5.0.0 Service unavailable; unknown recipient", // generic 5.0.0
                           "550 Address unknown", // generic
                           "550 5.0.0 <x@example.com>: There is no one at this address", // Sisimai
                       ]),
    ]
}
