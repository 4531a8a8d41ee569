import BounceCore
import Foundation

/// Writes an export where `--output` names it, without letting the name be aimed elsewhere.
///
/// An export holds addresses and remote replies, so it is owner-only (0600) even when it replaces
/// an older, wider file: the bytes go to a fresh temporary file beside the target (`mkstemp`
/// creates it 0600), which is then renamed over the name. A rename replaces the directory entry
/// itself, so a symbolic link planted at the name after the check is replaced, never followed.
/// An existing symbolic link or non-regular file (directory, FIFO, device) is refused up front
/// with a one-line error, and its target is left untouched. `mode` widens that for files meant
/// to be shared, such as the MTA tables of `mitigation --dir`, which hold no addresses.
enum ExportFile {
    static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
        let shown = TextSanitizer.plain(path)
        var st = stat()
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFLNK: throw RuntimeError("refusing to write \(shown): it is a symbolic link")
            default: throw RuntimeError("refusing to write \(shown): not a regular file")
            }
        } else if errno != ENOENT {
            throw RuntimeError("cannot write \(shown): \(String(cString: strerror(errno)))")
        }

        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var template = Array((dir + "/." + url.lastPathComponent + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RuntimeError("cannot write \(shown): \(String(cString: strerror(errno)))") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String?
        if mode != 0o600, fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        let bytes = Array(text.utf8)
        var done = 0
        while failure == nil, done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n > 0 { done += n } else if n < 0, errno != EINTR { failure = String(cString: strerror(errno)) }
        }
        // The rename must never expose a half-written file: flush before it.
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(tmp, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(tmp)
            throw RuntimeError("cannot write \(shown): \(failure)")
        }
    }
}
