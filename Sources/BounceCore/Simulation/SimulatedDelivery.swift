import Foundation

/// One simulated delivery attempt: the normalised event, the Postfix line it would have been
/// logged as, and the ground truth the tests check the engine against.
public struct SimulatedDelivery: Sendable, Equatable {
    public var event: DeliveryEvent
    /// The provider the simulator routed it to (what `ProviderCatalog` should find from the event).
    public var provider: String
    /// Ground truth: the mailbox exists (a bounce of a valid address is provider-caused).
    public var addressIsValid: Bool
    /// Ground truth: sent during the simulated incident to a provider it affects.
    public var duringIncident: Bool
    /// Ground truth: this attempt failed because of the simulated incident.
    public var causedByIncident: Bool
    /// Epoch seconds and microseconds of the log line (the event's `time`, exactly).
    public var epochSecond: Int
    public var microsecond: Int
    /// Syslog host and `postfix/smtp` process id.
    public var hostname: String
    public var pid: Int
    /// Postfix `delays=a/b/c/d`.
    public var delays: PostfixDelays
    /// How Postfix wraps the reply text.
    public var form: ReplyForm

    /// The Postfix syslog line (RFC 3339 timestamp, real Postfix logs):
    /// `2019-08-08T17:03:12.041210+00:00 mta1 postfix/smtp[21480]: 4F1A2B3C4D: to=<a@icloud.com>,
    /// relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1.2, delays=0.02/0/0.61/0.55, dsn=5.1.1,
    /// status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <a@icloud.com>: user
    /// does not exist (in reply to RCPT TO command))` — on one line.
    public var syslogLine: String {
        let e = event
        let host = e.relayHost ?? "", ip = e.relayIP ?? ""
        let relay: String
        let text: String
        switch form {
        case .sent:
            relay = "\(host)[\(ip)]:25"
            text = e.diagnostic
        case .said(let stage):
            relay = "\(host)[\(ip)]:25"
            text = "host \(host)[\(ip)] said: \(e.diagnostic) (in reply to \(SimulatedDelivery.command(stage)) command)"
        case .refused:
            relay = "\(host)[\(ip)]:25"
            text = "host \(host)[\(ip)] refused to talk to me: \(e.diagnostic)"
        case .connectFailed:
            relay = "none"
            text = "connect to \(host)[\(ip)]:25: \(e.diagnostic)"
        }
        let total = delays.total
        let d = [delays.beforeQueueManager, delays.inQueueManager, delays.connectionSetup, delays.transmission]
            .map(SimulatedDelivery.postfixSeconds).joined(separator: "/")
        let status: String
        switch e.outcome {
        case .delivered: status = "sent"
        case .deferred: status = "deferred"
        case .bounced: status = "bounced"
        case .expired: status = "expired"
        }
        return "\(SimulatedDelivery.rfc3339(epochSecond, microsecond)) \(hostname) postfix/smtp[\(pid)]: "
            + "\(e.queueID ?? "NOQUEUE"): to=<\(e.recipient)>, relay=\(relay), "
            + "delay=\(SimulatedDelivery.postfixSeconds(total)), delays=\(d), dsn=\(e.status?.description ?? "5.0.0"), "
            + "status=\(status) (\(text))"
    }

    static func command(_ stage: SMTPStage) -> String {
        switch stage {
        case .connect: return "CONNECT"
        case .helo: return "EHLO"
        case .mailFrom: return "MAIL FROM"
        case .rcptTo: return "RCPT TO"
        case .data: return "DATA"
        case .endOfData: return "end of DATA"
        }
    }

    /// Postfix's delay style: two significant digits, `0` below 0.01, whole seconds from 10 up
    /// (`0.04`, `0.5`, `6.2`, `47`, `428619`).
    static func postfixSeconds(_ v: Double) -> String {
        if v < 0.01 { return "0" }
        if v >= 10 { return String(Int(v.rounded())) }
        let decimals = v < 0.1 ? 2 : (v < 1 ? 2 : 1)
        let scale = decimals == 2 ? 100.0 : 10.0
        let r = (v * scale).rounded() / scale
        var s = String(format: "%.\(decimals)f", r)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `2019-08-08T17:03:12.041210+00:00`.
    static func rfc3339(_ second: Int, _ micro: Int) -> String {
        let days = second >= 0 ? second / 86400 : (second - 86399) / 86400
        let rest = second - days * 86400
        let (y, m, d) = CivilTime.civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var us = String(micro)
        while us.count < 6 { us = "0" + us }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)).\(us)+00:00"
    }
}

/// Postfix's `delays=a/b/c/d` breakdown, in seconds (real Postfix logs).
public struct PostfixDelays: Sendable, Equatable {
    /// a: before the queue manager, including message transmission (and time queued, on retries).
    public var beforeQueueManager: Double
    /// b: in the queue manager.
    public var inQueueManager: Double
    /// c: connection setup, including DNS, HELO and TLS.
    public var connectionSetup: Double
    /// d: message transmission.
    public var transmission: Double

    public init(_ a: Double, _ b: Double, _ c: Double, _ d: Double) {
        beforeQueueManager = a
        inQueueManager = b
        connectionSetup = c
        transmission = d
    }

    /// `delay=`: the sum.
    public var total: Double { beforeQueueManager + inQueueManager + connectionSetup + transmission }
}
