// SCAFFOLD: the rule table and full algorithm are written in this session's classifier work.
/// Classifies a failure diagnostic into a reason, scope and hard/soft (PRODUCT §4).
public struct BounceClassifier: Sendable {
    public init() {}

    /// Classifies free text such as `550 5.1.1 <x@icloud.com>: user does not exist`.
    public func classify(_ text: String) -> Verdict {
        classify(diagnostic: text, status: nil, replyCode: nil)
    }

    /// Classifies with fields a parser already extracted (they win over codes found in the text).
    public func classify(diagnostic: String, status: EnhancedStatus?, replyCode: Int?) -> Verdict {
        Verdict(reason: .other, hard: status?.isPermanent ?? false, status: status, code: replyCode, rule: "scaffold")
    }
}
