/// The scheduler's pure core: which nodes may start, which are skipped, when the run is over.
///
/// A node starts as soon as all of its selected parents have succeeded; a failure marks every
/// selected descendant SKIP while unrelated branches go on; with fail-fast nothing new starts after a
/// failure. When more nodes are ready than there are free threads, the one with the longest remaining
/// path to the end of the DAG starts first (`CriticalPath`), ties by unique_id, so the order is the
/// same on every run. The async shell (`Runner`) performs the actions this returns (docs/architecture.md, Running).
public struct ScheduleState: Sendable {
    /// Selected nodes in a stable topological order (skips are reported in this order).
    public let order: [String]
    /// Each node's remaining path (its own weight included): the higher, the sooner it starts.
    public let priority: [String: Double]
    private let position: [String: Int]
    private var waitingOn: [String: Int]
    private let children: [String: [String]]
    private var ready: Set<String>
    private var running: Set<String> = []
    private(set) public var skipped: [String: String] = [:]
    private(set) public var finished: Set<String> = []
    private(set) public var stopped = false
    private let failFast: Bool

    /// `parents` maps each node to its parents; parents outside `order` are ignored (not selected).
    /// `durations` are the nodes' execution times in the last run, in seconds (`CriticalPath.weights`
    /// says what unknown ones count as); with none, every node weighs the same.
    public init(order: [String], parents: [String: [String]], failFast: Bool, durations: [String: Double] = [:]) {
        self.order = order
        self.priority = CriticalPath.remaining(
            order: order, parents: parents,
            weights: CriticalPath.weights(order: order, durations: durations))
        self.failFast = failFast
        var pos: [String: Int] = [:]
        for (i, id) in order.enumerated() { pos[id] = i }
        self.position = pos
        var waiting: [String: Int] = [:]
        var kids: [String: [String]] = [:]
        for id in order {
            let ps = Set(parents[id] ?? []).filter { pos[$0] != nil }
            waiting[id] = ps.count
            for p in ps { kids[p, default: []].append(id) }
        }
        self.waitingOn = waiting
        self.children = kids
        self.ready = Set(order.filter { waiting[$0] == 0 })
    }

    public var isFinished: Bool { running.isEmpty && (ready.isEmpty || stopped) }
    public var runningCount: Int { running.count }

    /// Takes up to `slots` ready nodes, marking them running: longest remaining path first, then by unique_id.
    public mutating func start(slots: Int) -> [String] {
        guard !stopped, slots > 0, !ready.isEmpty else { return [] }
        let priority = self.priority
        let pick = ready.sorted { a, b in
            let pa = priority[a] ?? 0, pb = priority[b] ?? 0
            return pa != pb ? pa > pb : a < b
        }.prefix(slots)
        for id in pick {
            ready.remove(id)
            running.insert(id)
        }
        return Array(pick)
    }

    /// Records a finished node. Returns the descendants newly skipped because of it, in order, each
    /// with the id of the failed node that caused the skip.
    public mutating func finish(_ id: String, succeeded: Bool) -> [String] {
        running.remove(id)
        finished.insert(id)
        if succeeded {
            for c in children[id] ?? [] where skipped[c] == nil {
                waitingOn[c, default: 1] -= 1
                if waitingOn[c] == 0 { ready.insert(c) }
            }
            return []
        }
        if failFast { stopped = true }
        var newly: [String] = []
        var stack = children[id] ?? []
        while let c = stack.popLast() {
            guard skipped[c] == nil, !finished.contains(c), !running.contains(c) else { continue }
            skipped[c] = id
            ready.remove(c)
            newly.append(c)
            stack.append(contentsOf: children[c] ?? [])
        }
        return newly.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) }
    }

    /// Stops starting new nodes (Ctrl-C, fail-fast). Nodes never started are reported as not run.
    public mutating func stop() { stopped = true }

    /// Nodes that never started nor were skipped (after a stop).
    public var notStarted: [String] {
        order.filter { !finished.contains($0) && !running.contains($0) && skipped[$0] == nil }
    }
}
