/// Classifies a failure diagnostic into a reason, scope and hard/soft (README.md, "Reasons").
///
/// Order of decision, each stage consulted only when the previous one found nothing:
/// 1. `override` rules — strong text evidence (blocklists, `[HME1]`, Microsoft `S3150`) that beats
///    even a specific enhanced code;
/// 2. `code` rules — a specific enhanced code (5.1.1, 4.2.2, 5.7.26 …) decides;
/// 3. `text` rules — the reply text refines a vague or missing code (`5.0.0`, `550`, `5.7.1`, `4.7.0`),
///    in English and the languages big providers answer in;
/// 4. `trailing` rules — protocol noise (`503 need RCPT`, `421 closing transmission channel`) that
///    follows the real refusal in a multi-exchange reply, so it decides only when nothing did;
/// 5. `fallback` rules — RFC 3463 class/subject, then the bare reply code;
/// 6. `other`.
///
/// `hard` is the permanence of the failure: the enhanced code's class when there is one (it is what
/// the MTA acted on: Postfix `dsn=4.7.0` after a banner `550` is a deferral), else the reply code.
/// Vendor labels (SES `Transient`, PowerMTA `bounceCat`) are never inputs.
///
/// ```swift
/// let v = BounceClassifier().classify("550 5.1.1 <x@icloud.com>: user does not exist")
/// // v.reason == .userUnknown, v.scope == .address, v.hard == true, v.status == 5.1.1, v.code == 550
/// ```
public struct BounceClassifier: Sendable {
    private let table: CompiledRuleTable

    /// The built-in rule table (`ClassifierRule.builtIn`).
    public init() {
        table = CompiledRuleTable.builtIn
    }

    /// A classifier over a custom table (for configuration and tests); rules keep their order.
    public init(rules: [ClassifierRule]) {
        table = CompiledRuleTable(rules: rules)
    }

    /// The rules this classifier uses, in precedence order.
    public var rules: [ClassifierRule] { table.rules }

    /// Classifies free text such as `550 5.1.1 <x@icloud.com>: user does not exist`; the reply code
    /// and enhanced code are taken from the text.
    public func classify(_ text: String) -> Verdict {
        classify(diagnostic: text, status: nil, replyCode: nil)
    }

    /// Classifies with fields a parser already extracted (they win over codes found in the text).
    public func classify(diagnostic: String, status: EnhancedStatus?, replyCode: Int?) -> Verdict {
        var text = diagnostic
        return text.withUTF8 { src in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(src.count, 1)) { buf in
                let n = DiagnosticText.normalize(src, into: buf.baseAddress!)
                let norm = UnsafeBufferPointer(start: buf.baseAddress, count: n)
                var st = status
                var code = replyCode
                if st == nil || code == nil {
                    let found = ReplyCodeScanner.scan(norm)
                    if st == nil { st = found.status }
                    if code == nil { code = found.reply }
                }
                return table.decide(norm, status: st, reply: code)
            }
        }
    }
}

/// Rules compiled for matching: phrases normalised into one automaton, rules split by stage.
final class CompiledRuleTable: Sendable {
    struct Entry: Sendable {
        let rule: Int
        let codes: [StatusPattern]
        let replies: [Int]
        let any: [Int32]
        let all: [[Int32]]
        let hasText: Bool
    }

    static let builtIn = CompiledRuleTable(rules: ClassifierRule.builtIn)

    let rules: [ClassifierRule]
    let automaton: PhraseAutomaton
    /// Entries per stage, in `ClassifierRule.Stage.allCases` order.
    let stages: [[Entry]]

    init(rules: [ClassifierRule]) {
        self.rules = rules
        var ids: [[UInt8]: Int32] = [:]
        var phrases: [[UInt8]] = []
        func id(_ p: String) -> Int32 {
            let bytes = DiagnosticText.normalized(p)
            precondition(!bytes.isEmpty, "empty phrase in classifier rule")
            if let i = ids[bytes] { return i }
            let i = Int32(phrases.count)
            ids[bytes] = i
            phrases.append(bytes)
            return i
        }
        var byStage: [ClassifierRule.Stage: [Entry]] = [:]
        for (i, r) in rules.enumerated() {
            let e = Entry(rule: i, codes: r.codes, replies: r.replies, any: r.phrases.map(id),
                          all: r.allOf.map { $0.map(id) }, hasText: r.hasText)
            byStage[r.stage, default: []].append(e)
        }
        automaton = PhraseAutomaton(phrases: phrases)
        stages = ClassifierRule.Stage.allCases.map { byStage[$0] ?? [] }
    }

    func decide(_ text: UnsafeBufferPointer<UInt8>, status: EnhancedStatus?, reply: Int?) -> Verdict {
        let hard: Bool = status.map { $0.klass == 5 } ?? reply.map { $0 >= 500 && $0 < 600 } ?? false
        let words = max(automaton.wordCount, 1)
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { bits in
            bits.initialize(repeating: 0)
            let anyText = automaton.scan(text, into: bits)
            for stage in stages {
                for e in stage {
                    if e.hasText && !anyText { continue }
                    if matches(e, status: status, reply: reply, bits: bits) {
                        let r = rules[e.rule]
                        return Verdict(reason: r.reason, scope: r.scope, hard: hard, status: status, code: reply, rule: r.id)
                    }
                }
            }
            return Verdict(reason: .other, hard: hard, status: status, code: reply, rule: "none")
        }
    }

    @inline(__always)
    private func matches(_ e: Entry, status: EnhancedStatus?, reply: Int?,
                         bits: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        if !e.codes.isEmpty {
            guard let s = status else { return false }
            var ok = false
            for p in e.codes where p.matches(s) { ok = true; break }
            if !ok { return false }
        }
        if !e.replies.isEmpty {
            guard let r = reply, e.replies.contains(r) else { return false }
        }
        if e.hasText {
            @inline(__always) func has(_ id: Int32) -> Bool { bits[Int(id) >> 6] & (1 << UInt64(id & 63)) != 0 }
            for id in e.any where has(id) { return true }
            for set in e.all where set.allSatisfy(has) { return true }
            return false
        }
        return true
    }
}
