/// A parsed JSON value, as produced by `JSONReader`.
///
/// Objects keep their members in order in an array: webhook objects are small, so a linear
/// lookup beats hashing every key. With duplicate keys the first one wins.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The member `key` of an object (nil for non-objects or a missing key).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for m in members where m.key == key { return m.value }
        return nil
    }

    /// Follows a path of object keys: `value["bounce", "bouncedRecipients"]`.
    public subscript(first: String, rest: String...) -> JSONValue? {
        var v = self[first]
        for key in rest { v = v?[key] }
        return v
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// A non-empty string value (after trimming spaces), else nil.
    public var text: String? {
        guard let s = string, !s.isEmpty else { return nil }
        // Most values need no trimming; skip the Substring work for them.
        if let f = s.utf8.first, let l = s.utf8.last, f > 32, l > 32 { return s }
        let t = s.trimmingSpacesAndNewlines
        return t.isEmpty ? nil : String(t)
    }

    /// An integer from a number, or from a string of digits (`"550"`), else nil.
    public var integer: Int? {
        switch self {
        case .number(let n):
            guard n.isFinite, n == n.rounded(), abs(n) < 1e15 else { return nil }
            return Int(n)
        case .string(let s):
            return Int(s.trimmingSpacesAndNewlines)
        default:
            return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpacesAndNewlines: Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" || f == "\r\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" || l == "\r\n" { s.removeLast() }
        return s
    }
}
