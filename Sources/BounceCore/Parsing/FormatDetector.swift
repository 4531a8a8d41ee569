/// Guesses a file's format from its first lines (`--format auto`, README.md, "Inputs").
///
/// Each of the first `sampleSize` non-empty lines votes with a weight: 2 for an unmistakable
/// line (a complete JSON object, a PowerMTA record with a time field, an Exim line with a
/// message id, a `postfix/<daemon>[pid]:` tag), 1 for a weaker hint (a truncated JSON object,
/// `postfix/` somewhere, an Exim-style date with an Exim keyword). A PowerMTA header line
/// (`type,timeLogged,...`) anywhere in the sample is decisive. Junk lines (banners, shell
/// output, binary) vote for nothing, so a few of them at the start do not change the answer.
///
/// ```swift
/// FormatDetector.detect(lines: firstLines)          // .postfix / .exim / .pmta / .jsonl / nil
/// FormatDetector.detect(prefix: firstChunkOfFile)   // same, from raw bytes
/// ```
public enum FormatDetector {
    /// How many non-empty lines are looked at.
    public static let sampleSize = 50

    /// Looks at up to the first `sampleSize` non-empty lines; nil when nothing is recognisable.
    public static func detect(lines: [[UInt8]]) -> SourceFormat? {
        var scores: [SourceFormat: Int] = [:]
        var seen = 0
        for line in lines {
            let verdict = line.withUnsafeBufferPointer { p -> (Vote?, Bool) in
                let t = trimmedLine(p[...])
                return (t.isEmpty ? nil : weightedVote(t), t.isEmpty)
            }
            if verdict.1 { continue }
            seen += 1
            if seen > sampleSize { break }
            guard let vote = verdict.0 else { continue }
            if vote.decisive { return vote.format }
            scores[vote.format, default: 0] += vote.weight
        }
        // Highest score; ties go to the format listed first in `SourceFormat.allCases`.
        var best: (SourceFormat, Int)?
        for f in SourceFormat.allCases {
            if let s = scores[f], s > (best?.1 ?? 0) { best = (f, s) }
        }
        return best?.0
    }

    /// Detects from the first bytes of a file (e.g. its first 64 KiB). A final line without a
    /// newline is only used when it is the only line (it may be cut off).
    public static func detect(prefix bytes: [UInt8]) -> SourceFormat? {
        var lines: [[UInt8]] = []
        var start = 0
        for (i, c) in bytes.enumerated() where c == 10 {
            lines.append(Array(bytes[start..<i]))
            start = i + 1
            if lines.count >= sampleSize * 4 { break }
        }
        if lines.isEmpty, start < bytes.count { lines.append(Array(bytes[start...])) }
        return detect(lines: lines)
    }

    /// The format a single line looks like, if any.
    public static func vote(_ line: Bytes) -> SourceFormat? {
        let t = trimmedLine(line)
        return t.isEmpty ? nil : weightedVote(t)?.format
    }

    /// One line's vote.
    public struct Vote: Sendable, Equatable {
        public var format: SourceFormat
        public var weight: Int
        /// True for a PowerMTA header: ends detection at once.
        public var decisive: Bool
    }

