import BounceCore
import Foundation

/// An incident as the console shows it (banner, escalation draft, release-all).
public struct IncidentSummary: Sendable, Equatable, Identifiable {
    public var id: Int
    public var provider: String
    public var kind: IncidentKind
    /// Dominant reasons, wire form (`user-unknown`).
    public var reasons: [String]
    /// Estimated start (change point).
    public var startedAt: Date
    public var detectedAt: Date
    public var closedAt: Date?
    public var peakRate: Double
    public var baselineRate: Double
    /// Addresses currently held because of this incident (the count `R` releases).
    public var heldCount: Int
    /// Addresses of this incident released so far (by an operator or on recovery).
    public var releasedCount: Int
    /// Every address linked to this incident, whatever its state now.
    public var affectedCount: Int
    /// A few real SMTP errors with timestamps, for the escalation draft (newest last).
    public var sampleErrors: [SampleError]

    public init(id: Int, provider: String, kind: IncidentKind = .provider, reasons: [String], startedAt: Date,
                detectedAt: Date, closedAt: Date? = nil, peakRate: Double, baselineRate: Double,
                heldCount: Int, releasedCount: Int = 0, affectedCount: Int? = nil, sampleErrors: [SampleError] = []) {
        self.id = id; self.provider = provider; self.kind = kind; self.reasons = reasons
        self.startedAt = startedAt; self.detectedAt = detectedAt; self.closedAt = closedAt
        self.peakRate = peakRate; self.baselineRate = baselineRate; self.heldCount = heldCount
        self.releasedCount = releasedCount; self.affectedCount = affectedCount ?? heldCount + releasedCount
        self.sampleErrors = sampleErrors
    }
}

/// One SMTP error as logged: when, the remote host, and the reply text (hostile until sanitised).
public struct SampleError: Sendable, Equatable {
    public var at: Date
    public var relay: String?
    public var reply: String

    public init(at: Date, relay: String? = nil, reply: String) {
        self.at = at; self.relay = relay; self.reply = reply
    }
}
