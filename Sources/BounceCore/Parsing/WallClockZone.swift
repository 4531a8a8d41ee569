import Foundation

/// Converts zone-less wall-clock times (classic syslog, Exim) to UTC instants.
///
/// Uses a fixed offset when configured, otherwise the process time zone (`TZ`). The offset is
/// looked up once per wall-clock hour and cached, since `TimeZone` calls are slow per line.
/// In the repeated hour at a DST fall-back the earlier (daylight) offset is used.
public struct WallClockZone: Sendable {
    private let fixedOffset: Int?
    private let zone: TimeZone
    private var cachedHour: Int = .min
    private var cachedOffset: Int = 0

    public init(fixedUTCOffset: Int? = nil, zone: TimeZone = .current) {
        self.fixedOffset = fixedUTCOffset
        self.zone = zone
    }

    /// UTC epoch seconds for a wall-clock time given as "epoch seconds as if it were UTC".
    public mutating func utc(fromWallClock wall: Int) -> Int {
        if let fixedOffset { return wall - fixedOffset }
        let hour = wall >= 0 ? wall / 3600 : (wall - 3599) / 3600
        if hour != cachedHour {
            // Guess with the offset at the wall time taken as UTC, then correct once: exact except
            // inside the skipped/repeated DST hour, where either answer is a real instant.
            let guess = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3600)))
            let corrected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3600 - guess)))
            cachedOffset = corrected
            cachedHour = hour
        }
        return wall - cachedOffset
    }
}
