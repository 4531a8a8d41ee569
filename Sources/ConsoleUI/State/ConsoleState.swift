import BounceCore
/// A one-line text editor (filter, note, typed confirmation). Append/backspace only: enough for
/// short inputs, and predictable over laggy SSH.
public struct LineEditor: Sendable, Equatable {
    public var text: String
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 200) { self.text = text; self.maxLength = maxLength }

    public mutating func insert(_ c: Character) { if text.count < maxLength { text.append(c) } }
    public mutating func deleteBackward() { if !text.isEmpty { text.removeLast() } }
}

/// A pending destructive action waiting for the operator's yes.
public struct Confirmation: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        case release([String])
        case suppress([String])
        case releaseIncident(id: Int, count: Int)
    }

    public var operation: Operation
    /// Dialog lines: what, how many, which scope.
    public var message: [String]
    /// For bulk actions the operator must type this (the count) and press Enter; nil = `y` confirms.
    public var requiredText: String?
    public var input: LineEditor

    public init(operation: Operation, message: [String], requiredText: String?) {
        self.operation = operation; self.message = message; self.requiredText = requiredText
        self.input = LineEditor(maxLength: 12)
    }
}

/// The note being written.
public struct NoteDraft: Sendable, Equatable {
    public var kind: TimelineKind
    public var editor: LineEditor
    public var incidentID: Int?
}

/// The escalation draft on screen.
public struct EscalationState: Sendable, Equatable {
    /// The e-mail: what `s` saves and `l` logs.
    public var text: String
    public var incidentID: Int?
    public var fileName: String
    public var scroll: Int
    /// Shown under the e-mail, never saved with it: what the operator can change at the MTA.
    public var mitigation: [String] = []
}

/// What owns the keyboard right now.
public enum Mode: Sendable, Equatable {
    case normal
    case filter(LineEditor)
    case confirm(Confirmation)
    case note(NoteDraft)
    case detail(address: String)
    case help(scroll: Int)
    case escalation(EscalationState)

    public var kind: ModeKind? {
        switch self {
        case .normal: nil
        case .filter: .filter
        case .confirm: .confirm
        case .note: .note
        case .detail: .detail
        case .help: .help
        case .escalation: .escalation
        }
    }
}

/// Status-bar message (result of an effect, a refusal in read-only mode …).
public struct StatusLine: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) { self.text = text; self.isError = isError }
}

/// Cursor and scroll position of one list pane. `scroll` is the first visible row.
public struct ListPosition: Sendable, Equatable {
    public var cursor = 0
    public var scroll = 0
    public init() {}
}

/// All UI state of the console. The reducer is the only writer.
public struct ConsoleState: Sendable, Equatable {
    public var snapshot: ConsoleSnapshot
    public var rows: Int
    public var cols: Int
    public var focus: Pane = .queue
    public var window: RateSpan = .m5
    public var rates = ListPosition()
    /// Queue cursor/scroll are absolute indexes into the filtered, sorted queue (not the page).
    public var queue = ListPosition()
    /// Timeline is shown newest first; index 0 is the newest entry.
    public var timeline = ListPosition()
    /// The queue slice the UI wants; the app loads it on `.loadQueue` and on every tick.
    public var query: QueueQuery
    /// Tagged addresses. Kept by address so tags survive paging, sorting and refreshes.
    public var tagged: Set<String> = []
    public var mode: Mode = .normal
    public var status: StatusLine?
    /// Set by `--read-only`; `snapshot.header.readOnly` also counts.
    public var readOnly: Bool
    /// Address actions of at least this many addresses need the count typed.
    public var bulkThreshold: Int
    /// Sender facts for the escalation draft (config `[escalation]`).
    public var profile: EscalationProfile
    /// Directory for saved drafts (`s` in the escalation view).
    public var draftDirectory: String
    public var quitRequested = false

    public init(snapshot: ConsoleSnapshot = .empty, rows: Int = 24, cols: Int = 80, readOnly: Bool = false,
                bulkThreshold: Int = 10, profile: EscalationProfile = EscalationProfile(), draftDirectory: String = ".") {
        self.snapshot = snapshot; self.rows = rows; self.cols = cols; self.readOnly = readOnly
        self.bulkThreshold = bulkThreshold; self.profile = profile; self.draftDirectory = draftDirectory
        self.query = snapshot.queue.query
    }

    public var isReadOnly: Bool { readOnly || snapshot.header.readOnly }
    public var layout: Layout { Layout(rows: rows, cols: cols, focus: focus) }
    /// Queue rows that fit in the queue pane.
    public var queueVisibleRows: Int { max(1, layout.queueListHeight) }

    /// The selected queue row, if it is on the loaded page.
    public var selectedQueueRow: QueueRow? { snapshot.queue.row(at: queue.cursor) }

    /// Timeline entries newest first (the display order).
    public var timelineNewestFirst: [TimelineRow] { snapshot.timeline.reversed() }

    /// What the app needs to build the next snapshot.
    public var request: SnapshotRequest {
        var address: String?
        if case .detail(let a) = mode { address = a }
        return SnapshotRequest(queue: query, detailAddress: address)
    }
}

/// What the next snapshot must contain: the wanted queue page and, with the detail view open,
/// the address whose evidence to load.
public struct SnapshotRequest: Sendable, Hashable {
    public var queue: QueueQuery
    public var detailAddress: String?
    public init(queue: QueueQuery, detailAddress: String? = nil) { self.queue = queue; self.detailAddress = detailAddress }
}
