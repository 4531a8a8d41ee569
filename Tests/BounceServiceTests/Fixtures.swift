import BounceCore
import BounceStore
import Foundation

/// Shared helpers for service tests.
enum Fixture {
    static func tempDir() -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("bw-svc-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func item(_ address: String, state: RetryState = .held, incident: Int? = nil, at: Int = 1000) -> RetryItem {
        RetryItem(address: address.lowercased(), domain: DeliveryEvent.domain(of: address), provider: "apple", state: state,
                  reason: .userUnknown, status: EnhancedStatus("5.1.1"), replyCode: 550,
                  lastReply: "550 5.1.1 <\(address)>: user does not exist", firstBounceAt: at, lastBounceAt: at, bounces: 1,
                  lastDeliveredAt: nil, incidentID: incident, evidence: .openIncident, stateSince: at,
                  updatedBy: "engine", updatedAt: at)
    }

    static func incident(_ id: Int, provider: String = "apple", start: Int = 900, closed: Int? = nil) -> IncidentRecord {
        IncidentRecord(id: id, provider: provider, kind: .provider, reasons: [.userUnknown], startedAt: start,
                       detectedAt: start + 240, closedAt: closed, peakRate: 0.4, baselineRate: 0.01)
    }

    /// Writes an executable shell script (the script itself is ours; addresses only reach it on stdin).
    static func script(_ body: String, in dir: String) -> String {
        let path = dir + "/release-\(UUID().uuidString).sh"
        try? ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }
}
