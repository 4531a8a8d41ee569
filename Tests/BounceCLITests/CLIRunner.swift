import Foundation

/// Runs the built `bouncewatch` binary (it sits next to the test bundle) and captures its output.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    let dir: String
    var db: String { dir + "/bw.sqlite" }

    init() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("bw-cli-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    static var binary: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent("bouncewatch").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("bouncewatch").path
    }

    /// Runs with `--db` pointing at this runner's database unless `db: false`.
    @discardableResult
    func run(_ args: [String], stdin: String? = nil, db useDB: Bool = true, env: [String: String] = [:]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args + (useDB ? ["--db", db] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["BOUNCEWATCH_OPERATOR"] = "tester"
        environment["XDG_CONFIG_HOME"] = dir + "/config"
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin == nil ? FileHandle.nullDevice : inp
        try p.run()
        if let stdin {
            try inp.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
            try inp.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Writes a file in the runner's directory and returns its path.
    func file(_ name: String, _ text: String) -> String {
        let path = dir + "/" + name
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Parses JSON output.
    static func json(_ s: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(s.utf8), options: [.fragmentsAllowed])
    }
}
