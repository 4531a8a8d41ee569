/// Cheap lower-casing for addresses and domains: ASCII only, and no copy when nothing changes
/// (the common case) — `String.lowercased()` is Unicode-aware and allocates every time.
public enum AsciiCase {
    public static func lowered(_ s: String) -> String {
        var needs = false
        for c in s.utf8 where c >= 65 && c <= 90 { needs = true; break }
        guard needs else { return s }
        return String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
