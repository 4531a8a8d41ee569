/// The console's key table. One list, three uses: dispatch (`command(for:in:)`), the footer
/// (`footer(for:)`) and the help overlay (`HelpOverlay`). Operators can audit every key in one place.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The first binding for `key` among `contexts`, tried in order.
    public func binding(for key: KeyEvent, in contexts: [KeyContext]) -> KeyBinding? {
        for ctx in contexts {
            if let b = bindings.first(where: { $0.context == ctx && $0.keys.contains(key) }) { return b }
        }
        return nil
    }

    /// Footer entries for a pane or mode context: its own footer bindings, then global ones marked
    /// for that pane, then `quit`; `help` is always last so the rest stays discoverable. At most `limit`.
    public func footer(for ctx: KeyContext, limit: Int = 7) -> [KeyBinding] {
        var out = bindings.filter { $0.context == ctx && $0.footer }
        guard case .pane(let p) = ctx else { return Array(out.prefix(limit)) }
        out += bindings.filter { $0.context == .global && $0.footerPanes.contains(p) }
        out += bindings.filter { $0.context == .global && $0.footer && $0.command != .help }
        let help = bindings.filter { $0.context == .global && $0.command == .help }
        return Array(out.prefix(limit - help.count)) + help
    }

    /// The default bindings (conventions of htop, k9s, lazygit and mutt).
    public static let standard = KeyMap(bindings: [
        // Global
        KeyBinding([.char("q")], .quit, "quit", "Quit (closes an open overlay first)", .global, footer: true),
        KeyBinding([.char("?"), .function(1)], .help, "help", "Show this help", .global, footer: true),
        KeyBinding([.tab], .focusNext, "next pane", "Focus the next pane", .global),
        KeyBinding([.backTab], .focusPrev, "prev pane", "Focus the previous pane", .global),
        KeyBinding([.char("1")], .focusRates, "rates", "Focus the rates pane", .global),
        KeyBinding([.char("2")], .focusQueue, "queue", "Focus the retry queue", .global),
        KeyBinding([.char("3")], .focusTimeline, "timeline", "Focus the incident timeline", .global),
        KeyBinding([.char("w")], .cycleWindow, "window", "Switch the rate window 5m / 15m / 1h", .global,
                   footerPanes: [.rates]),
        KeyBinding([.char("/")], .filter, "filter", "Filter the queue (substring; leading ! inverts; Esc clears)", .global,
                   footerPanes: [.queue]),
        KeyBinding([.char("R")], .releaseIncident, "release incident",
                   "Release every held address of the incident under the cursor or in the banner (typed confirmation)",
                   .global, mutating: true, footerPanes: [.rates, .queue, .timeline]),
        KeyBinding([.char("n")], .note, "note", "Add a note to the timeline (choose its kind)", .global, mutating: true,
                   footerPanes: [.timeline]),
        KeyBinding([.char("E")], .escalate, "escalate", "Draft the e-mail to Apple's postmaster for the incident", .global,
                   footerPanes: [.rates, .timeline]),
        KeyBinding([.function(5), .ctrl("l")], .refresh, "refresh", "Re-read data now", .global),
        // Movement in any pane
        KeyBinding([.char("j"), .down], .down, "down", "Move down", .lists),
        KeyBinding([.char("k"), .up], .up, "up", "Move up", .lists),
        KeyBinding([.char("g"), .home], .top, "top", "Go to the first row", .lists),
        KeyBinding([.char("G"), .end], .bottom, "bottom", "Go to the last row", .lists),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, "page down", "Scroll one page down", .lists),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, "page up", "Scroll one page up", .lists),
        // Rates
        KeyBinding([.enter], .filterBySeries, "show in queue", "Filter the queue by this provider or domain",
                   .pane(.rates), footer: true),
        // Queue
        KeyBinding([.char(" ")], .toggleTag, "tag", "Tag or untag the row (tags survive paging)", .pane(.queue), footer: true),
        KeyBinding([.char("r")], .release, "release", "Release the tagged addresses, or the selected one",
                   .pane(.queue), mutating: true, footer: true),
        KeyBinding([.char("s")], .suppress, "suppress", "Suppress the tagged addresses, or the selected one",
                   .pane(.queue), mutating: true, footer: true),
        KeyBinding([.enter], .detail, "detail", "Show the evidence for the address", .pane(.queue), footer: true),
        KeyBinding([.char("a")], .tagVisible, "tag visible", "Tag every visible row", .pane(.queue)),
        KeyBinding([.char("u")], .untagAll, "untag all", "Remove all tags", .pane(.queue)),
        KeyBinding([.char("h")], .showHeld, "held", "List held addresses", .pane(.queue)),
        KeyBinding([.char("S")], .showSuppressed, "suppressed", "List suppressed addresses", .pane(.queue)),
        KeyBinding([.char("e")], .showReleased, "released", "List released addresses", .pane(.queue)),
        KeyBinding([.char("x")], .showExpired, "expired", "List expired addresses", .pane(.queue)),
        KeyBinding([.char("A")], .showAll, "all", "List every state", .pane(.queue)),
        KeyBinding([.char("o")], .cycleSort, "sort", "Cycle the sort order", .pane(.queue)),
        KeyBinding([.escape], .clearFilter, "clear filter", "Clear the active filter", .pane(.queue)),
        // Timeline
        // Filter editor
        KeyBinding([.enter], .applyFilter, "apply", "Keep the filter and leave the editor", .mode(.filter), footer: true),
        KeyBinding([.escape], .clearFilter, "clear", "Clear the filter and leave the editor", .mode(.filter), footer: true),
        KeyBinding([.backspace], .deleteBackward, "delete", "Delete the last character", .mode(.filter)),
        // Confirmation
        KeyBinding([.char("y")], .confirm, "yes", "Confirm (single / small releases)", .mode(.confirm), footer: true),
        KeyBinding([.enter], .submit, "confirm typed", "Confirm after typing the count (bulk)", .mode(.confirm), footer: true),
        KeyBinding([.escape, .char("n"), .char("q")], .cancel, "cancel", "Cancel (q and n only when no count is asked)",
                   .mode(.confirm), footer: true),
        KeyBinding([.backspace], .deleteBackward, "delete", "Delete the last typed character", .mode(.confirm)),
        // Note editor
        KeyBinding([.tab, .down], .nextKind, "next kind", "Next note kind", .mode(.note), footer: true),
        KeyBinding([.backTab, .up], .prevKind, "prev kind", "Previous note kind", .mode(.note), footer: true),
        KeyBinding([.enter], .submit, "save", "Save the note", .mode(.note), footer: true),
        KeyBinding([.escape], .cancel, "cancel", "Discard the note", .mode(.note), footer: true),
        KeyBinding([.backspace], .deleteBackward, "delete", "Delete the last character", .mode(.note)),
        // Detail view
        KeyBinding([.char("r")], .release, "release", "Release this address", .mode(.detail), mutating: true, footer: true),
        KeyBinding([.char("s")], .suppress, "suppress", "Suppress this address", .mode(.detail), mutating: true, footer: true),
        KeyBinding([.escape, .char("q"), .enter], .close, "close", "Back to the queue", .mode(.detail), footer: true),
        // Help
        KeyBinding([.char("j"), .down], .down, "down", "Scroll down", .mode(.help), footer: true),
        KeyBinding([.char("k"), .up], .up, "up", "Scroll up", .mode(.help), footer: true),
        KeyBinding([.escape, .char("q"), .char("?")], .close, "close", "Close the help", .mode(.help), footer: true),
        // Escalation
        KeyBinding([.char("s")], .saveDraft, "save to file", "Save the draft to a file", .mode(.escalation), footer: true),
        KeyBinding([.char("l")], .logDraft, "log as note", "Log the draft as a postmaster-contact note",
                   .mode(.escalation), mutating: true, footer: true),
        KeyBinding([.char("j"), .down], .down, "down", "Scroll down", .mode(.escalation)),
        KeyBinding([.char("k"), .up], .up, "up", "Scroll up", .mode(.escalation)),
        KeyBinding([.escape, .char("q")], .close, "close", "Close the draft", .mode(.escalation), footer: true),
    ])
}
