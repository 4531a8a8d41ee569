import Testing
@testable import ConsoleUI

@Suite struct ReducerTests {
    @Test func taggingTwoRowsThenReleaseConfirmsBoth() {
        var (s, _) = Fixtures.state()
        let a = s.selectedQueueRow!.address
        Fixtures.press([.char(" ")], &s)                   // tags and moves down
        let b = s.selectedQueueRow!.address
        Fixtures.press([.char(" ")], &s)
        #expect(s.tagged == [a, b])
        #expect(Fixtures.press([.char("r")], &s).isEmpty)
        guard case .confirm(let c) = s.mode else { Issue.record("no dialog"); return }
        #expect(c.message[0].contains("2 addresses"))
        #expect(c.requiredText == nil)
        #expect(Fixtures.render(s).lines.joined().contains("Release 2 addresses"))
        #expect(Fixtures.press([.enter], &s).isEmpty)      // Enter is not yes for destructive actions
        let effects = Fixtures.press([.char("y")], &s)
        #expect(effects == [.releaseAddresses([a, b].sorted())])
        #expect(s.tagged.isEmpty && s.mode == .normal)
    }

    @Test func releaseWithoutTagsTakesTheSelectedRow() {
        var (s, _) = Fixtures.state()
        Fixtures.press([.char("j"), .char("j")], &s)
        let addr = s.selectedQueueRow!.address
        #expect(Fixtures.press([.char("s"), .char("y")], &s) == [.suppressAddresses([addr])])
    }

    @Test func bulkReleaseRequiresTypingTheCount() {
        var (s, _) = Fixtures.state(queue: 3000)
        let effects0 = Fixtures.press([.char("R")], &s)
        #expect(effects0.isEmpty)
        guard case .confirm(let c) = s.mode else { Issue.record("no dialog"); return }
        #expect(c.requiredText == "3000")
        #expect(c.message[0].contains("3,000"))
        #expect(Fixtures.press([.char("y"), .enter], &s).isEmpty)          // y is just text here
        #expect(s.status?.isError == true)
        Fixtures.press([.backspace], &s)
        #expect(Fixtures.press(Fixtures.type("3001") + [.enter], &s).isEmpty)
        Fixtures.press(Array(repeating: .backspace, count: 4), &s)
        #expect(Fixtures.press(Fixtures.type("3000") + [.enter], &s) == [.releaseIncident(7)])
    }

    @Test func manyTaggedAddressesAlsoNeedTypedConfirmation() {
        var (s, _) = Fixtures.state()
        s.bulkThreshold = 3
        Fixtures.press([.char("a")], &s)                   // tags all visible rows
        let n = s.tagged.count
        #expect(n == s.queueVisibleRows && n >= s.bulkThreshold)
        Fixtures.press([.char("r")], &s)
        guard case .confirm(let c) = s.mode else { Issue.record("no dialog"); return }
        #expect(c.requiredText == "\(n)")
        Fixtures.press([.escape], &s)
        #expect(s.mode == .normal && s.tagged.count == n)  // cancel keeps tags
        Fixtures.press([.char("u")], &s)
        #expect(s.tagged.isEmpty)
    }

    @Test func filterEditingAndEscClears() {
        var (s, _) = Fixtures.state()
        var effects = Fixtures.press([.char("/")] + Fixtures.type("icl"), &s)
        #expect(effects.last == .loadQueue(QueueQuery(state: .held, filter: "icl", offset: 0, limit: s.queueVisibleRows * 3)))
        effects = Fixtures.press([.backspace], &s)
        #expect(s.query.filter == "ic")
        Fixtures.press([.enter], &s)
        #expect(s.mode == .normal && s.query.filter == "ic")
        #expect(Fixtures.render(s).lines.last!.contains("filter: ic"))
        Fixtures.press([.char("/"), .char("x")], &s)
        effects = Fixtures.press([.escape], &s)
        #expect(s.mode == .normal && s.query.filter.isEmpty)
        #expect(effects == [.loadQueue(QueueQuery(state: .held, filter: "", offset: 0, limit: s.queueVisibleRows * 3))])
    }

    @Test func pagingEmitsLoadQueueWithTheRightOffset() {
        var (s, backend) = Fixtures.state()
        let v = s.queueVisibleRows
        #expect(s.snapshot.queue.rows.count == 3 * v)
        #expect(Fixtures.press([.pageDown], &s).isEmpty)   // rows v..<2v are loaded
        #expect(s.queue.cursor == v && s.queue.scroll == v)
        #expect(Fixtures.press([.pageDown], &s).isEmpty)   // 2v..<3v loaded too
        let effects = Fixtures.press([.pageDown], &s)      // 3v..<4v is not
        #expect(effects == [.loadQueue(QueueQuery(state: .held, offset: 2 * v, limit: 3 * v))])
        #expect(s.selectedQueueRow == nil)                 // not loaded yet: rendered as "…loading"
        #expect(Fixtures.render(s).lines.contains { $0.contains("…loading") })
        _ = Fixtures.reducer.reduce(&s, .snapshot(backend.build(s.request)))
        #expect(s.selectedQueueRow != nil)
        #expect(Fixtures.press([.char("G")], &s) == [.loadQueue(QueueQuery(state: .held, offset: 3000 - 2 * v, limit: 3 * v))])
        #expect(s.queue.cursor == 2999)
    }

