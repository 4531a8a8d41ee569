/// A slice of the queue as the console asks for it.
public struct QueueSlice: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable, CaseIterable {
        case lastBounceDesc, firstBounceAsc, bouncesDesc, address, domain
    }
    /// nil = every state.
    public var state: RetryState?
    /// Case-insensitive substring of address (so also domain), provider or reason; empty = all.
    public var text: String
    /// Rows that do NOT match `text`.
    public var inverted: Bool
    public var order: Order
    public var offset: Int
    public var limit: Int

    public init(state: RetryState?, text: String = "", inverted: Bool = false, order: Order = .lastBounceDesc,
                offset: Int = 0, limit: Int = 100) {
        self.state = state; self.text = text; self.inverted = inverted; self.order = order
        self.offset = offset; self.limit = limit
    }
}
