import Testing
@testable import ConsoleUI

/// Headless runs of the real loop on a `VirtualTerminal` with the sample backend.
@Suite struct ConsoleLoopTests {
    func loop(_ term: VirtualTerminal, _ backend: SampleBackend, stop: @escaping () -> Bool = { false }) -> ConsoleLoop {
        ConsoleLoop(terminal: term, theme: .builtinDefault, state: ConsoleState(),
                    snapshot: { backend.snapshot(for: $0) }, perform: { backend.perform($0, $1) }, shouldStop: stop)
    }

    @Test func releaseTwoTaggedAddressesEndToEnd() {
        let backend = SampleBackend(queueSize: 50)
        let term = VirtualTerminal(rows: 24, cols: 80, keys: [.char(" "), .char(" "), .char("r"), .char("y"), nil, .char("q")])
        var l = loop(term, backend)
        #expect(l.run() == .quit)
        #expect(backend.rows.filter { $0.state == .released }.count == 2)
        #expect(term.screen.contains("held 48"))
        #expect(term.screen.contains("released 2 addresses"))
    }

    @Test func idleTicksDoNotRepaint() {
        let backend = SampleBackend(queueSize: 50)
        let term = VirtualTerminal(rows: 24, cols: 80, keys: [nil, nil, nil, nil])
        var l = loop(term, backend)
        l.start()
        for _ in 0..<4 { #expect(l.step() == nil) }
        #expect(l.frames == 1)
    }

    @Test func resizeAndStopFlag() {
        let backend = SampleBackend(queueSize: 50)
        let term = VirtualTerminal(rows: 60, cols: 200, keys: [nil])
        var stop = false
        var l = loop(term, backend, stop: { stop })
        l.start()
        _ = l.step()
        #expect(term.lines.count == 60)
        term.resize(rows: 24, cols: 80)
        _ = l.step()
        _ = l.step()
        #expect(term.lines.count == 24 && term.lines[0].count == 80)
        stop = true
        #expect(l.step() == .stopped)
    }

    @Test func effectFailureBecomesAStatusMessage() {
        let term = VirtualTerminal(rows: 24, cols: 80, keys: [.char("s"), .char("y"), nil])
        let backend = SampleBackend(queueSize: 10)
        var l = ConsoleLoop(terminal: term, theme: .builtinMono, state: ConsoleState(),
                            snapshot: { backend.snapshot(for: $0) },
                            perform: { e, r in
                                if case .suppressAddresses = e { return [.effectFailed("suppress failed: database is locked")] }
                                return backend.perform(e, r)
                            })
        l.start()
        for _ in 0..<3 { _ = l.step() }
        _ = l.step()
        #expect(term.lines.last!.contains("suppress failed: database is locked"))
        #expect(term.roles(row: 23)[1] == .statusError)
    }

    @Test func outOfBandResultsArriveThroughTheInbox() {
        let backend = SampleBackend(queueSize: 10)
        let term = VirtualTerminal(rows: 24, cols: 80, keys: [.char("r"), .char("y"), nil, nil])
        var mailbox: [Action] = []
        var released: [String] = []
        var l = ConsoleLoop(terminal: term, theme: .builtinDefault, state: ConsoleState(),
                            snapshot: { backend.snapshot(for: $0) },
                            perform: { e, r in
                                // A slow release: accepted now, answered later.
                                if case .releaseAddresses(let a) = e { released = a; return [] }
                                return backend.perform(e, r)
                            },
                            inbox: { defer { mailbox = [] }; return mailbox })
        // (the mailbox is a plain var here; a real app would use a Mutex filled by a background task)
        l.start()
        _ = l.step(); _ = l.step(); _ = l.step()            // each step renders first, then reads a key
        #expect(released.count == 1)
        #expect(term.lines.last!.contains("releasing 1 address"))
        mailbox = [.effectFailed("release command exited 1: connection refused")]
        _ = l.step(); _ = l.step()
        #expect(term.lines.last!.contains("release command exited 1"))
    }
}
