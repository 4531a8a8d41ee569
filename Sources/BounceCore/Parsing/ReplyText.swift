import Foundation

/// Clean-up of remote SMTP replies as MTAs log them.
public enum ReplyText {
    /// Folds a multi-line reply that the MTA joined onto one line into one clean diagnostic:
    /// `550-5.1.1 The email account … 550-5.1.1 double-checking … 550 5.1.1  https://…` becomes
    /// `550 5.1.1 The email account … double-checking … https://…` (FIELD-NOTES §1.1 Gmail).
    /// Continuation prefixes are only removed when they repeat the first line's reply code.
    public static func fold(_ text: String) -> String {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard let first = tokens.first, first.utf8.count >= 3 else { return tokens.joined(separator: " ") }
        let code = first.prefix(3)
        guard code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber),
              first.count == 3 || first.dropFirst(3).first == "-" else { return tokens.joined(separator: " ") }
        var out: [Substring] = []
        var i = 0
        var seenCode = false
        var seenStatus = false
        var firstStatus: Substring?
        while i < tokens.count {
            let t = tokens[i]
            if t.hasPrefix(code) && (t.count == 3 || t.dropFirst(3).first == "-") {
                // `550`, `550-`, `550-5.1.1`
                let rest = t.count > 4 ? t.dropFirst(4) : ""
                if !seenCode { seenCode = true; out.append(code) }
                if !rest.isEmpty, EnhancedStatus(rest) != nil {
                    if !seenStatus { seenStatus = true; firstStatus = rest; out.append(rest) }
                } else if !rest.isEmpty {
                    out.append(rest)
                } else if i + 1 < tokens.count, EnhancedStatus(tokens[i + 1]) != nil {
                    if !seenStatus { seenStatus = true; firstStatus = tokens[i + 1]; out.append(tokens[i + 1]) }
                    else if tokens[i + 1] != firstStatus { out.append(tokens[i + 1]) }
                    i += 1
                }
                i += 1
                continue
            }
            out.append(t)
            i += 1
        }
        return out.joined(separator: " ")
    }

    /// Splits `... (in reply to RCPT TO command)` off a Postfix reply; returns the text before it
    /// and the stage.
    public static func stripInReplyTo(_ s: Substring) -> (text: Substring, stage: SMTPStage?) {
        guard let r = s.range(of: " (in reply to ", options: .backwards) else { return (s, nil) }
        let what = s[r.upperBound...].lowercased()
        let stage: SMTPStage? = if what.hasPrefix("rcpt to") { .rcptTo }
            else if what.hasPrefix("mail from") { .mailFrom }
            else if what.hasPrefix("end of data") { .endOfData }
            else if what.hasPrefix("data") { .data }
            else if what.hasPrefix("ehlo") || what.hasPrefix("helo") || what.hasPrefix("lhlo") { .helo }
            else { nil }
        return (s[..<r.lowerBound], stage)
    }
}
