/// Operator-typed queue filters as SQL `LIKE` patterns, for both storage backends.
public enum LikePattern {
    /// A pattern matching `text` anywhere, with LIKE's own wildcards escaped (pair it with
    /// `ESCAPE '\'`): a filter typed by an operator is a literal substring.
    public static func contains(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
