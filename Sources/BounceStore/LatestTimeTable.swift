/// A flat open-addressing hash table from address hash to the latest time seen, for the delivery
/// journal's index (up to ~1M entries, rebuilt by every ingest process on its first write).
///
/// Why not `Dictionary`: the keys are already uniformly distributed 64-bit FNV hashes, so
/// re-hashing them with SipHash is wasted work; profiling an ingest into a 30-day database showed
/// the dictionary build as a fifth of its CPU. Linear probing over two parallel arrays (16 bytes
/// a slot, load factor ≤ 0.7); key 0 marks an empty slot, so a real key 0 is kept aside.
struct LatestTimeTable {
    private var keys: [Int64]
    private var times: [Int64]
    private var mask: Int
    private var zeroKeyTime: Int64?
    private(set) var count = 0

    init(capacity: Int = 0) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        times = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The latest time recorded for `key`.
    func latest(_ key: Int64) -> Int? {
        if key == 0 { return zeroKeyTime.map { Int($0) } }
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key { return Int(times[i]) }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Records `time` for `key`, keeping the later of it and any earlier record.
    mutating func record(_ key: Int64, _ time: Int) {
        let t = Int64(time)
        if key == 0 {
            if zeroKeyTime == nil { count += 1 }
            zeroKeyTime = max(zeroKeyTime ?? t, t)
            return
        }
        if (count + 1) * 10 > keys.count * 7 { rebuild(minimumCapacity: count * 2) }
        var i = slot(key)
        while keys[i] != 0 {
            if keys[i] == key {
                if times[i] < t { times[i] = t }
                return
            }
            i = (i + 1) & mask
        }
        keys[i] = key
        times[i] = t
        count += 1
    }

    /// Makes room for `n` more entries without rehashing on the way.
    mutating func reserve(_ n: Int) {
        guard (count + n) * 10 > keys.count * 7 else { return }
        rebuild(minimumCapacity: count + n)
    }

    /// Every entry, sorted by key (for the compaction's single pass over the b-tree).
    func sortedEntries() -> [(key: Int64, value: Int)] {
        var out: [(key: Int64, value: Int)] = []
        out.reserveCapacity(count)
        if let z = zeroKeyTime { out.append((0, Int(z))) }
        for i in 0..<keys.count where keys[i] != 0 { out.append((keys[i], Int(times[i]))) }
        out.sort { $0.key < $1.key }
        return out
    }

    /// Home slot: the high half of a Fibonacci-hash product (well mixed even if keys were not).
    private func slot(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func rebuild(minimumCapacity: Int) {
        let (oldKeys, oldTimes, zero) = (keys, times, zeroKeyTime)
        self = LatestTimeTable(capacity: minimumCapacity)
        zeroKeyTime = zero
        count = zero == nil ? 0 : 1
        for i in 0..<oldKeys.count where oldKeys[i] != 0 { record(oldKeys[i], Int(oldTimes[i])) }
    }
}
