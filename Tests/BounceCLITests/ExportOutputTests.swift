import Foundation
import Testing

/// `export --output FILE` writes only a regular file at that name, owner-only, and never through a
/// symbolic link (a queue export holds addresses and remote replies).
@Suite struct ExportOutputTests {
    static let header = "address,domain,provider,state,reason,status,last_reply,first_bounce_at,last_bounce_at,bounces,last_delivered_at,incident_id,updated_by,updated_at"

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func refusesASymlinkAndLeavesItsTargetAlone() throws {
        let cli = CLIRunner()
        let target = cli.file("precious.txt", "keep me\n")
        let link = cli.dir + "/held.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let out = try cli.run(["export", "held", "--output", link])
        #expect(out.status == 1)
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(out.stderr.contains("symbolic link"), "\(out.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.dir).filter { $0.hasPrefix(".held.csv.") }.isEmpty)
    }

    @Test func refusesADirectoryAndADanglingLink() throws {
        let cli = CLIRunner()
        let dir = cli.dir + "/out"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let asDir = try cli.run(["export", "held", "--output", dir])
        #expect(asDir.status == 1 && asDir.stderr.contains("not a regular file"), "\(asDir.stderr)")
        let dangling = cli.dir + "/dangling.csv"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: cli.dir + "/would-be-created")
        let viaLink = try cli.run(["export", "held", "--output", dangling])
        #expect(viaLink.status == 1)
        #expect(!FileManager.default.fileExists(atPath: cli.dir + "/would-be-created"))
    }

    @Test func rewritingAWideFileLeavesItOwnerOnly() throws {
        let cli = CLIRunner()
        let path = cli.file("held.csv", "old content that is longer than the new export will be, to catch a missed truncate\n")
        chmod(path, 0o644)
        #expect(try Self.mode(path) == 0o644)
        let out = try cli.run(["export", "held", "--output", path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("exported 0 held item(s)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.header + "\n")
        #expect(try Self.mode(path) == 0o600)
        let fresh = cli.dir + "/new.jsonl"
        #expect(try cli.run(["export", "suppressed", "--format", "jsonl", "--output", fresh]).status == 0)
        #expect(try Self.mode(fresh) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.dir).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func helpSaysSo() throws {
        let out = try CLIRunner().run(["export", "--help"], db: false)
        #expect(out.status == 0)
        let help = out.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("0600") && help.contains("symbolic link"), "\(out.stdout)")
    }
}
