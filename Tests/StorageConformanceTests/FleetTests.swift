import BounceCore
import BouncePostgres
import Foundation
import Testing

/// What only a shared store has: several ingesting hosts, each with its own cursors and engine
/// state, and the warning an ingester gives when it is not alone.
@Suite(.enabled(if: Backend.postgresURL != nil, "needs PostgreSQL (BOUNCEWATCH_TEST_POSTGRES)"))
struct FleetTests {
    @Test func cursorsAndEngineStateArePerHostAndOtherIngestersAreKnown() throws {
        let store = try TestStore(.postgres)
        defer { store.close() }
        let mta1 = try #require(store.primary as? PostgresStorage)
        let mta2 = try #require(try store.another(host: "mta2") as? PostgresStorage)
        #expect(try mta1.otherIngesters().isEmpty)
        // The same device/inode on two hosts are two different files.
        let id = SourceIdentity(device: 2049, inode: 131_077, headLength: 4096, headHash: 77)
        try mta1.transaction { tx in
            try tx.saveEngineState(Data("one".utf8))
            try tx.saveCursor(SourceCursor(identity: id, path: "/var/log/mail.log", offset: 100, line: 3, format: .postfix), at: 10)
        }
        try mta2.transaction { tx in
            try tx.saveEngineState(Data("two".utf8))
            try tx.saveCursor(SourceCursor(identity: id, path: "/var/log/mail.log", offset: 900, line: 40, format: .postfix), at: 11)
        }
        let (state1, cursors1) = try mta1.snapshot { tx in (try tx.engineState(), try tx.cursors(device: 2049, inode: 131_077)) }
        let (state2, cursors2) = try mta2.snapshot { tx in (try tx.engineState(), try tx.cursors()) }
        #expect(state1 == Data("one".utf8) && state2 == Data("two".utf8))
        #expect(cursors1.map(\.offset) == [100] && cursors2.map(\.offset) == [900])
        #expect(try mta1.otherIngesters() == ["mta2"])
        #expect(try mta2.otherIngesters() == ["mta1"])
    }
}
