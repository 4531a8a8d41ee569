#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream, fed in chunks, into lines without copying complete lines.
///
/// Handles `\n` and `\r\n` endings (a lone `\r` is kept as data), lines that span chunks, and
/// absurdly long lines: anything past `maxLineLength` is not buffered; the line is reported as
/// `overlong` once its end is seen, so a 1 GB line without a newline cannot exhaust memory.
public struct LineSplitter: Sendable {
    /// What the splitter hands out for each line.
    public enum Line {
        /// A line's bytes (without the terminator). Only valid inside the callback.
        case text(UnsafeBufferPointer<UInt8>)
        /// A line longer than `maxLineLength`; its bytes were dropped.
        case overlong(length: Int)
    }

    public let maxLineLength: Int
    private var carry: [UInt8] = []
    private var carryOverlong = false
    private var overlongLength = 0
    /// Bytes consumed through the end of the last complete line (for resumable cursors).
    public private(set) var committedOffset: Int64
    /// Bytes fed so far.
    public private(set) var fedOffset: Int64

    public init(maxLineLength: Int = 1 << 20, startOffset: Int64 = 0) {
        self.maxLineLength = maxLineLength
        self.committedOffset = startOffset
        self.fedOffset = startOffset
    }

    /// True when bytes of an unfinished line are pending.
    public var hasPartialLine: Bool { !carry.isEmpty || carryOverlong }

    /// Feeds a chunk; calls `body` for each complete line with the stream offset just past its
    /// terminator.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Line, Int64) -> Void) {
        var start = 0
        let n = chunk.count
        while start < n {
            // memchr is much faster than a byte loop on long lines.
            guard let base = chunk.baseAddress,
                  let hit = memchrIndex(base + start, 10, n - start).map({ $0 + start }) else {
                appendPartial(UnsafeBufferPointer(rebasing: chunk[start..<n]))
                fedOffset += Int64(n - start)
                return
            }
            let lineEndOffset = fedOffset + Int64(hit - start + 1)
            if carry.isEmpty && !carryOverlong {
                var end = hit
                if end > start, chunk[end - 1] == 13 { end -= 1 }
                if end - start > maxLineLength {
                    body(.overlong(length: end - start), lineEndOffset)
                } else {
                    body(.text(UnsafeBufferPointer(rebasing: chunk[start..<end])), lineEndOffset)
                }
            } else {
                appendPartial(UnsafeBufferPointer(rebasing: chunk[start..<hit]))
                emitCarry(lineEndOffset, body)
            }
            committedOffset = lineEndOffset
            fedOffset = lineEndOffset
            start = hit + 1
        }
    }

    /// Ends the stream: a final line without a terminator is emitted.
    public mutating func finish(_ body: (Line, Int64) -> Void) {
        guard hasPartialLine else { return }
        emitCarry(fedOffset, body)
        committedOffset = fedOffset
    }

    private mutating func appendPartial(_ bytes: UnsafeBufferPointer<UInt8>) {
        if carryOverlong {
            overlongLength += bytes.count
        } else if carry.count + bytes.count > maxLineLength + 1 {
            overlongLength = carry.count + bytes.count
            carry.removeAll(keepingCapacity: false)
            carryOverlong = true
        } else {
            carry.append(contentsOf: bytes)
        }
    }

    private mutating func emitCarry(_ endOffset: Int64, _ body: (Line, Int64) -> Void) {
        if carryOverlong {
            body(.overlong(length: overlongLength), endOffset)
        } else {
            if carry.last == 13 { carry.removeLast() }
            if carry.count > maxLineLength {
                body(.overlong(length: carry.count), endOffset)
            } else {
                carry.withUnsafeBufferPointer { body(.text($0), endOffset) }
            }
        }
        carry.removeAll(keepingCapacity: true)
        carryOverlong = false
        overlongLength = 0
    }
}

@usableFromInline
func memchrIndex(_ p: UnsafePointer<UInt8>, _ byte: UInt8, _ count: Int) -> Int? {
    guard count > 0, let r = memchr(p, Int32(byte), count) else { return nil }
    return UnsafeRawPointer(r) - UnsafeRawPointer(p)
}
