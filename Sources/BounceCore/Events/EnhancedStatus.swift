/// An RFC 3463 enhanced status code such as `5.1.1`.
///
/// Parsed from `dsn=5.1.1`, from reply text (`550 5.1.1 ...`, `550-5.1.1 ...`) or from vendor
/// fields (SES `status`, PowerMTA `dsnStatus`).
public struct EnhancedStatus: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    public var klass: UInt8
    public var subject: UInt16
    public var detail: UInt16

    public init(klass: UInt8, subject: UInt16, detail: UInt16) {
        self.klass = klass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `"5.1.1"`; returns nil for anything that is not `[245].d{1,3}.d{1,3}`.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let parsed = bytes.withUnsafeBufferPointer({ EnhancedStatus.parse($0[...]) }),
              parsed.length == bytes.count else { return nil }
        self = parsed.status
    }

    /// Parses an enhanced code at the start of `bytes`; returns the code and how many bytes it used.
    /// Does not check what follows the code.
    public static func parse(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> (status: EnhancedStatus, length: Int)? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end, bytes[i] == UInt8(ascii: "2") || bytes[i] == UInt8(ascii: "4") || bytes[i] == UInt8(ascii: "5")
        else { return nil }
        let klass = bytes[i] - UInt8(ascii: "0")
        i += 1
        guard i < end, bytes[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        var parts: [UInt16] = [0, 0]
        for p in 0..<2 {
            var digits = 0
            var value: UInt16 = 0
            while i < end, bytes[i] >= 48, bytes[i] <= 57, digits < 3 {
                value = value * 10 + UInt16(bytes[i] - 48)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            parts[p] = value
            if p == 0 {
                guard i < end, bytes[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
        }
        // A fourth digit glued on (e.g. "5.1.1234") is not a status code.
        if i < end, bytes[i] >= 48, bytes[i] <= 57 { return nil }
        return (EnhancedStatus(klass: klass, subject: parts[0], detail: parts[1]), i - bytes.startIndex)
    }

    public var description: String { "\(klass).\(subject).\(detail)" }

    /// True for class 5 (permanent).
    public var isPermanent: Bool { klass == 5 }

    public static func < (a: EnhancedStatus, b: EnhancedStatus) -> Bool {
        (a.klass, a.subject, a.detail) < (b.klass, b.subject, b.detail)
    }
}
