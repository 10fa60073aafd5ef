/// The DAG of a project: nodes by uniqueId, parent/child edges, a stable topological order and
/// the dependency cycles found while building it.
///
/// Nodes are numbered in uniqueId order, so every list the graph hands out is sorted and
/// byte-stable. Building is O((V + E) log V).
public struct DependencyGraph: Sendable {
    /// All nodes, sorted by uniqueId.
    public let nodes: [GraphNode]
    let indexById: [String: Int]
    let parentIndices: [[Int]]
    let childIndices: [[Int]]
    /// For tests: the graph parents plus `testedNodeIds`, the set dbt's indirect selection checks.
    let testDependencies: [[Int]]
    let topologicalIndices: [Int]
    let topologicalRank: [Int]
    /// Every dependency cycle, one per strongly connected component, ordered by their first uniqueId.
    public let cycles: [DependencyCycle]

    /// Builds the graph. Duplicate uniqueIds and edges naming unknown nodes are programmer errors
    /// (the compiler resolves `ref` and `source` first), so they trap; duplicate edges are merged.
    public init(nodes: [GraphNode], edges: [GraphEdge]) {
        let sorted = nodes.sorted { $0.uniqueId < $1.uniqueId }
        var index: [String: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, node) in sorted.enumerated() {
            let previous = index.updateValue(i, forKey: node.uniqueId)
            precondition(previous == nil, "duplicate graph node \(node.uniqueId)")
        }
        var parents = [[Int]](repeating: [], count: sorted.count)
        var children = [[Int]](repeating: [], count: sorted.count)
        for edge in edges {
            guard let p = index[edge.parent] else { preconditionFailure("edge from unknown node \(edge.parent)") }
            guard let c = index[edge.child] else { preconditionFailure("edge to unknown node \(edge.child)") }
            parents[c].append(p)
            children[p].append(c)
        }
        for i in parents.indices {
            parents[i] = Self.sortedUnique(parents[i])
            children[i] = Self.sortedUnique(children[i])
        }
        var testDeps = [[Int]](repeating: [], count: sorted.count)
        for (i, node) in sorted.enumerated() where node.resourceType == .test {
            var deps = parents[i]
            for id in node.testedNodeIds {
                guard let t = index[id] else { preconditionFailure("test \(node.uniqueId) tests unknown node \(id)") }
                deps.append(t)
            }
            testDeps[i] = Self.sortedUnique(deps)
        }
        self.nodes = sorted
        self.indexById = index
        self.parentIndices = parents
        self.childIndices = children
        self.testDependencies = testDeps
        let order = Self.topologicalSort(children: children, parents: parents)
        self.topologicalIndices = order
        var rank = [Int](repeating: 0, count: sorted.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        self.topologicalRank = rank
        self.cycles = Self.findCycles(nodes: sorted, children: children)
    }

    private static func sortedUnique(_ xs: [Int]) -> [Int] {
        guard xs.count > 1 else { return xs }
        var out = xs.sorted()
        var w = 1
        for r in 1..<out.count where out[r] != out[w - 1] {
            out[w] = out[r]
            w += 1
        }
        out.removeLast(out.count - w)
        return out
    }

    /// Kahn's algorithm taking the smallest ready uniqueId first, so the order is unique and stable.
    /// Nodes on or below a cycle never become ready; they follow in uniqueId order.
    private static func topologicalSort(children: [[Int]], parents: [[Int]]) -> [Int] {
        var indegree = parents.map(\.count)
        var heap = MinHeap()
        for i in indegree.indices where indegree[i] == 0 { heap.push(i) }
        var order: [Int] = []
        order.reserveCapacity(parents.count)
        while let i = heap.pop() {
            order.append(i)
            for c in children[i] {
                indegree[c] -= 1
                if indegree[c] == 0 { heap.push(c) }
            }
        }
        if order.count < parents.count {
            for i in indegree.indices where indegree[i] > 0 { order.append(i) }
        }
        return order
    }

    /// Whether there are no cycles.
    public var isAcyclic: Bool { cycles.isEmpty }

    /// The node with this uniqueId.
    public func node(_ uniqueId: String) -> GraphNode? {
        indexById[uniqueId].map { nodes[$0] }
    }

    /// Whether a node with this uniqueId exists.
    public func contains(_ uniqueId: String) -> Bool { indexById[uniqueId] != nil }

    /// Parents before children, ties broken by uniqueId; nodes caught in a cycle come last.
    public var topologicalOrder: [String] { topologicalIndices.map { nodes[$0].uniqueId } }

    /// The direct parents of a node, sorted by uniqueId.
    public func parents(of uniqueId: String) -> [String] {
        guard let i = indexById[uniqueId] else { return [] }
        return parentIndices[i].map { nodes[$0].uniqueId }
    }

    /// The direct children of a node, sorted by uniqueId.
    public func children(of uniqueId: String) -> [String] {
        guard let i = indexById[uniqueId] else { return [] }
        return childIndices[i].map { nodes[$0].uniqueId }
    }

    /// uniqueId → sorted parent uniqueIds, for every node.
    public var parentMap: [String: [String]] {
        Dictionary(uniqueKeysWithValues: nodes.indices.map { (nodes[$0].uniqueId, parentIndices[$0].map { nodes[$0].uniqueId }) })
    }

    /// uniqueId → sorted child uniqueIds, for every node.
    public var childMap: [String: [String]] {
        Dictionary(uniqueKeysWithValues: nodes.indices.map { (nodes[$0].uniqueId, childIndices[$0].map { nodes[$0].uniqueId }) })
    }

    /// Orders indices of a set topologically.
    func topologicallyOrdered(_ set: NodeSet) -> [Int] {
        topologicalIndices.filter { set.contains($0) }
    }
}

/// A binary min-heap of node indices for Kahn's algorithm.
private struct MinHeap {
    private var items: [Int] = []

    mutating func push(_ x: Int) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[parent] > items[i] else { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return top }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < items.count, items[l] < items[m] { m = l }
            if r < items.count, items[r] < items[m] { m = r }
            if m == i { break }
            items.swapAt(m, i)
            i = m
        }
        return top
    }
}