    /// The weighted vote of a trimmed, non-empty line.
    public static func weightedVote(_ t: Bytes) -> Vote? {
        let first = t.first!
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            if let v = JSONReader.parse(t), isEventShaped(v) { return Vote(format: .jsonl, weight: 2, decisive: false) }
            // A cut-off object still looks like JSON; `[` alone is too common in other logs.
            if first == UInt8(ascii: "{"), t.count > 1, t.base[t.startIndex + 1] == UInt8(ascii: "\"") {
                return Vote(format: .jsonl, weight: 1, decisive: false)
            }
            return nil
        }
        if isPowerMTAHeader(t) { return Vote(format: .pmta, weight: 100, decisive: true) }
        if isPowerMTARecord(t) { return Vote(format: .pmta, weight: 2, decisive: false) }
        if let w = eximWeight(t) { return Vote(format: .exim, weight: w, decisive: false) }
        if let w = postfixWeight(t) { return Vote(format: .postfix, weight: w, decisive: false) }
        return nil
    }

    static func trimmedLine(_ line: Bytes) -> Bytes {
        var s = line
        if s.count >= 3, s.base[s.startIndex] == 0xEF, s.base[s.startIndex + 1] == 0xBB, s.base[s.startIndex + 2] == 0xBF {
            s = s.base[(s.startIndex + 3)..<s.endIndex]
        }
        var t = ByteScan.trimmed(s)
        while let last = t.last, last == 13 { t = t.base[t.startIndex..<(t.endIndex - 1)] }
        return t
    }

    /// An object, or an array whose first element is an object (a SendGrid batch).
    static func isEventShaped(_ v: JSONValue) -> Bool {
        if v.isObject { return true }
        if let items = v.array, let first = items.first { return first.isObject }
        return false
    }

    /// `type,timeLogged,...` (first field `type`, quoted or not, with a known second column).
    static func isPowerMTAHeader(_ t: Bytes) -> Bool {
        var csv = CSVFields()
        guard csv.split(t), csv.count >= 2 else { return false }
        let line = t.base
        guard PowerMTAParser.isHeaderName(ByteScan.trimmed(csv.bytes(0, in: line))) else { return false }
        let names = (1..<csv.count).compactMap { csv.string($0, in: line)?.lowercased() }
        return names.contains { ["timelogged", "rcpt", "orig", "dsnstatus", "dsnaction", "dsndiag", "bouncecat"].contains($0) }
    }

    /// `d,1178807903,...` / `b,2026-09-21 12:00:07+0000,...`: a record type, then a time, and at
    /// least four fields.
    static func isPowerMTARecord(_ t: Bytes) -> Bool {
        var csv = CSVFields()
        guard csv.split(t), csv.count >= 4 else { return false }
        let line = t.base
        let type = csv.bytes(0, in: line)
        guard PowerMTAParser.RecordKind(type) != nil else { return false }
        let time = ByteScan.trimmed(csv.bytes(1, in: line))
        return TimestampBytes.parseUnix(time) != nil || TimestampBytes.parseCivil(time) != nil
    }

    /// `YYYY-MM-DD HH:MM:SS[.mmm][ ±zzzz][ [pid]] <exim-id> ...` → 2;
    /// the same date with an Exim keyword → 1. RFC 3339 syslog (`T` at 10) never matches.
    static func eximWeight(_ t: Bytes) -> Int? {
        guard t.count > 20 else { return nil }
        let b = t.base, s = t.startIndex
        func digit(_ i: Int) -> Bool { b[s + i] >= 48 && b[s + i] <= 57 }
        guard digit(0), digit(1), digit(2), digit(3), b[s + 4] == 45, digit(5), digit(6), b[s + 7] == 45,
              digit(8), digit(9), b[s + 10] == 32, digit(11), digit(12), b[s + 13] == 58, digit(14), digit(15),
              b[s + 16] == 58, digit(17), digit(18) else { return nil }
        var i = s + 19
        if i < t.endIndex, b[i] == 46 { i += 1; while i < t.endIndex, b[i] >= 48, b[i] <= 57 { i += 1 } }
        var tokens = 0
        while i < t.endIndex, tokens < 3 {
            while i < t.endIndex, b[i] == 32 { i += 1 }
            let start = i
            while i < t.endIndex, b[i] != 32 { i += 1 }
            let token = b[start..<i]
            guard let c = token.first else { break }
            if c == 43 || c == 45 || c == 91 { tokens += 1; continue }  // zone or [pid]
            if isEximID(token) { return 2 }
            break
        }
        for marker: StaticString in [" H=", " R=", " T=", "Start queue run", "End queue run", "exim", "SMTP connection from"]
        where ByteScan.find(marker, in: t) != nil {
            return ByteScan.find("postfix", in: t) == nil ? 1 : nil
        }
        return nil
    }

    /// Exim message ids: `1RwtZn-000Hp3-BF` (6-6-2) and, since 4.97, 6-11-4 base-62.
    static func isEximID(_ token: Bytes) -> Bool {
        var parts: [Int] = [0]
        for c in token {
            if c == 45 { parts.append(0); continue }
            let alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
            guard alnum else { return false }
            parts[parts.count - 1] += 1
        }
        guard parts.count == 3 else { return false }
        return parts[0] == 6 && (6...11).contains(parts[1]) && (2...4).contains(parts[2])
    }

    /// `postfix/smtp[7674]:`, `postfix-10.20.30.40/smtp[3022]:`, `postfix-out/qmgr:` → 2;
    /// `postfix/` elsewhere → 1.
    static func postfixWeight(_ t: Bytes) -> Int? {
        guard let at = ByteScan.find("postfix", in: t) else { return nil }
        let b = t.base
        var i = at + 7
        // instance suffix up to the slash
        while i < t.endIndex, b[i] != 47, b[i] != 32, b[i] != 58 { i += 1 }
        guard i < t.endIndex, b[i] == 47 else { return nil }
        i += 1
        let nameStart = i
        while i < t.endIndex, (b[i] >= 97 && b[i] <= 122) || b[i] == 45 || (b[i] >= 48 && b[i] <= 57) { i += 1 }
        guard i > nameStart, i < t.endIndex else { return 1 }
        let precededBySpace = at == t.startIndex || b[at - 1] == 32
        return (b[i] == 91 || b[i] == 58) && precededBySpace ? 2 : 1
    }
}
