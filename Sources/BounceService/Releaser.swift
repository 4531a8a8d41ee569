import BounceCore

/// What happens outside the database when addresses are released (docs/DECISIONS.md, "Retry queue"): the seam for
/// export files, a configured command, or later an ESP API.
public protocol Releaser: Sendable {
    /// Performs the release effect for `addresses`; throws (with a one-line reason) to abort the
    /// release, in which case nothing changes in the database.
    func release(_ addresses: [String], context: ReleaseContext) throws
}

/// Who released what, passed to release effects.
public struct ReleaseContext: Sendable, Equatable {
    public var operatorName: String
    public var incidentID: Int?
    public var note: String?
    public var items: [RetryItem]

    public init(operatorName: String, incidentID: Int?, note: String?, items: [RetryItem]) {
        self.operatorName = operatorName
        self.incidentID = incidentID
        self.note = note
        self.items = items
    }
}

/// A release that failed outside the database.
public struct ReleaseError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ message: String) { description = message }
}

/// Runs several releasers in order; the first failure aborts.
public struct ReleaserChain: Releaser {
    public var steps: [any Releaser]
    public init(_ steps: [any Releaser]) { self.steps = steps }
    public func release(_ addresses: [String], context: ReleaseContext) throws {
        for s in steps { try s.release(addresses, context: context) }
    }
}
