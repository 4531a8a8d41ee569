import BouncePostgres
import Foundation

/// One process owns a followed source: an exclusive `flock` per (database, file) pair, released
/// automatically if the process dies. A second follower gets a clear message instead of
/// ingesting the same lines twice.
final class SourceLock {
    private var fds: [Int32] = []

    init(database: String, paths: [String]) throws {
        // A PostgreSQL store has no file to sit beside: the locks go in this host's temp
        // directory, named after the URL (the followed files are this host's too).
        let base = PostgresURL.isPostgres(database)
            ? NSTemporaryDirectory() + "/bouncewatch-" + String(UInt64(bitPattern: database.hashValueStable), radix: 16)
            : database
        for path in paths {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let lockPath = base + ".follow-" + String(UInt64(bitPattern: Int64(absolute.hashValueStable)), radix: 16) + ".lock"
            let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw RuntimeError("cannot create lock \(lockPath): \(String(cString: strerror(errno)))") }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                close(fd)
                release()
                throw RuntimeError("\(path) is already being followed into \((try? PostgresURL(database))?.redacted ?? database) by another bouncewatch process; open a console without --follow to watch it")
            }
            fds.append(fd)
        }
    }

    func release() {
        for fd in fds { flock(fd, LOCK_UN); close(fd) }
        fds = []
    }
}

extension String {
    /// FNV-1a (stable across runs, unlike `hashValue`).
    var hashValueStable: Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: h)
    }
}
