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
            // The offsets in force half a day before and after this wall time bracket any DST
            // change; an offset is right when the instant it gives has that offset. Both are
            // right in the repeated hour of a fall-back: take the daylight (larger) one, i.e. the
            // first pass. Neither is in the skipped hour of a spring-forward: take the offset of
            // the instant read with the earlier offset (a real neighbouring instant).
            let start = hour * 3600
            func offset(at t: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))) }
            let before = offset(at: start - 43_200), after = offset(at: start + 43_200)
            let valid = Set([before, after]).filter { offset(at: start - $0) == $0 }
            cachedOffset = valid.max() ?? offset(at: start - before)
            cachedHour = hour
        }
        return wall - cachedOffset
    }
}
