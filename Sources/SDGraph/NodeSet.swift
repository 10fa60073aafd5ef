/// A set of node indices as a bitmap: unions, intersections and differences of selections cost
/// one pass over `n / 64` words.
struct NodeSet: Equatable, Sendable {
    private(set) var words: [UInt64]

    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    init(capacity: Int, all: Bool) {
        self.init(capacity: capacity)
        guard all else { return }
        for i in 0..<capacity { insert(i) }
    }

    func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    /// Inserts and says whether the index was new.
    @discardableResult
    mutating func insert(_ i: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(i & 63)
        let old = words[i >> 6]
        words[i >> 6] = old | mask
        return old & mask == 0
    }

    mutating func remove(_ i: Int) { words[i >> 6] &= ~(1 << UInt64(i & 63)) }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    mutating func formUnion(_ other: NodeSet) {
        for i in words.indices { words[i] |= other.words[i] }
    }
    mutating func formIntersection(_ other: NodeSet) {
        for i in words.indices { words[i] &= other.words[i] }
    }
    mutating func subtract(_ other: NodeSet) {
        for i in words.indices { words[i] &= ~other.words[i] }
    }
    func union(_ other: NodeSet) -> NodeSet {
        var copy = self
        copy.formUnion(other)
        return copy
    }
    func intersection(_ other: NodeSet) -> NodeSet {
        var copy = self
        copy.formIntersection(other)
        return copy
    }
    func subtracting(_ other: NodeSet) -> NodeSet {
        var copy = self
        copy.subtract(other)
        return copy
    }
    func isSubset(of other: NodeSet) -> Bool {
        for i in words.indices where words[i] & ~other.words[i] != 0 { return false }
        return true
    }

    /// Member indices in ascending order.
    var indices: [Int] {
        var out: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                out.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }
}
