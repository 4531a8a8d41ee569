/// Normalisation of diagnostic text before phrase matching: one pass, bytes in, bytes out.
///
/// - ASCII letters are lower-cased; whitespace runs (Postfix wraps DSN text at ~76 columns) become
///   one space; leading whitespace is dropped.
/// - Latin-1 accented letters fold to their ASCII base (`é`→`e`, `Ñ`→`n`, `ü`→`u`), so Orange's
///   unaccented `Mail rejete` and a correct `rejeté` match the same phrase.
/// - Cyrillic capitals are lower-cased; typographic apostrophes become `'`; NBSP becomes a space.
/// - Everything else (CJK, other scripts) is copied unchanged.
///
/// The output is never longer than the input.
enum DiagnosticText {
    /// Folded ASCII byte for U+00C0…U+00FF (index = second UTF-8 byte − 0x80); 0 = keep as is.
    static let latinFold: [UInt8] = {
        let map = "aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0\0aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0y"
        var t = [UInt8](repeating: 0, count: 64)
        for (i, b) in map.utf8.enumerated() where b != 0 { t[i] = b }
        return t
    }()

    /// ASCII byte → lower-case byte; 0 for whitespace. (Entries ≥ 0x80 are unused.)
    static let asciiMap: [UInt8] = (0..<256).map { i -> UInt8 in
        let b = UInt8(i)
        if b == 32 || (b >= 9 && b <= 13) { return 0 }
        if b >= 65 && b <= 90 { return b | 0x20 }
        return b
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 }

    /// Writes the normalised form of `src` into `dst` (capacity ≥ `src.count`); returns its length.
    static func normalize(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        let count = src.count
        var i = 0
        var n = 0
        var pendingSpace = false
        let fold = latinFold
        return asciiMap.withUnsafeBufferPointer { ascii in
        while i < count {
            let b = src[i]
            if b < 0x80 {
                let m = ascii[Int(b)]
                if m == 0 {
                    pendingSpace = n > 0
                    i += 1
                    continue
                }
                if pendingSpace { dst[n] = 32; n += 1; pendingSpace = false }
                dst[n] = m
                n += 1
                i += 1
                continue
            }
            if i + 1 < count {
                let c = src[i + 1]
                if b == 0xC2 && c == 0xA0 { // NBSP
                    pendingSpace = n > 0
                    i += 2
                    continue
                }
                if pendingSpace { dst[n] = 32; n += 1; pendingSpace = false }
                if b == 0xC3, c >= 0x80, c <= 0xBF {
                    let f = fold[Int(c - 0x80)]
                    if f != 0 { dst[n] = f; n += 1; i += 2; continue }
                    // Æ Ð Ø Þ (not folded): lower-case within the block.
                    dst[n] = 0xC3
                    dst[n + 1] = (c >= 0x80 && c <= 0x9E && c != 0x97) ? c + 0x20 : c
                    n += 2
                    i += 2
                    continue
                }
                if b == 0xD0 {
                    if c >= 0x90, c <= 0x9F { dst[n] = 0xD0; dst[n + 1] = c + 0x20; n += 2; i += 2; continue }
                    if c >= 0xA0, c <= 0xAF { dst[n] = 0xD1; dst[n + 1] = c - 0x20; n += 2; i += 2; continue }
                    if c >= 0x80, c <= 0x8F { dst[n] = 0xD1; dst[n + 1] = c + 0x10; n += 2; i += 2; continue }
                }
                // U+2018/U+2019 quotes → '
                if b == 0xE2, i + 2 < count, c == 0x80, src[i + 2] == 0x98 || src[i + 2] == 0x99 {
                    dst[n] = 39
                    n += 1
                    i += 3
                    continue
                }
            } else if pendingSpace {
                dst[n] = 32; n += 1; pendingSpace = false
            }
            dst[n] = b
            n += 1
            i += 1
        }
        return n
        }
    }

    /// The normalised form of a phrase (used when compiling rules).
    static func normalized(_ s: String) -> [UInt8] {
        let src = Array(s.utf8)
        var out = [UInt8](repeating: 0, count: src.count)
        let n = src.withUnsafeBufferPointer { s in out.withUnsafeMutableBufferPointer { normalize(s, into: $0.baseAddress!) } }
        return Array(out[..<n])
    }
}
