import BounceCore
import Foundation
import Logging
import Synchronization

/// Runs a configured program with the released addresses on stdin, one per line. The program is
/// started directly from an argv array — never through a shell — so addresses full of quotes,
/// `$(...)` or backticks are only ever data. Context goes in environment variables
/// (`BOUNCEWATCH_OPERATOR`, `BOUNCEWATCH_INCIDENT`, `BOUNCEWATCH_COUNT`).
public struct CommandReleaser: Releaser {
    static let log = Logger(label: "bouncewatch.release")
    public var argv: [String]
    public var timeoutSeconds: Int

    public init(argv: [String], timeoutSeconds: Int = 20) {
        self.argv = argv
        self.timeoutSeconds = timeoutSeconds
    }

    /// Addresses that cannot be passed one per line (they contain a line break or NUL).
    public static func isLineSafe(_ address: String) -> Bool {
        !address.utf8.contains { $0 == 10 || $0 == 13 || $0 == 0 }
    }

    public func release(_ addresses: [String], context: ReleaseContext) throws {
        do {
            let started = Date()
            try run(addresses, context: context)
            Self.log.info("release command \(argv.first ?? "") took \(addresses.count) address(es) and exited 0",
                          metadata: ["operator": "\(context.operatorName)", "incident": "\(context.incidentID.map(String.init) ?? "-")",
                                     "seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
        } catch {
            Self.log.error("\(error)", metadata: ["operator": "\(context.operatorName)", "count": "\(addresses.count)"])
            throw error
        }
    }

    func run(_ addresses: [String], context: ReleaseContext) throws {
        guard let program = argv.first, let exe = Self.resolve(program) else {
            throw ReleaseError("release command not found: \(argv.first ?? "(empty)")")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = Array(argv.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["BOUNCEWATCH_OPERATOR"] = context.operatorName
        env["BOUNCEWATCH_INCIDENT"] = context.incidentID.map(String.init) ?? ""
        env["BOUNCEWATCH_COUNT"] = String(addresses.count)
        process.environment = env
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw ReleaseError("cannot start release command \(exe): \(error.localizedDescription)")
        }
        // Feed stdin on another thread: a command that does not read must not deadlock us, and
        // an early exit gives EPIPE (SIGPIPE is ignored by the CLI), not a crash.
        let payload = Array(addresses.joined(separator: "\n").utf8) + (addresses.isEmpty ? [] : [10])
        let writeFD = stdin.fileHandleForWriting.fileDescriptor
        let writer = Thread {
            var off = 0
            while off < payload.count {
                let n = payload[off...].withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
                if n < 0 { if errno == EINTR { continue }; break }
                off += n
            }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errData = ErrorCollector(handle: stderr.fileHandleForReading)
        if done.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + .seconds(2))
            throw ReleaseError("release command timed out after \(timeoutSeconds) s; nothing was released")
        }
        let status = process.terminationStatus
        let reasonIsExit = process.terminationReason == .exit
        guard reasonIsExit && status == 0 else {
            let detail = errData.lastLine().map { ": \($0)" } ?? ""
            let how = reasonIsExit ? "exited with status \(status)" : "was killed by signal \(status)"
            throw ReleaseError("release command \(how)\(detail); nothing was released")
        }
    }

    /// Finds `program` on PATH unless it already contains a slash.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Collects a child's stderr in the background (bounded), for the failure message.
final class ErrorCollector: Sendable {
    private let data = Mutex(Data())
    private let finished = DispatchSemaphore(value: 0)

    init(handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                data.withLock { if $0.count < 64 * 1024 { $0.append(chunk) } }
            }
            finished.signal()
        }.start()
    }

    /// The last non-empty line, sanitised (it is shown in the console and on stderr).
    func lastLine() -> String? {
        _ = finished.wait(timeout: .now() + .milliseconds(500))
        let text = data.withLock { String(decoding: $0, as: UTF8.self) }
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        else { return nil }
        return String(String.UnicodeScalarView(line.prefix(300).unicodeScalars.map { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) ? "?" : $0 }))
    }
}
