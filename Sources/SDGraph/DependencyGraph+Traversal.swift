extension DependencyGraph {
    /// Every ancestor of a node (not the node itself), at most `depth` generations up, in topological order.
    public func ancestors(of uniqueId: String, depth: Int? = nil) -> [String] {
        related(uniqueId, depth: depth, upward: true)
    }

    /// Every descendant of a node (not the node itself), at most `depth` generations down, in topological order.
    public func descendants(of uniqueId: String, depth: Int? = nil) -> [String] {
        related(uniqueId, depth: depth, upward: false)
    }

    private func related(_ uniqueId: String, depth: Int?, upward: Bool) -> [String] {
        guard let i = indexById.index(of: uniqueId) else { return [] }
        var seeds = NodeSet(capacity: nodes.count)
        seeds.insert(i)
        let found = reach(from: seeds, depth: depth, upward: upward)
        return topologicallyOrdered(found).map { nodes[$0].uniqueId }
    }

    /// Nodes reachable from the seeds in 1…depth steps (unlimited when nil), by a breadth-first
    /// search from all seeds at once, so each node and edge is visited at most once.
    func reach(from seeds: NodeSet, depth: Int?, upward: Bool) -> NodeSet {
        var result = NodeSet(capacity: nodes.count)
        var visited = seeds
        var frontier = seeds.indices
        var level = 0
        let adjacency = upward ? parentIndices : childIndices
        while !frontier.isEmpty {
            if let depth, level >= depth { break }
            level += 1
            var next: [Int] = []
            let targets = adjacency.targets
            for i in frontier {
                for k in adjacency.range(i) {
                    let j = targets[k]
                    result.insert(j)
                    if visited.insert(j) { next.append(j) }
                }
            }
            frontier = next
        }
        return result
    }
}
