/// A Postfix ≥ 3.0 change that makes the MTA defer and retry a provider's false "user unknown"
/// and "mailbox full" rejections during an incident, instead of bouncing them, and its undo
/// (docs/DECISIONS.md, "Mitigation at the MTA").
///
/// The incident's domains go through a dedicated `smtp` transport whose
/// `smtp_delivery_status_filter` rewrites an address-scope `5.1.1`/`5.2.2` from the provider's own
/// hosts into `4.1.1`/`4.2.2`. Postfix refuses any filter result that turns a failure into success,
/// and this table only ever writes a 4 where it read a 5. Policy and authentication rejections
/// (`5.7.x`, Apple's bracket codes `[CS01]`, `[HME1]`) never match and stay permanent. Pure: the
/// same scope gives the same files.
public struct PostfixMitigation: Sendable, Equatable {
    /// One file of the change.
    public struct File: Sendable, Equatable {
        public var name: String
        public var text: String
    }

    public var scope: MitigationScope
    /// Where the files will live on the mail server; the other files refer to it.
    public var installDir: String
    /// The master.cf service name (`bouncewatch-apple`), also the syslog name of its log lines.
    public var transport: String

    /// The file names `--dir` writes, in the order they are printed.
    public static let fileNames = ["transport", "dsn_filter.pcre", "master.cf.append", "main.cf.append", "README"]
    /// The default `installDir`.
    public static let defaultInstallDir = "/etc/postfix/bouncewatch"

