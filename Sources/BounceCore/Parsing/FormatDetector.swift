/// Guesses a file's format from its first lines (`--format auto`, PRODUCT §2).
public enum FormatDetector {
    /// Looks at up to the first 50 non-empty lines; returns nil when nothing is recognisable.
    public static func detect(lines: [[UInt8]]) -> SourceFormat? {
        var votes: [SourceFormat: Int] = [:]
        var seen = 0
        for line in lines where !line.isEmpty {
            seen += 1
            if seen > 50 { break }
            if let f = line.withUnsafeBufferPointer({ vote($0[...]) }) { votes[f, default: 0] += 1 }
        }
        // A PowerMTA header on the first line is decisive; otherwise the majority wins.
        return votes.max { a, b in a.value != b.value ? a.value < b.value : a.key.rawValue > b.key.rawValue }?.key
    }

    /// The format a single line looks like, if any.
    public static func vote(_ line: Bytes) -> SourceFormat? {
        let t = ByteScan.trimmed(line)
        guard let first = t.first else { return nil }
        if first == UInt8(ascii: "{") { return .jsonl }
        if ByteScan.hasPrefix("type,", t) || ByteScan.hasPrefix("\"type\",", t) { return .pmta }
        if (first == UInt8(ascii: "d") || first == UInt8(ascii: "b") || first == UInt8(ascii: "t")
            || first == UInt8(ascii: "r") || first == UInt8(ascii: "f")),
           let comma = ByteScan.index(of: UInt8(ascii: ","), in: t), comma - t.startIndex <= 2 {
            return .pmta
        }
        if looksLikeEximLine(t) { return .exim }
        if ByteScan.find("postfix", in: t) != nil { return .postfix }
        return nil
    }

    /// `YYYY-MM-DD HH:MM:SS ` followed by an Exim message id or a flag-bearing field.
    static func looksLikeEximLine(_ t: Bytes) -> Bool {
        guard t.count > 20 else { return false }
        let b = t.base, s = t.startIndex
        func digit(_ i: Int) -> Bool { b[s + i] >= 48 && b[s + i] <= 57 }
        guard digit(0), digit(1), digit(2), digit(3), b[s + 4] == 45, digit(5), digit(6), b[s + 7] == 45,
              digit(8), digit(9), b[s + 10] == 32, digit(11), digit(12), b[s + 13] == 58 else { return false }
        // RFC 3339 syslog (`2026-03-03T10:45`) has a `T` at 10, so it never reaches here.
        return ByteScan.find("postfix", in: t) == nil
    }
}
