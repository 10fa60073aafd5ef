extension DependencyGraph {
    /// Finds each strongly connected component with a cycle (Tarjan, iterative so long chains do
    /// not overflow the stack) and reports its shortest cycle through its smallest uniqueId.
    static func findCycles(nodes: [GraphNode], children: Adjacency) -> [DependencyCycle] {
        let n = nodes.count
        var index = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var next = 0
        var components: [[Int]] = []
        // Call frames: node and position in its child list.
        var frames: [(node: Int, child: Int)] = []
        for root in 0..<n where index[root] < 0 {
            frames.append((root, 0))
            index[root] = next
            low[root] = next
            next += 1
            stack.append(root)
            onStack[root] = true
            while let top = frames.last {
                let v = top.node
                if top.child < children.degree(v) {
                    let w = children.targets[children.offsets[v] + top.child]
                    frames[frames.count - 1].child += 1
                    if index[w] < 0 {
                        index[w] = next
                        low[w] = next
                        next += 1
                        stack.append(w)
                        onStack[w] = true
                        frames.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last {
                    low[parent.node] = min(low[parent.node], low[v])
                }
                if low[v] == index[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    if component.count > 1 || children.contains(v, v) {
                        components.append(component.sorted())
                    }
                }
            }
        }
        components.sort { $0[0] < $1[0] }
        return components.map { cycle(in: $0, nodes: nodes, children: children) }
    }

    /// The shortest cycle through the component's smallest node, found breadth-first taking
    /// children in uniqueId order, so the same graph always reports the same cycle.
    private static func cycle(in component: [Int], nodes: [GraphNode], children: Adjacency) -> DependencyCycle {
        let start = component[0]
        let members = Set(component)
        var path: [Int] = [start]
        if !children.contains(start, start) {
            var previous: [Int: Int] = [start: start]
            var queue = [start]
            var head = 0
            var last: Int? = nil
            search: while head < queue.count {
                let v = queue[head]
                head += 1
                for w in children.neighbours(v) where members.contains(w) {
                    if w == start {
                        last = v
                        break search
                    }
                    if previous[w] == nil {
                        previous[w] = v
                        queue.append(w)
                    }
                }
            }
            var reversed: [Int] = []
            var v = last ?? start
            while v != start {
                reversed.append(v)
                v = previous[v] ?? start
            }
            path += reversed.reversed()
        }
        let onPath = Set(path)
        let others = component.filter { !onPath.contains($0) }
        return DependencyCycle(
            uniqueIds: path.map { nodes[$0].uniqueId }, names: path.map { nodes[$0].name },
            otherMembers: others.map { nodes[$0].uniqueId }, otherMemberNames: others.map { nodes[$0].name })
    }
}
