/// The console's brain: `(state, action) → effects`, pure and synchronous.
///
/// Keys are resolved through the `KeyMap`: an open mode first, then global bindings, list
/// movement, and the focused pane. Effects are returned, never run here.
///
/// ```swift
/// var state = ConsoleState(snapshot: snap)
/// let effects = ConsoleReducer().reduce(&state, .key(.char("r")))
/// ```
public struct ConsoleReducer: Sendable {
    public var keyMap: KeyMap

    public init(keyMap: KeyMap = .standard) { self.keyMap = keyMap }

    public func reduce(_ state: inout ConsoleState, _ action: Action) -> [Effect] {
        switch action {
        case .key(.resize):
            return []
        case .key(let key):
            state.status = nil
            return handleKey(&state, key)
        case .resize(let rows, let cols):
            state.rows = rows; state.cols = cols
            clampAll(&state)
            return ensureQueuePage(&state)
        case .snapshot(let snap):
            let anchor = state.selectedQueueRow?.address
            let sameList = snap.queue.query.state == state.snapshot.queue.query.state
                && snap.queue.query.filter == state.snapshot.queue.query.filter
                && snap.queue.query.sort == state.snapshot.queue.query.sort
            state.snapshot = snap
            // At the very top the operator is watching the newest arrivals (like `tail -f`):
            // stay there. Anywhere else, keep the cursor on its address.
            if sameList, let anchor, state.queue.cursor > 0 { follow(anchor, &state) }
            clampAll(&state)
            return ensureQueuePage(&state)
        case .effectSucceeded(let msg):
            state.status = StatusLine(msg)
            return []
        case .effectFailed(let msg):
            state.status = StatusLine(msg, isError: true)
            return []
        }
    }

    /// Key lookup contexts for the current mode/focus.
    func contexts(_ state: ConsoleState) -> [KeyContext] {
        if let m = state.mode.kind { return [.mode(m)] }
        return [.pane(state.focus), .global, .lists]
    }

    func handleKey(_ state: inout ConsoleState, _ key: KeyEvent) -> [Effect] {
        if state.mode != .normal { return handleModeKey(&state, key) }
        guard let b = keyMap.binding(for: key, in: contexts(state)) else { return [] }
        if b.mutating && state.isReadOnly {
            state.status = StatusLine("read-only: \(b.label) is disabled", isError: true)
            return []
        }
        return run(b.command, &state)
    }

    func run(_ command: Command, _ state: inout ConsoleState) -> [Effect] {
        switch command {
        case .quit:
            state.quitRequested = true
            return [.quit]
        case .help: state.mode = .help(scroll: 0)
        case .focusNext: return focus(Pane.allCases[(Pane.allCases.firstIndex(of: state.focus)! + 1) % 3], &state)
        case .focusPrev: return focus(Pane.allCases[(Pane.allCases.firstIndex(of: state.focus)! + 2) % 3], &state)
        case .focusRates: return focus(.rates, &state)
        case .focusQueue: return focus(.queue, &state)
        case .focusTimeline: return focus(.timeline, &state)
        case .cycleWindow:
            state.window = state.window.next
            state.status = StatusLine("rate window \(state.window.rawValue)")
        case .refresh: return [.refresh]
        case .filter:
            state.mode = .filter(LineEditor(state.query.filter))
            return focus(.queue, &state)
        case .up, .down, .top, .bottom, .pageUp, .pageDown:
            return move(command, &state)
        case .filterBySeries:
            guard state.rates.cursor < state.snapshot.rates.count else { return [] }
            let row = state.snapshot.rates[state.rates.cursor]
            _ = focus(.queue, &state)
            return setQuery(&state) { $0.filter = row.queueFilter ?? row.name }
        case .toggleTag, .tagVisible, .untagAll, .release, .suppress, .detail, .releaseIncident:
            return queueCommand(command, &state)
        case .showHeld: return setQuery(&state) { $0.state = .held }
        case .showSuppressed: return setQuery(&state) { $0.state = .suppressed }
        case .showReleased: return setQuery(&state) { $0.state = .released }
        case .showExpired: return setQuery(&state) { $0.state = .expired }
        case .showAll: return setQuery(&state) { $0.state = .all }
        case .cycleSort:
            let effects = setQuery(&state) { $0.sort = $0.sort.next }
            state.status = StatusLine("sorted by \(state.query.sort.rawValue)")
            return effects
        case .clearFilter:
            guard !state.query.filter.isEmpty else { return [] }
            return setQuery(&state) { $0.filter = "" }
        case .note:
            state.mode = .note(NoteDraft(kind: .note, editor: LineEditor(maxLength: 500),
                                         incidentID: contextIncident(state)?.id))
        case .escalate:
            let incident = contextIncident(state)
            let text = EscalationDraft.text(incident: incident, snapshot: state.snapshot, profile: state.profile)
            let name = EscalationDraft.fileName(incident: incident, now: state.snapshot.header.now)
            state.mode = .escalation(EscalationState(text: text, incidentID: incident?.id, fileName: name, scroll: 0,
                                                     mitigation: EscalationDraft.mitigation(incident: incident)))
        case .applyFilter, .deleteBackward, .confirm, .submit, .cancel, .nextKind, .prevKind,
             .saveDraft, .logDraft, .close:
            break   // mode-only commands
        }
        return []
    }

