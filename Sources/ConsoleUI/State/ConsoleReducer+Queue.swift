import BounceCore
/// Queue paging, tagging and the destructive actions (which only ever open a confirmation).
extension ConsoleReducer {
    /// Changes the wanted queue slice (state, filter, sort), resets the cursor and asks for page 0.
    func setQuery(_ state: inout ConsoleState, _ change: (inout QueueQuery) -> Void) -> [Effect] {
        var q = state.query
        change(&q)
        q.offset = 0
        q.limit = state.queueVisibleRows * 3
        state.queue = ListPosition()
        guard q != state.query else { return [] }
        state.query = q
        return [.loadQueue(q)]
    }

    /// Asks for a new page when the visible rows are not all on the loaded (or requested) page.
    ///
    /// The page spans one screen above and two below the first visible row, so moving line by
    /// line or a page at a time loads rarely; the store answers with `LIMIT/OFFSET`.
    func ensureQueuePage(_ state: inout ConsoleState) -> [Effect] {
        let visible = state.queueVisibleRows
        let total = state.snapshot.queue.totalCount
        let first = state.queue.scroll
        let last = min(total, first + visible)           // exclusive
        let want = state.query
        func covers(_ q: QueueQuery, rows: Int) -> Bool {
            q.offset <= first && q.offset + rows >= last
        }
        let page = state.snapshot.queue
        if page.query == want, covers(page.query, rows: page.rows.count) { return [] }
        if page.query != want, covers(want, rows: want.limit) { return [] }   // already requested
        var q = want
        q.offset = max(0, first - visible)
        q.limit = visible * 3
        state.query = q
        return [.loadQueue(q)]
    }

    func queueCommand(_ command: Command, _ state: inout ConsoleState) -> [Effect] {
        switch command {
        case .toggleTag:
            guard let row = state.selectedQueueRow else { return [] }
            if state.tagged.remove(row.address) == nil { state.tagged.insert(row.address) }
            return move(.down, &state)          // tag and advance, as in mutt/htop
        case .tagVisible:
            let rows = visibleQueueRows(state)
            state.tagged.formUnion(rows.map(\.address))
            state.status = StatusLine("tagged \(rows.count) visible rows (\(state.tagged.count) tagged)")
        case .untagAll:
            state.status = StatusLine("untagged \(state.tagged.count) rows")
            state.tagged = []
        case .release, .suppress:
            askAddressAction(release: command == .release, state: &state)
        case .detail:
            guard let row = state.selectedQueueRow else { return [] }
            state.mode = .detail(address: row.address)
            return [.loadDetail(address: row.address)]
        case .releaseIncident:
            askReleaseIncident(&state)
        default:
            break
        }
        return []
    }

    /// Loaded rows currently on screen.
    func visibleQueueRows(_ state: ConsoleState) -> [QueueRow] {
        (state.queue.scroll..<state.queue.scroll + state.queueVisibleRows).compactMap { state.snapshot.queue.row(at: $0) }
    }

    /// The addresses `r`/`s` act on: the tagged set, else the selected row (or the detail view's address).
    func targetAddresses(_ state: ConsoleState) -> (addresses: [String], scope: String)? {
        if case .detail(let address) = state.mode { return ([address], address) }
        if !state.tagged.isEmpty {
            return (state.tagged.sorted(), "tagged in \(state.query.state.rawValue) view")
        }
        guard let row = state.selectedQueueRow else { return nil }
        return ([row.address], "selected row")
    }

    func askAddressAction(release: Bool, state: inout ConsoleState) {
        guard let target = targetAddresses(state) else {
            state.status = StatusLine("nothing selected", isError: true); return
        }
        let n = target.addresses.count
        let verb = release ? "Release" : "Suppress"
        let what = n == 1 ? "1 address" : "\(Fmt.count(n)) addresses"
        var message = ["\(verb) \(what) (\(target.scope))?"]
        if n == 1 { message.append(TextSanitizer.clean(target.addresses[0])) }
        message.append(release ? "Released addresses are retried and leave the queue."
                               : "Suppressed addresses get no more mail until released.")
        if release, let open = openIncident(covering: target.addresses, state) {
            message += Self.stillOpenWarning(open)
        }
        let typed = n >= state.bulkThreshold ? "\(n)" : nil
        state.mode = .confirm(Confirmation(operation: release ? .release(target.addresses) : .suppress(target.addresses),
                                           message: message, requiredText: typed))
    }

    func askReleaseIncident(_ state: inout ConsoleState) {
        guard let incident = contextIncident(state) else {
            state.status = StatusLine("no incident under the cursor or open", isError: true); return
        }
        guard incident.heldCount > 0 else {
            state.status = StatusLine("incident #\(incident.id) has no held addresses", isError: true); return
        }
        let n = incident.heldCount
        let reasons = incident.reasons.joined(separator: ", ")
        let message: [String] = [
            "Release ALL \(Fmt.count(n)) held addresses of incident #\(incident.id)?",
            "\(incident.provider) · \(reasons) · since \(TimeText.mdhm(incident.startedAt, offset: state.snapshot.header.utcOffsetSeconds))",
        ] + (incident.closedAt == nil ? Self.stillOpenWarning(incident) : ["The incident is closed."])
        state.mode = .confirm(Confirmation(operation: .releaseIncident(id: incident.id, count: n),
                                           message: message, requiredText: "\(n)"))
    }

    /// An open incident of the provider of any of `addresses` (linked to it, or its provider's),
    /// so the confirmation can warn that releasing now may only bounce again.
    func openIncident(covering addresses: [String], _ state: ConsoleState) -> IncidentSummary? {
        let open = state.snapshot.incidents.filter { $0.closedAt == nil && $0.kind == .provider }
        guard !open.isEmpty else { return nil }
        let wanted = Set(addresses)
        for row in state.snapshot.queue.rows where wanted.contains(row.address) {
            if let hit = open.first(where: { $0.id == row.incidentID || $0.provider == row.provider }) { return hit }
        }
        return nil
    }

    /// "Warning: incident #7 (apple) is still OPEN:" / "apple may still answer 5.1.1 …" (two
    /// lines: the dialog is narrow at 80 columns).
    static func stillOpenWarning(_ i: IncidentSummary) -> [String] {
        ["Warning: incident #\(i.id) (\(i.provider)) is still OPEN:",
         "\(i.provider) may still answer 5.1.1; released mail may bounce again."]
    }

    /// Runs a confirmed operation: emits the effect and drops the tags it consumed.
    func confirmed(_ c: Confirmation, _ state: inout ConsoleState) -> [Effect] {
        state.mode = .normal
        switch c.operation {
        case .release(let a):
            state.tagged.subtract(a)
            state.status = StatusLine("releasing \(a.count == 1 ? "1 address" : "\(Fmt.count(a.count)) addresses")…")
            return [.releaseAddresses(a)]
        case .suppress(let a):
            state.tagged.subtract(a)
            state.status = StatusLine("suppressing \(a.count == 1 ? "1 address" : "\(Fmt.count(a.count)) addresses")…")
            return [.suppressAddresses(a)]
        case .releaseIncident(let id, let n):
            state.status = StatusLine("releasing \(Fmt.count(n)) addresses of incident #\(id)…")
            return [.releaseIncident(id)]
        }
    }
}
