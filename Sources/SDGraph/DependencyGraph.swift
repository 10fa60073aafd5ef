/// The DAG of a project: nodes by uniqueId, parent/child edges, a stable topological order and
/// the dependency cycles found while building it.
///
/// Nodes are numbered in uniqueId order, so every list the graph hands out is sorted and
/// byte-stable. Building is O((V + E) log V).
public struct DependencyGraph: Sendable {
    /// All nodes, sorted by uniqueId.
    public let nodes: [GraphNode]
    let indexById: NodeIndexTable
    let parentIndices: Adjacency
    let childIndices: Adjacency
    /// For tests: the graph parents plus `testedNodeIds`, the set dbt's indirect selection checks.
    let testDependencies: [[Int]]
    let topologicalIndices: [Int]
    let topologicalRank: [Int]
    /// Every dependency cycle, one per strongly connected component, ordered by their first uniqueId.
    public let cycles: [DependencyCycle]

    /// Builds the graph. Duplicate uniqueIds and edges naming unknown nodes are programmer errors
    /// (the compiler resolves `ref` and `source` first), so they trap; duplicate edges are merged.
    public init(nodes: [GraphNode], edges: [GraphEdge]) {
        // Sorting indices moves one Int per swap instead of a dozen references per node.
        let ids = nodes.map(\.uniqueId)
        let permutation = ids.indices.sorted { ids[$0] < ids[$1] }
        let sorted = permutation.map { nodes[$0] }
        let index = NodeIndexTable(ids: permutation.map { ids[$0] }) { duplicate in
            preconditionFailure("duplicate graph node \(duplicate)")
        }
        var from: [Int] = []
        var to: [Int] = []
        from.reserveCapacity(edges.count)
        to.reserveCapacity(edges.count)
        // Compilers emit a node's edges together, so remembering the last child saves most lookups.
        var lastChild: (id: String, index: Int)? = nil
        for edge in edges {
            guard let p = index.index(of: edge.parent) else {
                preconditionFailure("edge from unknown node \(edge.parent)")
            }
            let c: Int
            if let last = lastChild, last.id == edge.child {
                c = last.index
            } else {
                guard let found = index.index(of: edge.child) else {
                    preconditionFailure("edge to unknown node \(edge.child)")
                }
                c = found
                lastChild = (edge.child, found)
            }
            from.append(p)
            to.append(c)
        }
        self.init(sorted: sorted, index: index, from: from, to: to)
    }

    /// Builds from nodes already in uniqueId order, their index table and the edges as index pairs
    /// (parent `from[k]`, child `to[k]`): the graph as a snapshot (GraphSnapshot.swift) reloads it.
    /// `order`: the topological order that graph had, used when it is one of this graph (every node
    /// once, every parent before its child), instead of sorting again.
    init(sorted: [GraphNode], index: NodeIndexTable, from: [Int], to: [Int], order known: [Int]? = nil) {
        self.init(
            sorted: sorted, index: index, parents: Adjacency(count: sorted.count, from: to, to: from),
            children: Adjacency(count: sorted.count, from: from, to: to), order: known)
    }

    /// The same from both directions' adjacency, built beforehand, and the tests' dependencies when
    /// worked out already (`testDependencies(_:index:parents:in:into:)`; side by side, when a saved graph
    /// is read: GraphSnapshot.swift).
    init(
        sorted: [GraphNode], index: NodeIndexTable, parents: Adjacency, children: Adjacency, testDependencies known: [[Int]]? = nil,
        order: [Int]? = nil
    ) {
        var testDeps = known ?? [[Int]](repeating: [], count: sorted.count)
        if known == nil {
            let unknown = testDeps.withUnsafeMutableBufferPointer { out in
                Self.testDependencies(sorted, index: index, parents: parents, in: sorted.indices, into: out)
            }
            if let unknown { preconditionFailure("test \(unknown.test) tests unknown node \(unknown.node)") }
        }
        self.init(sorted: sorted, index: index, parents: parents, children: children, testDeps: testDeps, order: order)
    }

    /// What a test in `range` of `sorted` depends on for indirect selection, written to its slot of
    /// `out`: its graph parents and the nodes it tests (dbt counts both). Nil, or the first test there
    /// that tests a node the index does not hold, and that node.
    static func testDependencies(
        _ sorted: [GraphNode], index: NodeIndexTable, parents: Adjacency, in range: Range<Int>, into out: UnsafeMutableBufferPointer<[Int]>
    ) -> (test: String, node: String)? {
        for i in range where sorted[i].resourceType.isTest {
            var deps = Array(parents.neighbours(i))
            // Usually the tested nodes are parents already: the sorted parents are the answer.
            if sorted[i].testedNodeIds.allSatisfy({ id in index.index(of: id).map { deps.contains($0) } ?? false }) {
                out[i] = deps
                continue
            }
            for id in sorted[i].testedNodeIds {
                guard let t = index.index(of: id) else { return (sorted[i].uniqueId, id) }
                deps.append(t)
            }
            out[i] = Array(Set(deps)).sorted()
        }
        return nil
    }

