// Address-scope families worded without the code that would name them: directory look-ups of
// Lotus Domino / HCL Notes, IMail, qmail, Courier and webmail MTAs; domains that take no mail
// (RFC 7505 null MX, Exim "no SMTP service", Sendmail/iCloud "does not accept mail"); DNS answers
// that say the MX is missing. Sources: Domino/Notes delivery-failure reports ("not listed in
// Domino Directory", the French and Japanese forms), IMail "Invalid final delivery userid",
// Exim and qmail-remote message texts, Gmail "DNS Error" bounces, Sendmail `Name server: .:`,
// RFC 7504 (521/556), and the phrase lists of the Sisimai bounce analyser (read, not copied).

extension ClassifierRule {
    /// Text that beats the enhanced code: some MTAs send `5.2.1` ("mailbox disabled") for an
    /// address that never existed, or for a host that is unknown.
    static let recipientOverrides: [ClassifierRule] = [
        ClassifierRule("user-unknown-under-disabled-code", .userUnknown, stage: .override, codes: ["x.2.1"],
                       phrases: ["user unknown", "unknown user", "no such user", "user not found", "user does not exist",
                                 "recipient unknown", "unknown recipient", "invalid recipient", "no such recipient"],
                       samples: [
                           "550 5.2.1 <kijitora@example.jp>... User Unknown", // Sendmail-style with 5.2.1
                           "550 5.2.1 User Unknown", // generic
                           "550 5.2.1 <kijitora@example.jp>: Recipient address rejected: User unknown", // Postfix with odd code
                           "550 5.2.1 Sorry, no such user: kijitora@example.jp", // generic
                           "550 5.2.1 The user was not found: user not found", // webmail MTA
                       ]),
        ClassifierRule("host-unknown-under-disabled-code", .hostUnknown, stage: .override, codes: ["x.2.1"],
                       phrases: ["host unknown", "unknown host", "domain does not exist", "no such domain"],
                       samples: [
                           "550 5.2.1 Host Unknown", // Sisimai test text
                           "550 5.2.1 <kijitora@example.net>... Host unknown", // Sendmail-style with 5.2.1
                       ]),
    ]

