/// Everything configurable (`--config`; README.md, "Configuration"). Values only; the TOML
/// loader lives in BounceService.
public struct BounceConfig: Sendable, Equatable {
    /// Provider definitions (built-ins, overridden or extended by the file).
    public var providers: [Provider] = ProviderCatalog.builtIn
    public var policy = RetryPolicy()
    public var release = ReleaseSettings()
    public var escalation = EscalationProfile()
    /// Incident detector thresholds (its `providers` follow `providers`).
    public var detector = DetectorConfig()
    /// How long counters, known-good evidence and audit rows are kept (`[retention]`).
    public var retention = RetentionPolicy()
    /// The incident hook (`[alerts]`).
    public var alerts = AlertSettings()
    /// The Prometheus endpoint (`[metrics]`).
    public var metrics = MetricsSettings()

    public init() {}
}

/// A program run on `incident.opened` and `incident.closed`, with the incident as one JSON
/// object on stdin (README.md, "Incident hooks").
public struct AlertSettings: Sendable, Equatable {
    /// argv of the hook; never run through a shell. nil: no hook.
    public var command: [String]?
    /// The hook is killed after this many seconds and the failure noted on the timeline.
    public var timeoutSeconds: Int = 10

    public init(command: [String]? = nil, timeoutSeconds: Int = 10) {
        self.command = command; self.timeoutSeconds = timeoutSeconds
    }
}

/// Where `/metrics` is served (`[metrics] listen = "127.0.0.1:9464"`); nil: not served.
public struct MetricsSettings: Sendable, Equatable {
    public var listen: String?

    public init(listen: String? = nil) { self.listen = listen }
}

/// What releasing addresses does outside the database (docs/DECISIONS.md, "Retry queue").
public struct ReleaseSettings: Sendable, Equatable {
    /// argv of a command that receives released addresses on stdin, one per line. Never run
    /// through a shell.
    public var command: [String]?
    /// The command is killed and the release fails after this many seconds.
    public var timeoutSeconds: Int = 20
    /// A file released addresses are appended to.
    public var exportFile: String?
    /// `csv` or `jsonl`.
    public var exportFormat: ExportFormat = .csv

    public init() {}
}

/// Export file formats.
public enum ExportFormat: String, Sendable, Equatable, CaseIterable {
    case csv
    case jsonl
}

/// What Apple's postmaster asks for, pre-filled into the escalation draft.
public struct EscalationProfile: Sendable, Equatable {
    public var company: String = ""
    public var contact: String = ""
    public var sendingDomains: [String] = []
    public var sendingIPs: [String] = []
    /// Where the draft goes (Apple: icloudadmin@apple.com).
    public var recipient: String = "icloudadmin@apple.com"

    public init(company: String = "", contact: String = "", sendingDomains: [String] = [], sendingIPs: [String] = [],
                recipient: String = "icloudadmin@apple.com") {
        self.company = company; self.contact = contact; self.sendingDomains = sendingDomains
        self.sendingIPs = sendingIPs; self.recipient = recipient
    }

    /// Nothing about the sender is configured: the draft shows placeholders instead.
    public var isConfigured: Bool { !company.isEmpty || !sendingDomains.isEmpty }

    /// `contact` is free text (`Mail on-call <oncall@example.com>`): the part before a trailing
    /// `<address>`, or all of it.
    public var contactName: String {
        guard let lt = contactAddressStart else { return contact }
        return contact[..<lt].trimmingCharacters(in: .whitespaces)
    }

    /// The address inside a trailing `<…>` of `contact`, or "".
    public var contactEmail: String {
        guard let lt = contactAddressStart else { return "" }
        return String(contact[contact.index(after: lt)..<contact.index(before: contact.endIndex)])
    }

    private var contactAddressStart: String.Index? {
        guard contact.hasSuffix(">"), let lt = contact.lastIndex(of: "<") else { return nil }
        return lt
    }
}
