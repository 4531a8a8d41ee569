import BounceCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An open input file (or stdin) read with plain `read(2)` in large chunks.
public final class LogFile {
    public let path: String
    public let fd: Int32
    public private(set) var identity: SourceIdentity?
    public let size: Int64
    public let modified: Double
    private let ownsFD: Bool
    /// For `.gz` files: the `gzip -dc` child whose stdout we read (offsets count decompressed bytes).
    private var decompressor: Process?
    /// True when reading through a pipe (stdin, `.gz`): no seeking, no re-reading.
    public var isStream: Bool { fd == 0 || decompressor != nil }

    /// Leading bytes hashed to tell a file from a replacement with a recycled inode.
    public static let headLength = 1024

    /// Opens `path` (`-` = stdin). Throws `IngestError.cannotRead` with the OS reason.
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = 0
            ownsFD = false
            identity = nil
            size = 0
            modified = Date().timeIntervalSince1970
            return
        }
        let f = open(path, O_RDONLY | O_CLOEXEC)
        guard f >= 0 else { throw IngestError.cannotRead(path, String(cString: strerror(errno))) }
        var st = stat()
        guard fstat(f, &st) == 0 else {
            let why = String(cString: strerror(errno))
            close(f)
            throw IngestError.cannotRead(path, why)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(f)
            throw IngestError.cannotRead(path, "is a directory")
        }
        ownsFD = true
        size = Int64(st.st_size)
        modified = Double(st.st_mtim.tv_sec)
        let headLen = Int(min(Int64(LogFile.headLength), Int64(st.st_size)))
        identity = SourceIdentity(device: Int64(bitPattern: UInt64(st.st_dev)), inode: Int64(bitPattern: UInt64(st.st_ino)),
                                  headLength: headLen, headHash: LogFile.hashHead(fd: f, length: headLen) ?? 0)
        if path.hasSuffix(".gz") {
            // Rotated history: decompress with the system gzip, fed the file on stdin (never a shell).
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ChildProcess.resolve("gzip") ?? "/bin/gzip")
            p.arguments = ["-dc"]
            let out = Pipe()
            p.standardInput = FileHandle(fileDescriptor: f, closeOnDealloc: false)
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch {
                close(f)
                throw IngestError.cannotRead(path, "cannot start gzip: \(error.localizedDescription)")
            }
            decompressor = p
            gzipPipe = out
            compressedFD = f
            fd = out.fileHandleForReading.fileDescriptor
        } else {
            fd = f
        }
    }

    private var gzipPipe: Pipe?
    private var compressedFD: Int32 = -1

    deinit {
        if let decompressor {
            if decompressor.isRunning { decompressor.terminate() }
            decompressor.waitUntilExit()
            close(compressedFD)
        } else if ownsFD {
            close(fd)
        }
    }

    /// FNV-1a of the first `length` bytes, read with pread (the file position is untouched);
    /// nil when the file is now shorter than that.
    public static func hashHead(fd: Int32, length: Int) -> Int64? {
        var buf = [UInt8](repeating: 0, count: max(length, 1))
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, 0) }
        guard n == length else { return nil }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in buf.prefix(length) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: h)
    }

    /// True if this file still starts with the bytes a stored cursor saw.
    public func matches(_ id: SourceIdentity) -> Bool {
        guard let mine = identity, mine.device == id.device, mine.inode == id.inode else { return false }
        return LogFile.hashHead(fd: decompressor == nil ? fd : compressedFD, length: id.headLength) == id.headHash
    }

    /// A file first seen with fewer than `headLength` bytes gets a weak identity (a hash of what
    /// was there). Once it has grown, hash the full head so a later replacement that recycles the
    /// inode is told apart. Returns true when the identity changed.
    @discardableResult
    public func strengthenIdentity() -> Bool {
        guard var id = identity, id.headLength < LogFile.headLength, decompressor == nil, fd != 0 else { return false }
        var st = stat()
        guard fstat(fd, &st) == 0, Int64(st.st_size) > Int64(id.headLength) else { return false }
        let len = Int(min(Int64(LogFile.headLength), Int64(st.st_size)))
        guard let h = LogFile.hashHead(fd: fd, length: len) else { return false }
        id.headLength = len
        id.headHash = h
        identity = id
        return true
    }

    /// Moves the read position (files only).
    public func seek(to offset: Int64) throws {
        guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw IngestError.cannotRead(path, String(cString: strerror(errno)))
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at end of file. Retries on EINTR.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IngestError.cannotRead(path, String(cString: strerror(errno)))
        }
    }

    /// Reads the first bytes of the file (for format detection) without moving the position.
    public func head(_ count: Int) -> [UInt8] {
        if isStream { return [] }
        var buf = [UInt8](repeating: 0, count: count)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        return n > 0 ? Array(buf.prefix(n)) : []
    }
}

/// Ingest failures, each a one-line message for the CLI.
public enum IngestError: Error, CustomStringConvertible, Equatable {
    case cannotRead(String, String)
    case unknownFormat(String)

    public var description: String {
        switch self {
        case let .cannotRead(path, why): "cannot read \(path): \(why)"
        case let .unknownFormat(path): "cannot tell the log format of \(path); pass --format postfix|exim|pmta|jsonl"
        }
    }
}

extension LogFile {
    /// Waits until `fd` has data (or EOF) for at most `milliseconds`; false on timeout.
    public static func waitReadable(fd: Int32, milliseconds: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let r = poll(&p, 1, milliseconds)
            if r < 0 && errno == EINTR { continue }
            return r != 0
        }
    }
}