    static let recipientRules: [ClassifierRule] = [
        // QQ's deactivated mailbox says "access denied", which alone would read as a policy block.
        ClassifierRule("deactivated-mailbox", .mailboxDisabled, stage: .override,
                       phrases: ["is a deactivated mailbox", "mailbox unavailable or access denied"],
                       samples: [
                           "550 Mailbox unavailable or access denied: kijitora@qq.com is a deactivated mailbox", // QQ
                           "550 Mailbox unavailable or access denied [MAIL FROM: <sender@example.org>]", // QQ
                       ]),
        // Lotus Domino / HCL Notes directory look-ups (English, French, Japanese), IMail, Biglobe,
        // Courier and webmail texts: the recipient is not in the directory.
        ClassifierRule("directory-user-unknown", .userUnknown,
                       phrases: ["not listed in domino directory", "not listed in public name & address book",
                                 "non repertorie dans l'annuaire domino", "domino ディレクトリには見つかりません",
                                 "ディレクトリのリストにありません", "invalid final delivery userid",
                                 "please check if address is correct", "address not present in directory",
                                 "destination addresses were unknown", "destination server rejected recipients",
                                 "email address could not be found", "not an active address at this host",
                                 "recipient is not local", "is not a local address", "user not active",
                                 "user not known", "user not exist", "recipient not exist", "mailbox not present",
                                 "no mailbox found", "no mail box available for this user", "mailbox invalid",
                                 "does not like recipient", "user missing home directory", "utilisateur inconnu",
                                 "invalid or unknown virtual user", "not in my validrcptto list",
                                 "in my badrecipientto list", "in my badrcptto list", "email address is wrong or no longer valid",
                                 "recipient is not accepted", "recipient not ok",
                                 "envelope recipient has been denied", "following recipients was undeliverable",
                                 "nessun utente simile", "no existe ese usuario",
                                 "adresse d au moins un destinataire invalide", "keine e-mails empfangen kann",
                                 "550 address invalid", "#5.1.1 bad address", "not a valid user here",
                                 "rejected: account unavailable"],
                       allOf: [["recipient", "was not found in"]],
                       samples: [
                           "User kijitora (kijitora@example.jp) not listed in Domino Directory", // Lotus Domino
                           "kijitora@example.jp not listed in Domino Directory (Unknown user.)", // Domino via relay
                           "User some.name (some.name@example.org) not listed in public Name & Address Book", // Lotus Notes R5
                           "User not listed in public Name & Address Book", // Lotus Notes
                           "Utilisateur kijitora (kijitora@example.jp) non répertorié dans l'annuaire Domino", // Domino, French
                           "kijitora@example.jp は Domino ディレクトリには見つかりません", // Domino, Japanese
                           "ユーザー kijitora (kijitora@example.jp) はディレクトリのリストにありません", // Notes, Japanese
                           "Invalid final delivery userid: kijitora@example.jp", // IMail
                           "Unable to deliver message to <kijitora@example.jp> (and other recipients). Please check if address is correct", // webmail MTA
                           "550 5.1.0 Address not present in directory", // generic directory gateway
                           "550 Destination addresses were unknown", // Exchange 2003 gateway
                           "554 Destination server rejected recipients", // generic relay
                           "550 The email address could not be found", // generic
                           "553 sorry, kijitora@example.jp is not an active address at this host", // qmail-style
                           "550 Recipient is not local", // generic
                           "550 kijitora@example.jp is not a local address", // generic
                           "550 User not active", // generic
                           "550 5.1.1 <kijitora@example.jp>... User not known", // Sendmail variant
                           "550 <kijitora@example.jp>... User not exist", // McAfee gateway
                           "550 Recipient not exist", // generic
                           "550 Mailbox not present", // generic
                           "550 No mailbox found", // generic
                           "550 No mail box available for this user", // generic
                           "550 Mailbox invalid", // generic
                           "192.0.2.1 does not like recipient. Remote host said: 550 Requested action not taken", // qmail-remote
                           "550 User missing home directory", // Courier
                           "550 Utilisateur inconnu !", // French webmail
                           "vdeliver: Invalid or unknown virtual user 'kijitora'", // vpopmail
                           "553 sorry, this recipient is not in my validrcptto list (#5.7.1)", // qmail validrcptto
                           "553 sorry, this recipient is in my badrecipientto list (#5.7.1)", // qmail badrcptto
                           "550 This email address is wrong or no longer valid", // generic
                           "550 Recipient kijitora@example.jp was not found in LDAP server", // LDAP-backed MTA
                           "550 Recipient is not accepted", // generic
                           "550 Recipient not OK", // generic
                           "550 sorry, your envelope recipient has been denied", // qmail
                           "The following recipients was undeliverable: kijitora@example.jp", // generic NDR
                           "550 Nessun utente simile in questo indirizzo", // Italian
                           "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416", // Orange
                           "550 Ihre Nachricht konnte nicht zugestellt werden, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann", // German
                           "550 Address invalid", // generic
                           "550 #5.1.1 bad address kijitora@example.jp", // generic
                           "550 Not a valid user here", // generic
                           "550 No thank you rejected: Account Unavailable", // webmail MTA
                       ]),
        // Domains that take no mail: RFC 7505 null MX, Exim's "no SMTP service", Sendmail and iCloud
        // "does not accept mail", RFC 7504 (556 / 521 reply codes carry their own sample below).
        ClassifierRule("domain-takes-no-mail", .hostUnknown,
                       phrases: ["host does not accept mail", "domain does not accept mail", "does not accept mail (nullmx)", "indicated no smtp service", "name server: .: host not found",
                                 "no mx record found for domain", "no route for current request",
                                 "smtp protocol returned a permanent error", "domain is not reachable",
                                 "domain must exist", "mail domain mentioned in email address is unknown",
                                 "name or service not known", "unknown domain name", "the account or domain may not exist",
                                 "dns server returned answer with no data", "all host address lookups failed permanently",
                                 "couldn't find any host", "illegal host/domain name", "remote domain doesnt exist",
                                 "no host found for existing smtp connection"],
                       samples: [
                           "an MX or SRV record indicated no SMTP service", // Exim
                           "host/domain does not accept mail", // iCloud
                           "550 Host does not accept mail", // Sendmail
                           "550 5.1.2 <kijitora@example.net>... Host unknown (Name server: .: host not found)", // Sendmail, null MX
                           "554 No MX record found for domain=example.net", // Yahoo
                           "550 5.1.2 No route for current request", // generic
                           "556 SMTP protocol returned a permanent error", // Sisimai test text
                           "554 The mail could not be delivered to the recipient because the domain is not reachable. Please check the domain and try again", // Outlook.com
                           "550 5.1.2 Recipient domain must exist", // generic
                           "553 Mail domain mentioned in email address is unknown", // generic
                           "lookup of example.net failed: Name or service not known", // glibc resolver via the MTA
                           "450 4.1.2 <kijitora@example.net>: Recipient address rejected: unknown domain name", // Postfix-style
                           "550 5.1.2 The account or domain may not exist", // generic
                           "DNS Error: DNS server returned answer with no data", // Gmail
                                                      "all host address lookups failed permanently", // Exim
                           "Sorry, I couldn't find any host named example.net. (#5.1.2)", // qmail-remote
                           "Illegal host/domain name found", // Oracle Messaging Server
                           "As the remote domain doesnt exist", // KDDI
                           "no host found for existing SMTP connection", // Exim
                           "Domain example.net does not accept mail (nullMX)", // Postfix 3.x with the host part
                       ]),
        // Resolver trouble naming the MX look-up: the domain may exist, the answer was broken.
        ClassifierRule("dns-answer-broken", .systemError,
                       phrases: ["malformed or unexpected name server reply", "malformed name server reply",
                                 "host name lookup failure", "dns lookup failed", "dns records for the destination computer could not be found",
                                 "unable to resolve route", "unrouteable mail domain"],
                       samples: [
                           "Name service error for name=example.net type=MX: Malformed or unexpected name server reply", // Postfix
                           "Host name lookup failure", // Sendmail
                           "DNS lookup failed.", // Courier
                           "The DNS records for the destination computer could not be found", // Exchange
                           "Unable to resolve route example.net", // generic
                       ]),
    ]
}
