import Foundation
import Synchronization

/// Runs a configured program the safe way, for the release command and the incident hook alike:
/// straight from an argv array (never a shell, so data full of quotes, `$(...)` or backticks stays
/// data), the payload on stdin from another thread (a program that does not read cannot
/// deadlock us; an early exit is EPIPE, not a crash — SIGPIPE is ignored by the CLI), stdout
/// discarded, the last stderr line kept for the error, and a hard timeout.
struct ChildProcess {
    var argv: [String]
    var timeoutSeconds: Int
    /// Added to the inherited environment.
    var environment: [String: String] = [:]

    /// Why a run failed, in words for a log line or the console (nothing about the payload).
    enum Failure: Error, Equatable {
        case notFound(String)
        case cannotStart(String, String)
        case timedOut(Int)
        case exited(Int32, String?)
        case killed(Int32, String?)

        var description: String {
            func detail(_ d: String?) -> String { d.map { ": \($0)" } ?? "" }
            switch self {
            case let .notFound(p): return "not found: \(p)"
            case let .cannotStart(p, why): return "cannot start \(p): \(why)"
            case let .timedOut(s): return "timed out after \(s) s"
            case let .exited(status, d): return "exited with status \(status)\(detail(d))"
            case let .killed(signal, d): return "was killed by signal \(signal)\(detail(d))"
            }
        }
    }

    /// Runs to completion; throws `Failure` unless the program exits 0 in time.
    func run(stdin payload: [UInt8]) throws(Failure) {
        guard let program = argv.first, let exe = Self.resolve(program) else {
            throw .notFound(argv.first ?? "(empty)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = Array(argv.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw .cannotStart(exe, error.localizedDescription)
        }
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
            if done.wait(timeout: .now() + .seconds(2)) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            throw .timedOut(timeoutSeconds)
        }
        let status = process.terminationStatus
        guard process.terminationReason == .exit else { throw .killed(status, errData.lastLine()) }
        guard status == 0 else { throw .exited(status, errData.lastLine()) }
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