    /// Moves the focus; on short terminals pane heights follow it, so positions are re-clamped
    /// and a bigger queue pane may need more rows.
    func focus(_ pane: Pane, _ state: inout ConsoleState) -> [Effect] {
        state.focus = pane
        clampAll(&state)
        return ensureQueuePage(&state)
    }

    /// The incident an action refers to: the one of the selected row or timeline entry, else the banner's.
    func contextIncident(_ state: ConsoleState) -> IncidentSummary? {
        var id: Int?
        switch state.focus {
        case .queue: id = state.selectedQueueRow?.incidentID
        case .timeline:
            let rows = state.timelineNewestFirst
            if rows.indices.contains(state.timeline.cursor) { id = rows[state.timeline.cursor].incidentID }
        case .rates: break
        }
        if let id, let i = state.snapshot.incidents.first(where: { $0.id == id }) { return i }
        return state.snapshot.bannerIncident
    }

    /// Number of rows in a pane's list.
    func count(_ pane: Pane, _ state: ConsoleState) -> Int {
        switch pane {
        case .rates: state.snapshot.rates.count
        case .queue: state.snapshot.queue.totalCount
        case .timeline: state.snapshot.timeline.count
        }
    }

    func move(_ command: Command, _ state: inout ConsoleState) -> [Effect] {
        let pane = state.focus
        let page = state.layout.listHeight(of: pane)
        var pos = position(pane, state)
        let n = count(pane, state)
        switch command {
        case .up: pos.cursor -= 1
        case .down: pos.cursor += 1
        case .top: pos.cursor = 0
        case .bottom: pos.cursor = n - 1
        case .pageUp: pos.cursor -= page; pos.scroll -= page
        case .pageDown: pos.cursor += page; pos.scroll += page
        default: break
        }
        setPosition(pane, clamp(pos, count: n, page: page), &state)
        return pane == .queue ? ensureQueuePage(&state) : []
    }

    func position(_ pane: Pane, _ state: ConsoleState) -> ListPosition {
        switch pane {
        case .rates: state.rates
        case .queue: state.queue
        case .timeline: state.timeline
        }
    }

    func setPosition(_ pane: Pane, _ pos: ListPosition, _ state: inout ConsoleState) {
        switch pane {
        case .rates: state.rates = pos
        case .queue: state.queue = pos
        case .timeline: state.timeline = pos
        }
    }

    /// Live refreshes insert rows above the cursor (newest bounce first); keep the cursor on the
    /// same address when it is still on the page, so `r` never hits a row that slid underneath.
    func follow(_ address: String, _ state: inout ConsoleState) {
        let page = state.snapshot.queue
        guard let i = page.rows.firstIndex(where: { $0.address == address }) else { return }
        let index = page.offset + i
        state.queue.scroll += index - state.queue.cursor
        state.queue.cursor = index
    }

    /// Keeps the cursor inside the list and visible, and the scroll inside the list.
    func clamp(_ p: ListPosition, count n: Int, page: Int) -> ListPosition {
        var p = p
        p.cursor = max(0, min(p.cursor, n - 1))
        p.scroll = max(0, min(p.scroll, max(0, n - page)))
        if p.cursor < p.scroll { p.scroll = p.cursor }
        if p.cursor >= p.scroll + page { p.scroll = p.cursor - page + 1 }
        return p
    }

    func clampAll(_ state: inout ConsoleState) {
        for pane in Pane.allCases {
            setPosition(pane, clamp(position(pane, state), count: count(pane, state),
                                    page: state.layout.listHeight(of: pane)), &state)
        }
    }
}
