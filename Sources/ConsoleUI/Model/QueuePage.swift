import BounceCore
import Foundation

/// Which states the queue pane lists.
public enum QueueStateFilter: String, Sendable, Hashable, CaseIterable {
    case held, suppressed, released, expired, all

    /// The state listed; nil for `all`.
    public var state: RetryState? { RetryState(rawValue: rawValue) }
}

/// Sort order of the queue pane (`o` cycles).
public enum QueueSort: String, Sendable, Hashable, CaseIterable {
    /// Most recent bounce first (default: what just happened is on top).
    case lastBounceDesc = "last-bounce"
    case firstBounceAsc = "first-bounce"
    case bouncesDesc = "bounces"
    case address
    case domain

    public var next: QueueSort {
        let all = QueueSort.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// What slice of the queue to load. The app runs it against the store and answers with a snapshot
/// whose `queue` is that page.
///
/// `filter` is the operator's text: a case-insensitive substring of address, domain, provider or
/// reason; a leading `!` inverts it. Empty = no filter.
public struct QueueQuery: Sendable, Hashable {
    public var state: QueueStateFilter
    public var filter: String
    public var sort: QueueSort
    /// Index of the first row to load in the filtered, sorted list.
    public var offset: Int
    /// Maximum number of rows to load.
    public var limit: Int

    public init(state: QueueStateFilter = .held, filter: String = "", sort: QueueSort = .lastBounceDesc,
                offset: Int = 0, limit: Int = 100) {
        self.state = state; self.filter = filter; self.sort = sort; self.offset = offset; self.limit = limit
    }
}

/// One loaded page of the queue.
public struct QueuePage: Sendable, Equatable {
    /// The query this page answers (state, filter, sort, offset, limit).
    public var query: QueueQuery
    /// Rows matching state + filter in total (not just this page).
    public var totalCount: Int
    /// Rows `query.offset ..< query.offset + rows.count`.
    public var rows: [QueueRow]

    public init(query: QueueQuery = QueueQuery(), totalCount: Int = 0, rows: [QueueRow] = []) {
        self.query = query; self.totalCount = totalCount; self.rows = rows
    }

    public var offset: Int { query.offset }

    /// The row at an absolute index if it is on this page.
    public func row(at index: Int) -> QueueRow? {
        let i = index - query.offset
        return rows.indices.contains(i) ? rows[i] : nil
    }
}

/// One retry-queue item (the fields of `queue list --json`).
public struct QueueRow: Sendable, Equatable {
    public var address: String
    public var domain: String
    public var provider: String
    public var state: RetryState
    /// Reason, wire form (`user-unknown`).
    public var reason: String
    /// Enhanced status code (`5.1.1`), if any.
    public var status: String?
    /// Last reply text from the remote server (hostile until sanitised).
    public var lastReply: String
    public var firstBounceAt: Date
    public var lastBounceAt: Date
    public var bounces: Int
    public var lastDeliveredAt: Date?
    public var incidentID: Int?
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(address: String, domain: String, provider: String, state: RetryState, reason: String,
                status: String?, lastReply: String, firstBounceAt: Date, lastBounceAt: Date, bounces: Int,
                lastDeliveredAt: Date? = nil, incidentID: Int? = nil, updatedBy: String? = nil, updatedAt: Date? = nil) {
        self.address = address; self.domain = domain; self.provider = provider; self.state = state
        self.reason = reason; self.status = status; self.lastReply = lastReply
        self.firstBounceAt = firstBounceAt; self.lastBounceAt = lastBounceAt; self.bounces = bounces
        self.lastDeliveredAt = lastDeliveredAt; self.incidentID = incidentID
        self.updatedBy = updatedBy; self.updatedAt = updatedAt
    }
}

/// Evidence for one address, shown by the detail view (Enter on a queue row).
public struct QueueDetail: Sendable, Equatable {
    public struct Bounce: Sendable, Equatable {
        public var at: Date
        public var status: String?
        public var reply: String
        public var relay: String?
        public init(at: Date, status: String?, reply: String, relay: String? = nil) {
            self.at = at; self.status = status; self.reply = reply; self.relay = relay
        }
    }

    public var row: QueueRow
    /// Bounce history, newest first.
    public var bounces: [Bounce]
    /// Last successful delivery to this address, if any.
    public var lastGoodDelivery: Date?
    public var incident: IncidentSummary?

    public init(row: QueueRow, bounces: [Bounce], lastGoodDelivery: Date?, incident: IncidentSummary?) {
        self.row = row; self.bounces = bounces; self.lastGoodDelivery = lastGoodDelivery; self.incident = incident
    }
}
