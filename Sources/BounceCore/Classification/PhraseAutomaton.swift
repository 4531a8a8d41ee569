/// An Aho–Corasick automaton over all phrases of a rule table: one pass over the normalised
/// diagnostic finds every phrase that occurs in it, however many rules there are.
///
/// Bytes that occur in no phrase share one input class, which keeps the transition table small
/// (states × distinct phrase bytes).
struct PhraseAutomaton: Sendable {
    /// Input class of each byte value (0 = a byte no phrase contains).
    private let byteClass: [UInt8]
    private let classCount: Int
    /// `next[state * classCount + class]`, a complete DFA.
    private let next: [Int32]
    /// Phrase ids ending at a state: `outputs[outputStart[s] ..< outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    let phraseCount: Int

    /// Number of 64-bit words a match set needs.
    var wordCount: Int { (phraseCount + 63) / 64 }

    init(phrases: [[UInt8]]) {
        phraseCount = phrases.count
        var cls = [UInt8](repeating: 0, count: 256)
        var k = 1
        for p in phrases {
            for b in p where cls[Int(b)] == 0 {
                precondition(k < 256, "too many distinct phrase bytes")
                cls[Int(b)] = UInt8(k)
                k += 1
            }
        }
        byteClass = cls
        classCount = k

        // Trie.
        var children: [[Int32]] = [[Int32](repeating: -1, count: k)]
        var own: [[Int32]] = [[]]
        for (id, p) in phrases.enumerated() {
            precondition(!p.isEmpty, "empty phrase")
            var s = 0
            for b in p {
                let c = Int(cls[Int(b)])
                if children[s][c] < 0 {
                    children[s][c] = Int32(children.count)
                    children.append([Int32](repeating: -1, count: k))
                    own.append([])
                }
                s = Int(children[s][c])
            }
            own[s].append(Int32(id))
        }

        // Breadth-first: failure links, complete transitions, merged outputs.
        let n = children.count
        var table = [Int32](repeating: 0, count: n * k)
        var fail = [Int32](repeating: 0, count: n)
        var merged = own
        var queue: [Int] = []
        queue.reserveCapacity(n)
        for c in 0..<k {
            let v = children[0][c]
            if v >= 0 {
                table[c] = v
                queue.append(Int(v))
            }
        }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            let f = Int(fail[u])
            for c in 0..<k {
                let v = children[u][c]
                if v >= 0 {
                    let fv = table[f * k + c]
                    fail[Int(v)] = fv
                    merged[Int(v)] += merged[Int(fv)]
                    table[u * k + c] = v
                    queue.append(Int(v))
                } else {
                    table[u * k + c] = table[f * k + c]
                }
            }
        }
        // Flag transitions into states that end a phrase (sign bit), so the scan loop reads the
        // output table only when something matched.
        for i in 0..<table.count where !merged[Int(table[i])].isEmpty { table[i] |= Int32.min }
        next = table
        var starts = [Int32](repeating: 0, count: n + 1)
        var outs: [Int32] = []
        for s in 0..<n {
            starts[s] = Int32(outs.count)
            outs += merged[s]
        }
        starts[n] = Int32(outs.count)
        outputStart = starts
        outputs = outs
    }

    /// Sets the bit of every phrase found in `text`; returns true if any was found.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into bits: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        var found = false
        next.withUnsafeBufferPointer { next in
            byteClass.withUnsafeBufferPointer { cls in
                outputStart.withUnsafeBufferPointer { starts in
                    outputs.withUnsafeBufferPointer { outs in
                        let k = classCount
                        var s = 0
                        for b in text {
                            let t = next[s * k + Int(cls[Int(b)])]
                            s = Int(t & Int32.max)
                            guard t < 0 else { continue }
                            var o = Int(starts[s])
                            let end = Int(starts[s + 1])
                            while o < end {
                                let id = Int(outs[o])
                                bits[id >> 6] |= 1 << UInt64(id & 63)
                                o += 1
                            }
                            found = true
                        }
                    }
                }
            }
        }
        return found
    }
}