    @Test func tagsSurvivePaging() {
        var (s, backend) = Fixtures.state()
        Fixtures.press([.char(" ")], &s)
        Fixtures.press([.char("G")], &s)
        _ = Fixtures.reducer.reduce(&s, .snapshot(backend.build(s.request)))
        Fixtures.press([.char(" ")], &s)
        #expect(s.tagged.count == 2)
    }

    @Test func readOnlyBlocksMutatingKeys() {
        var (s, _) = Fixtures.state(readOnly: true)
        for key in ["r", "s", "R", "n"] {
            #expect(Fixtures.press([.char(Character(key))], &s).isEmpty)
            #expect(s.mode == .normal)
            #expect(s.status?.text.hasPrefix("read-only") == true)
        }
        #expect(Fixtures.render(s).lines.last!.contains("read-only"))
        #expect(Fixtures.render(s).lines[0].contains("READ-ONLY"))
    }

    @Test func noteEditorEmitsAddNote() {
        var (s, _) = Fixtures.state()
        Fixtures.press([.char("3"), .char("n")], &s)
        guard case .note(let d) = s.mode else { Issue.record("no editor"); return }
        #expect(d.kind == .note && d.incidentID == 7)
        Fixtures.press([.tab], &s)                          // note → (wraps) postmaster-contact
        let effects = Fixtures.press(Fixtures.type("mailed icloudadmin") + [.enter], &s)
        #expect(effects == [.addNote(kind: .postmasterContact, text: "mailed icloudadmin", incidentID: 7)])
        #expect(s.mode == .normal)
    }

    @Test func escalationDraftCanBeSavedOrLogged() {
        var (s, _) = Fixtures.state()
        Fixtures.press([.char("E")], &s)
        guard case .escalation(let e) = s.mode else { Issue.record("no draft"); return }
        #expect(e.text.contains("icloudadmin@apple.com") && e.text.contains("2019-08-08T15:45:00Z"))
        #expect(e.text.contains("550 5.1.1"))
        let save = Fixtures.press([.char("s")], &s)
        guard case .saveEscalation(let text, let path)? = save.first else { Issue.record("no save"); return }
        #expect(text == e.text && path.hasSuffix(".txt"))
        #expect(Fixtures.press([.char("l")], &s) == [.addNote(kind: .postmasterContact, text: e.text, incidentID: 7)])
    }

    @Test func focusWindowStateSwitchesAndDetail() {
        var (s, _) = Fixtures.state()
        Fixtures.press([.tab], &s)
        #expect(s.focus == .timeline)
        Fixtures.press([.char("1"), .char("w")], &s)
        #expect(s.focus == .rates && s.window == .m15)
        Fixtures.press([.char("2")], &s)
        #expect(Fixtures.press([.char("S")], &s).first == .loadQueue(QueueQuery(state: .suppressed, offset: 0, limit: s.queueVisibleRows * 3)))
        Fixtures.press([.char("h")], &s)
        let addr = s.selectedQueueRow?.address
        #expect(Fixtures.press([.enter], &s) == [.loadDetail(address: addr ?? "")])
        #expect(s.request.detailAddress == addr)
        Fixtures.press([.escape], &s)
        #expect(s.mode == .normal)
    }

    @Test func quitAndEffectResults() {
        var (s, _) = Fixtures.state()
        _ = Fixtures.reducer.reduce(&s, .effectFailed("release command failed: exit 1"))
        #expect(s.status == StatusLine("release command failed: exit 1", isError: true))
        #expect(Fixtures.press([.char("q")], &s) == [.quit])
    }

    @Test func cursorFollowsItsAddressWhenNewRowsArrive() {
        var (s, backend) = Fixtures.state()
        Fixtures.press([.char("j"), .char("j")], &s)
        let addr = s.selectedQueueRow!.address
        // Two new bounces sort to the top of the list.
        for n in 0..<2 {
            var r = backend.rows[0]
            r.address = "new\(n)@icloud.com"
            r.lastBounceAt = backend.now.addingTimeInterval(3600)
            backend.rows.append(r)
        }
        _ = Fixtures.reducer.reduce(&s, .snapshot(backend.build(s.request)))
        #expect(s.selectedQueueRow?.address == addr)
        #expect(s.queue.cursor == 4)
    }
}

@Suite struct QueueRefreshTests {
    /// A refresh that inserts a newer bounce above the list.
    func withNewRow(_ s: ConsoleState) -> ConsoleSnapshot {
        var snap = s.snapshot
        var row = snap.queue.rows[0]
        row.address = "newest@icloud.com"
        snap.queue.rows.insert(row, at: 0)
        snap.queue.totalCount += 1
        return snap
    }

    @Test func atTheTopTheQueueShowsNewArrivals() {
        var (s, _) = Fixtures.state()
        _ = Fixtures.reducer.reduce(&s, .snapshot(withNewRow(s)))
        #expect(s.queue.cursor == 0)
        #expect(s.selectedQueueRow?.address == "newest@icloud.com")
    }

    @Test func belowTheTopTheCursorStaysOnItsAddress() {
        var (s, _) = Fixtures.state()
        Fixtures.press([.down, .down], &s)
        let before = s.selectedQueueRow?.address
        _ = Fixtures.reducer.reduce(&s, .snapshot(withNewRow(s)))
        #expect(s.selectedQueueRow?.address == before)
        #expect(s.queue.cursor == 3)
    }
}
