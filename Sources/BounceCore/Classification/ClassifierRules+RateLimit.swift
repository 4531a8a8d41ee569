// Rate limits, throttles, greylisting: sender scope, retry later.
// Sources: real Postfix logs (QQ, Yahoo TSS04, GMX), Apple's bounce catalogue (Apple 421 excessive volume, 452 try
// later, HT203531); Gmail SMTP error reference (4.2.1, 4.5.3, 4.7.28, 5.4.5); Outlook.com RP
// codes; Exchange Online 4.7.500/4.7.650 and SubmissionQuotaExceeded; Yahoo Sender Hub (GL01,
// TS01); Orange OFR005; postgrey; Sisimai Reason::Speeding/TooManyConn/RateLimited.
//
// Decision: Yahoo `421 4.7.0 [TSS04] ... temporarily deferred due to user complaints` is
// rate-limited (Yahoo throttles and expects a slower retry), while `[TS03] ... permanently
// deferred` is policy-blocked (see +Policy). Both are sender scope.

extension ClassifierRule {
    static let rateLimitRules: [ClassifierRule] = [
        // These beat a specific code: Gmail uses 4.2.1 (mailbox-disabled) for a per-recipient rate,
        // Microsoft 5.2.2 (mailbox-full) for our submission quota, GMX 4.3.2 for "mail bomb",
        // 4.5.3 / 5.4.5 for recipient and sending caps.
        ClassifierRule("rate-overrides", .rateLimited, stage: .override,
                       phrases: ["receiving mail at a rate", "submission quota", "submissionquotaexceeded",
                                 "too many mails", "mail bomb", "sending quota", "sending limit", "too many recipients",
                                 "connection frequency limited", "frequency limited", "excessive volume",
                                 "unusual rate of unsolicited mail", "rp-001", "rp-002", "rp-003", "try again slower",
                                 "connection rate limit", "per-domain connection limit", "too many smtp sessions",
                                 "daily message quota exceeded", "max emails per hour", "too many errors from your ip"],
                       hard: nil,
                       samples: [
                           "450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. Please resend your message at a later time.", // Gmail
                           "550 5.2.2 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message Cannot submit message.", // Exchange Online
                           "SMTP error from remote mail server after RCPT TO:<udbbwscdnbegrmloghuf@london.com>: host mx0.gmx.com [74.208.5.90]: 450 4.3.2 Too many mails (mail bomb), try again in 1 hour(s) 25 minute(s) and see ( http://portal.gmx.net/serverrules ) {mx-us011}", // real Exim logs
                           "550-5.4.5 Daily user sending quota exceeded.", // Gmail
                           "452-4.5.3 Your message has too many recipients. For more information regarding Google's sending limits, visit https://support.google.com/mail/?p=TooManyRecipientsError", // Gmail
                           "452 4.5.3 Too many recipients", // Postfix
                           "host mx2.QQ.com[184.105.206.86] said: 550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722 (in reply to MAIL FROM command)", // real Postfix logs (QQ, 5.0.0)
                           "421 4.7.1 Messages to x@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137", // Apple (Sisimai, smtp.codes)
                           "421-4.7.28 [192.0.2.7] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", // Gmail
                           "550 5.4.5 Daily sending quota exceeded", // Google Workspace
                           "451 4.7.1 <smtp.example.jp[192.0.2.3]>: Client host rejected: Please try again slower", // Postfix policy daemon
                           "452 4.3.2 Connection rate limit exceeded. (in reply to MAIL FROM command)", // Sisimai test text
                           "421 4.3.2 Exceeds per-domain connection limit for example.org", // generic
                           "421 4.3.2 Too many SMTP sessions for this host", // Sendmail daemon.c
                           "454 Throttling failure: Daily message quota exceeded.", // Amazon SES
                           "550 sender@example.org has exceeded the max emails per hour (100) allowed", // cPanel Exim
                           "421 Too many errors from your IP (192.0.2.1), please visit http://postmaster.free.fr/", // free.fr
                       ]),
        ClassifierRule("rate-limit", .rateLimited,
                       phrases: ["rate limit", "rate-limit", "ratelimit", "rate limited", "throttl", "too many connections",
                                 "too many concurrent", "too many messages", "too many simultaneous", "connection limit",
                                 "max message per connection", "temporarily deferred", "[tss04]", "[ts01]", "[ts02]", "[gl01]",
                                 "rp-001", "rp-002", "rp-003", "server busy", "slow down", "greylist", "graylist",
                                 "greylisted", "exceeded the rate", "sending rate", "messages per hour",
                                 "limits for how many messages", "too fast", "frequency", "trop de connexions",
                                 "zu viele verbindungen", "demasiadas conexiones", "troppe connessioni",
                                 "muitas conexoes", "слишком много", "频率", "过于频繁", "送信数"],
                       hard: false,
                       samples: [
                           "host mx-aol.mail.gm0.yahoodns.net[11.22.33.44] said: 421 4.7.0 [TSS04] Messages from 10.20.30.40 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html (in reply to MAIL FROM command)", // real Postfix logs
                           "421 4.7.0 [GL01] Message from (192.0.2.7) temporarily deferred - 4.16.50. Please refer to http://postmaster.yahoo.com/errors/postmaster-21.html", // Yahoo
                           "421 4.7.0 [TS01] Messages from 192.0.2.7 temporarily deferred due to user complaints - 4.16.55.1; see https://help.yahoo.com/kb/postmaster/SLN3434.html", // Yahoo
                           "452 try later", // Apple HT203531
                           "421 RP-001 (BAY004-MC4F12) Unfortunately, some messages from 192.0.2.7 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day.", // Outlook.com
                           "451 4.7.500 Server busy. Please try again later from [192.0.2.7]. (S77714) [DB5EUR03FT024.eop-EUR03.prod.protection.outlook.com]", // Exchange Online
                           "421 4.7.650 The mail server [192.0.2.7] has been temporarily rate limited due to IP reputation.", // Exchange Online (text says rate limited; decision: rate-limited)
                           "421 Too many concurrent SMTP connections from this IP address; please try again later.", // generic
                           "421 4.7.0 Too many connections from your IP, slow down", // generic
                           "450 4.7.1 Rate limit exceeded, try again later", // generic
                           "421 4.7.0 Throttled - try again later", // generic
                           "451 4.7.1 Greylisting in action, please come back later", // milter-greylist
                           "450 4.7.1 <x@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", // postgrey
                           "421 Max message per connection reached, closing transmission channel", // Yahoo-style
                           "421 mwinf5c11 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]", // Orange
                           "421 4.7.0 Zu viele Verbindungen von Ihrer IP-Adresse", // German MTAs
                           "421 4.7.0 Demasiadas conexiones desde su IP, intente mas tarde", // Spanish MTAs
                           "421 4.7.0 Troppe connessioni dal tuo IP", // Italian MTAs
                           "451 MI:QFL 163 mx1,aA2wDADXlQJyQ0RfCPjlBA--.4193S2 1598243954, 发信频率过快", // NetEase-style
                       ]),
    ]

    /// The most generic "come back later" wording: consulted last among text rules.
    static let genericRateRules: [ClassifierRule] = [
        ClassifierRule("try-again-later", .rateLimited,
                       phrases: ["try again later", "try later", "please try again", "come back later", "retry later", "try again in",
                                 "veuillez essayer plus tard", "essayer plus tard", "spater erneut", "intentelo mas tarde",
                                 "riprova piu tardi", "tente novamente mais tarde", "попробуйте позже", "请稍后"],
                       hard: false,
                       samples: [
                           "421-4.7.0 Try again later, closing connection. (EHLO) x12si345678wrd.99 - gsmtp", // Gmail
                           "421 mwinf5c05 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_110 [110]", // Orange
                           "450 Please try again", // generic
                           "421 4.4.0 Bitte versuchen Sie es spater erneut", // German
                           "421 Попробуйте позже", // Russian
                       ]),
    ]
}
