import BounceCore
import Foundation

/// Appends released items to a CSV or JSONL file (created owner-only, header written once).
public struct ExportFileReleaser: Releaser {
    public var path: String
    public var format: ExportFormat

    public init(path: String, format: ExportFormat) {
        self.path = path
        self.format = format
    }

    public func release(_ addresses: [String], context: ReleaseContext) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ReleaseError("cannot write export file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        var text = ""
        if format == .csv, st.st_size == 0 { text += ExportWriter.csvHeader + "\n" }
        let wanted = Set(addresses)
        for item in context.items where wanted.contains(item.address) {
            var released = item
            released.state = .released
            released.updatedBy = context.operatorName
            text += (format == .csv ? ExportWriter.csvRow(released) : ExportWriter.jsonlRow(released)) + "\n"
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReleaseError("cannot write export file \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw ReleaseError("cannot sync export file \(path): \(String(cString: strerror(errno)))") }
    }
}
