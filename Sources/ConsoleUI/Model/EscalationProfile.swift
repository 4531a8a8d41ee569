/// Sender facts Apple's postmaster asks for, from config (`[escalation]` section), never typed live.
public struct EscalationProfile: Sendable, Equatable {
    public var company: String
    public var contactName: String
    public var contactEmail: String
    /// Our sending (envelope/From) domains.
    public var sendingDomains: [String]
    /// Our outbound IPs.
    public var sendingIPs: [String]
    /// Where the draft goes (Apple's postmaster address for sender escalations).
    public var postmasterAddress: String
    /// Directory for saved drafts (`s` in the escalation view).
    public var outputDirectory: String

    public init(company: String, contactName: String = "", contactEmail: String = "", sendingDomains: [String],
                sendingIPs: [String], postmasterAddress: String = "icloudadmin@apple.com", outputDirectory: String = ".") {
        self.company = company; self.contactName = contactName; self.contactEmail = contactEmail
        self.sendingDomains = sendingDomains; self.sendingIPs = sendingIPs
        self.postmasterAddress = postmasterAddress; self.outputDirectory = outputDirectory
    }

    /// Placeholder profile: the draft shows `<company>` etc. so a missing config is obvious.
    public static let unconfigured = EscalationProfile(company: "<company>", sendingDomains: ["<sending domain>"],
                                                       sendingIPs: ["<sending IP>"])
}
