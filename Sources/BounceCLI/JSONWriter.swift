import BounceCore
import Foundation

/// A JSON value with ordered object keys, so the CLI's output shapes (README.md, "Command line") print in the
/// documented order and stay diff-friendly.
public indirect enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.rendered == b.rendered }

    /// Compact one-line rendering.
    public var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .double(d):
            if d.isFinite {
                // Rates: 6 significant decimals is plenty and keeps output stable.
                let r = (d * 1_000_000).rounded() / 1_000_000
                out += r == r.rounded() && abs(r) < 1e15 ? String(format: "%.1f", r) : String(r)
            } else {
                out += "null"
            }
        case let .string(s): JSON.quote(s, into: &out)
        case let .array(a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.render(into: &out)
            }
            out += "]"
        case let .object(kv):
            out += "{"
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out += "," }
                JSON.quote(k, into: &out)
                out += ":"
                v.render(into: &out)
            }
            out += "}"
        }
    }

    /// JSON string escaping (shared with exports): every control, C1 and bidi character is
    /// escaped, so hostile log text cannot reach a terminal through JSON output either.
    static func quote(_ s: String, into out: inout String) {
        out += TextSanitizer.jsonString(s)
    }
}

extension JSON {
    static func optional(_ v: Int?) -> JSON { v.map(JSON.int) ?? .null }
    static func optional(_ v: String?) -> JSON { v.map(JSON.string) ?? .null }
}
