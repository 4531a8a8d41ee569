/// One row of the classifier table: when it applies, what it concludes, and the real lines it was
/// written for (rules are data, and each rule carries its sample lines, checked by BounceClassifierTests).
///
/// A rule matches when every condition it has holds: its enhanced-code patterns (any of them), its
/// reply codes (any of them) and its text (any phrase, or every phrase of one `allOf` set).
/// Phrases are plain substrings, compared after normalisation (lower-case, accents folded,
/// whitespace runs collapsed), so `"Boîte pleine"` and `"boite  pleine"` are the same phrase.
///
/// ```swift
/// ClassifierRule("apple-user-does-not-exist", .userUnknown, phrases: ["user does not exist"],
///                samples: ["550 5.1.1 <x@icloud.com>: user does not exist"])
/// ```
public struct ClassifierRule: Sendable, Hashable, Identifiable {
    /// When a rule is consulted (order: strong text, specific code, text, fallback).
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        /// Strong text evidence: decides even over a specific enhanced code
        /// (Microsoft `5.7.1 ... S3150`, Spamhaus listings, `[HME1]`).
        case override
        /// A specific enhanced code decides on its own (5.1.1, 4.2.2, 5.7.26 …).
        case code
        /// Text that refines a vague or missing code (`5.0.0`, `550`, `5.7.1`, `4.7.0`).
        case text
        /// Protocol noise that often trails the meaningful reply of a multi-exchange diagnostic
        /// (`503 need RCPT command`, `421 ... closing transmission channel`): decides only when no
        /// refusal, code or text rule did, so the rejection before it wins.
        case trailing
        /// Class/subject or reply-code defaults when nothing else matched.
        case fallback
    }

    public var id: String
    public var reason: BounceReason
    public var stage: Stage
    /// Enhanced-code patterns such as `5.1.1`, `x.2.2`, `5.7.*`, `x.7.23-27`; empty = any code.
    public var codes: [StatusPattern]
    /// SMTP reply codes; empty = any.
    public var replies: [Int]
    /// Any one of these phrases matches.
    public var phrases: [String]
    /// Or: every phrase of one of these sets matches.
    public var allOf: [[String]]
    /// A scope other than the reason's own (documented exceptions only).
    public var scope: FailureScope?
    /// What the samples are expected to come out as (checked by the sample test); nil = not checked.
    public var hard: Bool?
    /// The real lines this rule was written for.
    public var samples: [String]

    public init(_ id: String, _ reason: BounceReason, stage: Stage = .text, codes: [StatusPattern] = [],
                replies: [Int] = [], phrases: [String] = [], allOf: [[String]] = [],
                scope: FailureScope? = nil, hard: Bool? = nil, samples: [String] = []) {
        self.id = id
        self.reason = reason
        self.stage = stage
        self.codes = codes
        self.replies = replies
        self.phrases = phrases
        self.allOf = allOf
        self.scope = scope
        self.hard = hard
        self.samples = samples
    }

    /// True when the rule may decide over a specific enhanced code.
    public var overridesCode: Bool { stage == .override }

    /// True when the rule needs text evidence.
    public var hasText: Bool { !phrases.isEmpty || !allOf.isEmpty }
}

extension ClassifierRule {
    /// The built-in table in precedence order (within a stage, the first matching rule wins).
    public static let builtIn: [ClassifierRule] =
        systemOverrides + authRules + senderRules + policyRules + rateLimitRules + recipientOverrides
        + recipientRules + mailboxRules + languageRules
        + systemRules + genericRateRules + genericPolicyRules + codeRules + trailingRules + fallbackRules

    /// One sample line with the rule that carries it.
    public struct Sample: Sendable, Hashable, CustomStringConvertible {
        public var text: String
        public var rule: ClassifierRule
        public var description: String { "[\(rule.id)] \(text)" }
    }

    /// Every distinct sample line of the built-in table, with the rule that carries it
    /// (the first rule, if two carry the same line).
    public static var allSamples: [Sample] {
        var seen = Set<String>()
        var out: [Sample] = []
        for rule in builtIn {
            for s in rule.samples where seen.insert(s).inserted { out.append(Sample(text: s, rule: rule)) }
        }
        return out
    }
}

/// A pattern over enhanced status codes: `5.1.1`, `x.2.2` (class 4 or 5), `5.7.*`, `x.7.23-27`.
public struct StatusPattern: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// nil = any class.
    public var klass: UInt8?
    /// nil = any subject.
    public var subject: UInt16?
    /// nil = any detail.
    public var details: ClosedRange<UInt16>?

    public init(klass: UInt8?, subject: UInt16?, details: ClosedRange<UInt16>?) {
        self.klass = klass
        self.subject = subject
        self.details = details
    }

    public init(stringLiteral text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        precondition(parts.count == 3, "bad status pattern \(text)")
        klass = parts[0] == "x" ? nil : UInt8(parts[0])!
        subject = parts[1] == "*" ? nil : UInt16(parts[1])!
        if parts[2] == "*" {
            details = nil
        } else if let dash = parts[2].firstIndex(of: "-") {
            details = UInt16(parts[2][..<dash])!...UInt16(parts[2][parts[2].index(after: dash)...])!
        } else {
            let d = UInt16(parts[2])!
            details = d...d
        }
    }

    @inlinable
    public func matches(_ s: EnhancedStatus) -> Bool {
        if let k = klass, k != s.klass { return false }
        if let sub = subject, sub != s.subject { return false }
        if let d = details, !d.contains(s.detail) { return false }
        return true
    }

    public var description: String {
        let k = klass.map(String.init) ?? "x"
        let s = subject.map(String.init) ?? "*"
        let d = details.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? "*"
        return "\(k).\(s).\(d)"
    }
}