    private init(sorted: [GraphNode], index: NodeIndexTable, parents: Adjacency, children: Adjacency, testDeps: [[Int]], order known: [Int]?) {
        self.nodes = sorted
        self.indexById = index
        self.parentIndices = parents
        self.childIndices = children
        self.testDependencies = testDeps
        var rank = [Int](repeating: -1, count: sorted.count)
        var order: [Int] = []
        var acyclic = false
        if let known, known.count == sorted.count {
            var whole = true
            for (r, i) in known.enumerated() {
                guard rank[i] == -1 else {
                    whole = false
                    break
                }
                rank[i] = r
            }
            if whole, sorted.indices.allSatisfy({ c in parents.neighbours(c).allSatisfy { rank[$0] < rank[c] } }) {
                order = known
                acyclic = true
            }
        }
        if order.isEmpty {
            (order, acyclic) = Self.topologicalSort(children: children, parents: parents)
            for (r, i) in order.enumerated() { rank[i] = r }
        }
        self.topologicalIndices = order
        self.topologicalRank = rank
        // Kahn's order reaches every node exactly when there is no cycle; only then is Tarjan skipped.
        self.cycles = acyclic ? [] : Self.findCycles(nodes: sorted, children: children)
    }

    /// Kahn's algorithm taking the smallest ready uniqueId first, so the order is unique and stable.
    /// Nodes on or below a cycle never become ready; they follow in uniqueId order.
    private static func topologicalSort(children: Adjacency, parents: Adjacency) -> (order: [Int], acyclic: Bool) {
        let count = parents.offsets.count - 1
        var indegree = (0..<count).map(parents.degree)
        var heap = MinHeap()
        for i in indegree.indices where indegree[i] == 0 { heap.push(i) }
        var order: [Int] = []
        order.reserveCapacity(count)
        let targets = children.targets
        while let i = heap.pop() {
            order.append(i)
            for j in children.range(i) {
                let c = targets[j]
                indegree[c] -= 1
                if indegree[c] == 0 { heap.push(c) }
            }
        }
        let acyclic = order.count == count
        if !acyclic {
            for i in indegree.indices where indegree[i] > 0 { order.append(i) }
        }
        return (order, acyclic)
    }

    /// Whether there are no cycles.
    public var isAcyclic: Bool { cycles.isEmpty }

    /// The node with this uniqueId.
    public func node(_ uniqueId: String) -> GraphNode? {
        indexById.index(of: uniqueId).map { nodes[$0] }
    }

    /// Where the node with this uniqueId is in `nodes`.
    public func index(of uniqueId: String) -> Int? { indexById.index(of: uniqueId) }

    /// Whether a node with this uniqueId exists.
    public func contains(_ uniqueId: String) -> Bool { indexById.index(of: uniqueId) != nil }

    /// Parents before children, ties broken by uniqueId; nodes caught in a cycle come last.
    public var topologicalOrder: [String] { topologicalIndices.map { nodes[$0].uniqueId } }

    /// The direct parents of a node, sorted by uniqueId.
    public func parents(of uniqueId: String) -> [String] {
        guard let i = indexById.index(of: uniqueId) else { return [] }
        return parentIndices.neighbours(i).map { nodes[$0].uniqueId }
    }

    /// The direct children of a node, sorted by uniqueId.
    public func children(of uniqueId: String) -> [String] {
        guard let i = indexById.index(of: uniqueId) else { return [] }
        return childIndices.neighbours(i).map { nodes[$0].uniqueId }
    }

    /// uniqueId → sorted parent uniqueIds, for every node.
    public var parentMap: [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: nodes.indices.map {
                (nodes[$0].uniqueId, parentIndices.neighbours($0).map { nodes[$0].uniqueId })
            })
    }

    /// uniqueId → sorted child uniqueIds, for every node.
    public var childMap: [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: nodes.indices.map {
                (nodes[$0].uniqueId, childIndices.neighbours($0).map { nodes[$0].uniqueId })
            })
    }

    /// Orders indices of a set topologically.
    /// Small sets sort by rank; large ones take one pass over the whole order.
    func topologicallyOrdered(_ set: NodeSet) -> [Int] {
        let members = set.indices
        if members.count * 16 < nodes.count {
            return members.sorted { topologicalRank[$0] < topologicalRank[$1] }
        }
        return topologicalIndices.filter { set.contains($0) }
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