    /// Nil when `installDir` is not an absolute path that Postfix settings can hold as is (no
    /// spaces, commas, quotes or `$`, which main.cf and master.cf would split or expand).
    public init?(scope: MitigationScope, installDir: String = PostfixMitigation.defaultInstallDir) {
        guard installDir.hasPrefix("/"), installDir.count > 1,
              installDir.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && !",\"'$\\#=".utf8.contains($0) }) else { return nil }
        self.scope = scope
        self.installDir = installDir.count > 1 && installDir.hasSuffix("/") ? String(installDir.dropLast()) : installDir
        let name = String(scope.provider.lowercased().unicodeScalars
            .map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" })
        transport = "bouncewatch-" + (name.isEmpty ? "provider" : name)
    }

    /// The regular expression for the softened replies: status `5.1.1` or `5.2.2`, then
    /// ` host NAME[IP] said: ` with NAME under one of the provider's relay suffixes. Suffixes that
    /// are not plain host names are dropped rather than put into a regex.
    public var softenPattern: String {
        let suffixes = scope.relaySuffixes.map { $0.lowercased() }
            .filter { !$0.isEmpty && $0.utf8.allSatisfy { b in b == 0x2e || b == 0x2d || (0x61...0x7a).contains(b) || (0x30...0x39).contains(b) } }
            .map { ($0.hasPrefix(".") ? $0 : "." + $0).replacingOccurrences(of: ".", with: "\\.") }
        let host = suffixes.isEmpty ? "[^ ]+" : "[^ ]+(?:" + suffixes.joined(separator: "|") + ")"
        return "^5\\.(1\\.1|2\\.2)( host \(host)\\[[^]]*\\] said: .*)$"
    }

    /// The files, in `fileNames` order.
    public var files: [File] {
        [File(name: "transport", text: transportTable), File(name: "dsn_filter.pcre", text: filterTable),
         File(name: "master.cf.append", text: masterCF), File(name: "main.cf.append", text: mainCF),
         File(name: "README", text: readme)]
    }

    var subject: String {
        scope.incidentID.map { "incident #\($0) (\(scope.provider))" } ?? "\(scope.provider), prepared before an incident"
    }

    var transportTable: String {
        var s = "# bouncewatch: \(subject). Recipient domain, then the transport that softens its replies.\n"
        s += "# Compile with: postmap \(installDir)/transport\n"
        let width = (scope.domains.map(\.count).max() ?? 0) + 2
        for d in scope.domains { s += d.padding(toLength: width, withPad: " ", startingAt: 0) + transport + ":\n" }
        return s
    }

    var filterTable: String {
        """
        # bouncewatch: \(subject). smtp_delivery_status_filter for the \(transport) transport (Postfix >= 3.0).
        # Postfix looks up "<enhanced status> <text>" for each recipient it could not deliver, e.g.
        #   5.1.1 host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <a@icloud.com>: user does not exist (in reply to RCPT TO command)
        # and uses the result instead. Address-scope rejections (5.1.1 unknown user, 5.2.2 mailbox full)
        # from the provider's own hosts become 4.x.x: Postfix defers and retries them instead of bouncing.
        # Never softened: 5.7.x policy and authentication rejections and bracketed policy codes such as
        # [CS01] and [HME1] -- they do not match and stay permanent.
        if !/\\[[A-Z]{2,4}[0-9]{1,3}\\]/
        /\(softenPattern)/\t4.$1$2
        endif

        """
    }

    var masterCF: String {
        """
        # bouncewatch: \(subject). The incident's domains are delivered by this smtp transport,
        # which defers (4.x.x) the provider's address-scope 5.1.1/5.2.2 replies instead of bouncing.
        \(transport) unix  -       -       n       -       -       smtp
          -o smtp_delivery_status_filter=pcre:\(installDir)/dsn_filter.pcre
          -o syslog_name=postfix/\(transport)

        """
    }

    var mainCF: String {
        """
        # bouncewatch: \(subject). Routes the domains in \(installDir)/transport through \(transport).
        # If main.cf already sets transport_maps, put this map first in that setting instead of
        # appending this line (see README: postconf -e keeps the existing maps).
        transport_maps = hash:\(installDir)/transport

        """
    }

    var readme: String {
        let skipped = scope.skipped.isEmpty ? "" : """

            Left out: \(scope.skipped.count) domain(s) seen in the incident are not valid DNS names
            (log text is untrusted) and are not routed.

            """
        return """
        bouncewatch mitigation at the MTA -- Postfix >= 3.0 -- \(subject)

        While the provider wrongly answers valid mailboxes with 5.1.1 "user unknown" or 5.2.2
        "mailbox full", this change makes Postfix defer and retry those recipients instead of
        bouncing them. It routes \(scope.domains.count) domain(s) (file transport) through a dedicated smtp
        transport, \(transport), whose smtp_delivery_status_filter (file dsn_filter.pcre) turns
        those replies from the provider's own hosts into 4.x.x. Policy and authentication
        rejections (5.7.x, [CS01], [HME1]) stay permanent. Deferred mail is retried on Postfix's
        usual schedule, until maximal_queue_lifetime (5 days by default).
        \(skipped)
        Apply (as root on each mail server; the files go to \(installDir)):
          mkdir -p \(installDir) && cp transport dsn_filter.pcre \(installDir)/
          postmap \(installDir)/transport
          postconf -e "transport_maps = hash:\(installDir)/transport $(postconf -h transport_maps)"
              (or, when main.cf has no transport_maps: cat main.cf.append >> /etc/postfix/main.cf)
          cat master.cf.append >> /etc/postfix/master.cf
          postfix check && postfix reload

        Check:
          postmap -q "5.1.1 host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <a@icloud.com>: user does not exist (in reply to RCPT TO command)" pcre:\(installDir)/dsn_filter.pcre
              prints the 4.1.1 line; a 5.7.1 [CS01] reply prints nothing (left as it is).
          Softened attempts are logged as postfix/\(transport)/smtp[...] with status=deferred;
          bouncewatch counts them as deferrals.

        Undo (when the incident is over):
          postconf -e "transport_maps = <the value it had before>"   (or: postconf -X transport_maps)
          postconf -MX \(transport)/unix
          postfix reload
          rm -r \(installDir)
          Mail still deferred is then retried through the normal transport; an address that is
          really gone bounces on that attempt.

        Notes:
          - A host that relays through a smarthost (relayhost) delivers nothing to the provider
            itself: apply the change on the smarthost.
          - soft_bounce = yes already defers every 5xx; this filter does not override it.

        """
    }
}
