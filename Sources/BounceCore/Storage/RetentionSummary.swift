/// What one retention pass changed.
public struct RetentionSummary: Sendable, Equatable {
    /// Minute rows deleted (their hours keep the counts).
    public var minuteRowsDeleted = 0
    public var hourRowsDeleted = 0
    public var deliveriesDeleted = 0
    public var auditRowsDeleted = 0
    /// False when the pass was skipped because it already ran for this hour (day).
    public var ranHourly = false
    public var ranDaily = false
    public init() {}
}
