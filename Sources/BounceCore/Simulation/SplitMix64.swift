import Foundation

/// A small, fast, seeded generator (Steele, Lea & Flood's SplitMix64): the simulator's only source
/// of randomness, so a seed reproduces a run bit for bit on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a good 64-bit hash, used for stateless per-key randomness.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A hash of several keys (seed, minute, …) mapped to [0, 1).
    static func unit(hashing keys: UInt64...) -> Double {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for k in keys { h = mix(h ^ k) }
        return Double(h >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }

    /// Uniform in `0..<n` (n > 0), by multiply-high (bias below 2⁻³²  for the sizes used here).
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A standard normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 0x1.0p-53), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Poisson count: Knuth's product method for small means, a rounded normal otherwise.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean < 30 {
            let limit = exp(-mean)
            var k = 0
            var p = unit()
            while p > limit {
                k += 1
                p *= unit()
            }
            return k
        }
        return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
    }
}

