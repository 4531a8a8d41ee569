import BounceCore
import BounceService
import BounceStore
import ConsoleApp
import ConsoleUI
import Foundation
import Testing

/// Scenarios of issue 4's acceptance, on the real engine and store (`ConsoleHarness`).
@Suite(.serialized) struct ConsoleHarnessTests {
    @Test func tagTwoAndReleaseChangesQueueTimelineAndAudit() throws {
        let h = try ConsoleHarness(held: 40)
        #expect(h.screen.contains("held 43"), "\(h.screen)")
        #expect(h.screen.contains("user0039@icloud.com"))
        h.press(.char(" "), .char(" "))                       // tag the two newest (cursor moves on)
        h.press(.char("r"))
        #expect(h.screen.contains("2 addresses"), "dialog states the count:\n\(h.screen)")
        h.press(.char("y"))
        #expect(h.screen.contains("held 41"), "\(h.screen)")
        #expect(!h.screen.contains("user0039@icloud.com"))
        #expect(h.screen.contains("released 2 addresses"), "bulk entry on the timeline:\n\(h.screen)")
        let trail = try h.store.read { tx in try tx.auditTrail(address: "user0039@icloud.com") }
        #expect(trail.last?.to == .released && trail.last?.by == "alice" && trail.last?.at == h.now)
        let bulk = try h.store.read { tx in try tx.timeline() }.last
        #expect(bulk?.kind == .bulk && bulk?.by == "alice")
    }

    @Test func filterNarrowsTheQueue() throws {
        let h = try ConsoleHarness(held: 40)
        h.press(.char("/"))
        h.type("gmail")
        h.press(.enter)
        #expect(h.state.snapshot.queue.totalCount == 2, "\(h.screen)")
        #expect(h.screen.contains("anna@gmail.com") && h.screen.contains("bob@gmail.com"))
        #expect(!h.screen.contains("user0001@icloud.com"))
        h.press(.char("/"), .escape)                          // Esc clears the filter
        #expect(h.state.snapshot.queue.totalCount == 43)
        h.press(.char("/"))
        h.type("!icloud")                                     // inverted filter
        h.press(.enter)
        #expect(h.state.snapshot.queue.totalCount == 2)
    }

    @Test func pagingThroughThousandsLoadsPages() throws {
        let h = try ConsoleHarness(held: 1_200)
        #expect(h.state.snapshot.queue.totalCount == 1_203)
        #expect(h.state.snapshot.queue.rows.count < 1_203, "never the whole queue")
        for _ in 0..<30 { h.press(.pageDown) }
        let page = h.state.snapshot.queue
        #expect(page.offset > 0 && page.rows.count <= page.query.limit)
        #expect(h.state.queue.cursor >= 30 * (h.state.queueVisibleRows - 1) - 1)
        h.press(.char("G"))                                   // bottom: the oldest bounce
        #expect(h.state.snapshot.queue.offset > 1_000)
        #expect(h.screen.contains("hostile@icloud.com"), "\(h.screen)")
        h.press(.char("g"))
        #expect(h.state.snapshot.queue.offset == 0)
        #expect(h.screen.contains("user1199@icloud.com"))
    }

    @Test func postmasterContactNoteReachesTimelineAndStore() throws {
        let h = try ConsoleHarness()
        h.press(.char("n"), .tab)                             // kinds cycle: note → postmaster-contact
        h.type("mailed icloudadmin, ticket 123")
        h.press(.enter)
        #expect(h.screen.contains("mailed icloudadmin, ticket 123"), "\(h.screen)")
        #expect(h.screen.contains("POSTMSTR"))
        let last = try h.store.read { tx in try tx.timeline() }.last
        #expect(last?.kind == .postmasterContact && last?.by == "alice" && last?.text == "mailed icloudadmin, ticket 123")
    }

    @Test func resizeTo80x24RelaysOut() throws {
        let h = try ConsoleHarness()
        #expect(h.lines.count == 60)
        h.term.resize(rows: 24, cols: 80)
        h.tick()
        #expect(h.lines.count == 24)
        #expect(h.lines.allSatisfy { $0.count <= 80 })
        #expect(h.screen.contains("Retry queue") && h.screen.contains("Rates"))
    }

    @Test func externalReleaseAppearsWithoutAKey() throws {
        let h = try ConsoleHarness(held: 40)
        #expect(h.screen.contains("held 43"))
        let other = try Store(path: h.dir + "/bw.sqlite")      // another connection, as another process
        _ = try QueueActions(store: other).release(.addresses(["user0039@icloud.com"]), by: "bob")
        h.tick()
        #expect(h.screen.contains("held 42"), "\(h.screen)")
        #expect(!h.screen.contains("user0039@icloud.com"))
        h.tick()                                              // idle again: no new frame
        let frames = h.loop.frames
        h.tick()
        #expect(h.loop.frames == frames)
    }

    @Test func hostileReplyIsSanitised() throws {
        let h = try ConsoleHarness()
        h.press(.char("/"))
        h.type("hostile")
        h.press(.enter, .enter)                               // filter, then the detail view
        #expect(h.screen.contains("moc.duolci"), "\(h.screen)")
        for bad in ["\u{1B}", "\u{07}", "\u{202E}", "pwned\u{07}"] { #expect(!h.screen.contains(bad)) }
        #expect(h.lines.allSatisfy { line in line.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
    }

    @Test func escalationDraftIsSavedOwnerOnly() throws {
        let h = try ConsoleHarness()
        let path = h.dir + "/draft.txt"
        let out = h.session.perform(.saveEscalation(text: "hello", path: path), h.state.request)
        #expect(out == [.effectSucceeded("draft saved to \(path) (owner-only)")])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
