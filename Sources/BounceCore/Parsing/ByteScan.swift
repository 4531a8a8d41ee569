import CByteSearch

/// Small byte-level helpers shared by the parsers. They work on slices of an
/// `UnsafeBufferPointer<UInt8>` so a parser never builds a `String` until it keeps a field.
public typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

public enum ByteScan {
    /// Index of the first occurrence of `needle` in `hay`, or nil. `needle` must be non-empty.
    @inlinable
    public static func find(_ needle: StaticString, in hay: Bytes) -> Int? {
        needle.withUTF8Buffer { n in find(n, in: hay) }
    }

    /// Index of the first occurrence of `needle` in `hay`, or nil. Uses libc `memmem` (SIMD),
    /// which matters: most log lines are rejected by one such search.
    @inlinable
    public static func find(_ n: UnsafeBufferPointer<UInt8>, in hay: Bytes) -> Int? {
        let m = n.count
        guard m > 0, hay.count >= m, let base = hay.base.baseAddress, let np = n.baseAddress else { return nil }
        let r = bw_memmem(base + hay.startIndex, hay.count, np, m)
        return r < 0 ? nil : hay.startIndex + r
    }

    /// Index of the first `byte` in `hay`, or nil.
    @inlinable
    public static func index(of byte: UInt8, in hay: Bytes) -> Int? {
        var i = hay.startIndex
        let base = hay.base
        while i < hay.endIndex {
            if base[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// True if `hay` starts with `prefix`.
    @inlinable
    public static func hasPrefix(_ prefix: StaticString, _ hay: Bytes) -> Bool {
        prefix.withUTF8Buffer { p in
            guard hay.count >= p.count else { return false }
            var i = 0
            while i < p.count {
                if hay.base[hay.startIndex + i] != p[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Parses an unsigned decimal at the start of `s`; returns value and digit count (0 if none).
    @inlinable
    public static func leadingInt(_ s: Bytes, maxDigits: Int = 18) -> (value: Int, digits: Int) {
        var v = 0
        var n = 0
        var i = s.startIndex
        while i < s.endIndex, n < maxDigits {
            let c = s.base[i]
            guard c >= 48, c <= 57 else { break }
            v = v * 10 + Int(c - 48)
            n += 1
            i += 1
        }
        return (v, n)
    }

    /// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD (never fails).
    @inlinable
    public static func string(_ s: Bytes) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: s), as: UTF8.self)
    }

    /// Lower-cased ASCII copy as a String (non-ASCII bytes are kept as UTF-8).
    @inlinable
    public static func lowercasedString(_ s: Bytes) -> String {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        for c in s { out.append(c >= 65 && c <= 90 ? c + 32 : c) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` without leading and trailing ASCII spaces and tabs.
    @inlinable
    public static func trimmed(_ s: Bytes) -> Bytes {
        var lo = s.startIndex
        var hi = s.endIndex
        while lo < hi, s.base[lo] == 32 || s.base[lo] == 9 { lo += 1 }
        while hi > lo, s.base[hi - 1] == 32 || s.base[hi - 1] == 9 { hi -= 1 }
        return s.base[lo..<hi]
    }
}
