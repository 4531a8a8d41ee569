import BounceCore
import BounceService
import Foundation

/// Progress of a batch ingest on stderr: a live line (lines, MB/s, ETA) when stderr is a
/// terminal, and always a one-line summary per file at the end.
final class ProgressMeter {
    private let live = isatty(2) == 1
    private var started = Date()
    private var lastDraw = Date.distantPast

    func start(_ path: String) {
        started = Date()
        lastDraw = .distantPast
    }

    func update(_ p: IngestProgress) {
        guard live, Date().timeIntervalSince(lastDraw) > 0.25 else { return }
        lastDraw = Date()
        let secs = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(p.bytes) / secs
        var line = "\r\(TextSanitizer.plain(p.path)): \(p.lines) lines  \(String(format: "%.1f", rate / 1e6)) MB/s"
        let left = p.totalBytes - p.skippedBytes - p.bytes
        if p.totalBytes > 0, left > 0, rate > 0 { line += "  ETA \(Int(Double(left) / rate)) s" }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    func clear() {
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    func finish(_ p: IngestProgress) {
        clear()
        let secs = max(0.001, Date().timeIntervalSince(started))
        let resumed = p.skippedBytes > 0 ? ", resumed at byte \(p.skippedBytes)" : ""
        FileHandle.standardError.write(Data(
            "\(TextSanitizer.plain(p.path)): \(p.lines) lines, \(p.events) events, \(p.ignored) ignored, \(p.rejected) rejected, \(p.held) held, \(p.suppressed) suppressed in \(String(format: "%.2f", secs)) s\(resumed)\n".utf8))
    }
}
