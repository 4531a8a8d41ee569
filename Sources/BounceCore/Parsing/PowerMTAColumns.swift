/// Where the fields the PowerMTA parser uses sit in an accounting-CSV row.
///
/// Built from the header line (`type,timeLogged,...`: any order, any subset, extra
/// `header_x-...` columns). Without a header the documented default order is assumed
/// (a real accounting file):
///
/// ```
/// type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool
/// ```
public struct PowerMTAColumns: Sendable, Equatable {
    public var type: Int?
    public var timeLogged: Int?
    public var rcpt: Int?
    public var orcpt: Int?
    public var dsnAction: Int?
    public var dsnStatus: Int?
    public var dsnDiag: Int?
    public var dsnMta: Int?
    public var bounceCat: Int?
    public var dlvDestinationIp: Int?
    public var envId: Int?
    public var queue: Int?
    /// A `header_Message-Id` column, when configured.
    public var messageID: Int?

    /// The default column order PowerMTA documents (used until a header line is seen).
    public static let defaultHeader =
        "type,timeLogged,timeQueued,orig,rcpt,orcpt,dsnAction,dsnStatus,dsnDiag,dsnMta,bounceCat,srcType,srcMta,dlvType,dlvSourceIp,dlvDestinationIp,dlvEsmtpAvailable,dlvSize,vmta,jobId,envId,queue,vmtaPool"

    public static let `default` = PowerMTAColumns(names: defaultHeader.split(separator: ",").map(String.init))

    /// Columns from header names (matched case-insensitively; unknown names are skipped; the
    /// first occurrence of a duplicated name wins).
    public init(names: [String]) {
        for (index, raw) in names.enumerated() {
            let name = raw.trimmingSpaces.lowercased()
            func set(_ slot: inout Int?) { if slot == nil { slot = index } }
            switch name {
            case "type": set(&type)
            case "timelogged": set(&timeLogged)
            case "rcpt": set(&rcpt)
            case "orcpt": set(&orcpt)
            case "dsnaction": set(&dsnAction)
            case "dsnstatus": set(&dsnStatus)
            case "dsndiag": set(&dsnDiag)
            case "dsnmta": set(&dsnMta)
            case "bouncecat": set(&bounceCat)
            case "dlvdestinationip": set(&dlvDestinationIp)
            case "envid": set(&envId)
            case "queue": set(&queue)
            case "header_message-id": set(&messageID)
            default: break
            }
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
