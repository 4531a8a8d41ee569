/// Focusable panes, in Tab order.
public enum Pane: String, Sendable, Hashable, CaseIterable {
    case rates, queue, timeline

    public var title: String {
        switch self {
        case .rates: "Rates"
        case .queue: "Retry queue"
        case .timeline: "Incident timeline"
        }
    }
}

/// Modes that own the keyboard while open (overlays and one-line editors).
public enum ModeKind: String, Sendable, Hashable, CaseIterable {
    case filter, confirm, note, detail, help, escalation
}

/// Where a binding applies. Lookup order: the open mode, then global, then list navigation, then
/// the focused pane (docs/ARCHITECTURE.md, "A log line's path to the screen").
public enum KeyContext: Sendable, Hashable {
    case global
    /// Movement keys shared by every pane.
    case lists
    case pane(Pane)
    case mode(ModeKind)

    /// Heading used by the help overlay.
    public var heading: String {
        switch self {
        case .global: "Global"
        case .lists: "Moving (any pane)"
        case .pane(let p): p.title
        case .mode(let m): m == .filter ? "Filter editor" : m == .confirm ? "Confirmation"
            : m == .note ? "Note editor" : m == .detail ? "Detail view" : m == .help ? "Help" : "Escalation draft"
        }
    }
}

/// Everything a key can ask the reducer to do.
public enum Command: String, Sendable, Hashable, CaseIterable {
    case quit, help, focusNext, focusPrev, focusRates, focusQueue, focusTimeline, cycleWindow
    case filter, note, escalate, releaseIncident, refresh
    case up, down, top, bottom, pageUp, pageDown
    case filterBySeries
    case toggleTag, tagVisible, untagAll, release, suppress, detail
    case showHeld, showSuppressed, showReleased, showExpired, showAll, cycleSort, clearFilter
    case applyFilter, deleteBackward, confirm, submit, cancel, nextKind, prevKind
    case saveDraft, logDraft, close
}

/// One row of the key table: drives dispatch, the footer and the `?` help.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [KeyEvent]
    public var command: Command
    /// Short label for the footer (`release`).
    public var label: String
    /// One-line explanation for the help overlay.
    public var help: String
    public var context: KeyContext
    /// Changes data (release, suppress, notes): disabled in read-only mode.
    public var mutating: Bool
    /// Shown in the footer when its own context (pane or mode) is active.
    public var footer: Bool
    /// Global bindings also shown in the footer of these panes (`R` in the queue footer).
    public var footerPanes: Set<Pane>

    public init(_ keys: [KeyEvent], _ command: Command, _ label: String, _ help: String,
                _ context: KeyContext, mutating: Bool = false, footer: Bool = false, footerPanes: Set<Pane> = []) {
        self.keys = keys; self.command = command; self.label = label; self.help = help
        self.context = context; self.mutating = mutating; self.footer = footer; self.footerPanes = footerPanes
    }

    /// `j/↓`
    public var keyText: String { keys.map(\.displayName).joined(separator: "/") }
}
