/// Neighbour lists of every node in one flat array (compressed sparse rows): node `i`'s
/// neighbours are `targets[offsets[i]..<offsets[i + 1]]`, sorted and without duplicates.
/// One allocation instead of one per node keeps building and walking 10k-node graphs cheap.
struct Adjacency: Sendable {
    let offsets: [Int]
    let targets: [Int]

    /// Builds from parallel `from`/`to` arrays by counting sort on `from`, then sorts and
    /// de-duplicates each (short) list in place: linear in edges apart from those short sorts.
    init(count: Int, from: [Int], to: [Int]) {
        var start = [Int](repeating: 0, count: count + 1)
        for f in from { start[f + 1] += 1 }
        for i in 0..<count { start[i + 1] += start[i] }
        var fill = start
        var raw = [Int](repeating: 0, count: from.count)
        for k in from.indices {
            raw[fill[from[k]]] = to[k]
            fill[from[k]] += 1
        }
        var offsets = [Int](repeating: 0, count: count + 1)
        var write = 0
        for i in 0..<count {
            let lo = start[i]
            let hi = start[i + 1]
            if hi - lo > 1 { raw[lo..<hi].sort() }
            var k = lo
            while k < hi {
                if k == lo || raw[k] != raw[k - 1] {
                    raw[write] = raw[k]
                    write += 1
                }
                k += 1
            }
            offsets[i + 1] = write
        }
        raw.removeLast(raw.count - write)
        self.offsets = offsets
        self.targets = raw
    }

    func range(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    func degree(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    func neighbours(_ i: Int) -> ArraySlice<Int> { targets[range(i)] }

    func contains(_ i: Int, _ j: Int) -> Bool { neighbours(i).contains(j) }
}
