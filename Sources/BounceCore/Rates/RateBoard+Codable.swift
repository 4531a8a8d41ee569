/// A compact encoding: per series, only the minutes that hold data, each as
/// `[minute, delivered, deferred, bounced, addressFailures, <one count per reason>…]`.
extension RateBoard: Codable {
    private enum CodingKeys: String, CodingKey {
        case retentionMinutes
        case series
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(retentionMinutes: try c.decode(Int.self, forKey: .retentionMinutes))
        let series = try c.decode([String: [[Int]]].self, forKey: .series)
        for (name, rows) in series {
            var ring = SeriesRing(capacity: retentionMinutes)
            for row in rows where row.count == SeriesRing.stride + 1 {
                ring.restore(minute: row[0], values: Array(row.dropFirst()))
            }
            rings[name] = ring
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(retentionMinutes, forKey: .retentionMinutes)
        var series: [String: [[Int]]] = [:]
        for (name, ring) in rings {
            series[name] = ring.occupiedMinutes.map { [$0] + Array(ring.counters(at: $0)) }
        }
        try c.encode(series, forKey: .series)
    }
}
