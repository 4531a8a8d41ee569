import Foundation

/// Parser for the PowerMTA accounting file (`pmta`, the PowerMTA accounting format).
///
/// Header-driven and stateful: a line whose first field is `type` defines the columns (any order,
/// any subset) until the next header (files concatenated or rotated mid-stream). Before any
/// header, `PowerMTAColumns.defaultHeader` is assumed. Written against:
///
/// ```
/// type,timeLogged,orig,rcpt,dlvSourceIp,bounceCat
/// b,1178807915,orig@port25.com,user3@domain.com,,policy-related
/// d,2026-09-21 12:00:07+0000,2026-09-21 11:59:00+0000,b@em.discountblog.com,u7@gmail.com,,relayed,2.0.0,"250 ok",mx.gmail.com,,smtp,,smtp,15.204.101.125,142.250.1.1,1,1234,db-gmail-pool,job7,,gmail.com/db-gmail-pool,db-gmail-pool
/// ```
///
/// Record types: `d` → delivered; `b` and `rb` → bounced (`b` with bounceCat `message-expired`
/// → expired); `t`/`tq` → deferred; `rs` → bounced when its dsnAction is `failed` (a late DSN
/// saying the message failed after all), otherwise ignored; `r`, `f` and other short type codes
/// → ignored. Anything else (a first field that is not a type code, an unterminated quote) is
/// rejected.
public struct PowerMTAParser: LogParser {
    public let format = SourceFormat.pmta
    /// The columns in force (from the last header seen, or the default order).
    public private(set) var columns = PowerMTAColumns.default
    var csv = CSVFields()
    var zone: WallClockZone

    public init(options: ParserOptions = ParserOptions(referenceDate: 0)) {
        zone = WallClockZone(fixedUTCOffset: options.assumedUTCOffset)
    }

    public mutating func parse(
        _ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, emit: (DeliveryEvent) -> Void
    ) -> LineDisposition {
        var body = line[...]
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {  // UTF-8 BOM
            body = line[3...]
        }
        let trimmed = ByteScan.trimmed(body)
        if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { return .ignored }
        guard csv.split(body) else { return .rejected("pmta: unterminated or misplaced quote") }

        let typeField = ByteScan.trimmed(csv.bytes(0, in: line))
        if Self.isHeaderName(typeField) {
            columns = PowerMTAColumns(names: (0..<csv.count).map { csv.string($0, in: line) ?? "" })
            return .ignored
        }
        guard let kind = RecordKind(typeField) else {
            return .rejected("pmta: not an accounting record")
        }
        let outcome: Outcome
        switch kind {
        case .delivered: outcome = .delivered
        case .bounced: outcome = .bounced
        case .transient: outcome = .deferred
        case .remoteStatus:
            // A later DSN about a message already accepted: only a failure changes the picture.
            let action = ByteScan.lowercasedString(ByteScan.trimmed(csv.bytes(columns.dsnAction, in: line)))
            guard action == "failed" else { return .ignored }
            outcome = .bounced
        case .other:
            return .ignored
        }
        switch makeEvent(line, outcome: outcome, lineNumber: lineNumber) {
        case .success(let event):
            emit(event)
            return .parsed(1)
        case .failure(let reason):
            return .rejected(reason.message)
        }
    }

    /// True when a first field reads `type` (the header line), in any case.
    static func isHeaderName(_ f: Bytes) -> Bool {
        guard f.count == 4 else { return false }
        let i = f.startIndex
        return f.base[i] | 0x20 == 116 && f.base[i + 1] | 0x20 == 121 && f.base[i + 2] | 0x20 == 112
            && f.base[i + 3] | 0x20 == 101
    }

    enum RecordKind {
        case delivered, bounced, transient, remoteStatus, other

        init?(_ f: Bytes) {
            switch f.count {
            case 1:
                switch f.first! {
                case UInt8(ascii: "d"): self = .delivered
                case UInt8(ascii: "b"): self = .bounced
                case UInt8(ascii: "t"): self = .transient
                case UInt8(ascii: "r"), UInt8(ascii: "f"): self = .other
                default:
                    guard f.first! >= 97, f.first! <= 122 else { return nil }
                    self = .other
                }
            case 2:
                let a = f.base[f.startIndex], b = f.base[f.startIndex + 1]
                switch (a, b) {
                case (UInt8(ascii: "t"), UInt8(ascii: "q")): self = .transient
                case (UInt8(ascii: "r"), UInt8(ascii: "b")): self = .bounced
                case (UInt8(ascii: "r"), UInt8(ascii: "s")): self = .remoteStatus
                default:
                    guard a >= 97, a <= 122, b >= 97, b <= 122 else { return nil }
                    self = .other
                }
            default:
                return nil
            }
        }
    }

    struct Rejection: Error {
        var message: String
    }
}
