import Foundation
import SDCompiler

/// A flag set from a signal handler (Ctrl-C) and read by the runner.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var handlers: [@Sendable () -> Void] = []
    public init() {}
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
    /// Marks the run cancelled and calls the registered handlers once.
    public func cancel() {
        lock.lock()
        let first = !cancelled
        cancelled = true
        let hs = handlers
        lock.unlock()
        if first { hs.forEach { $0() } }
    }
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        handlers.append(handler)
        lock.unlock()
    }
}

/// What a run produced.
public struct RunOutcome: Sendable {
    public var results: [NodeResult]
    public var interrupted: Bool
    public var startedAt: Date
    public var elapsed: Double
    /// True when any node errored or failed (exit code 1).
    public var hasFailures: Bool { results.contains { $0.status == .error || $0.status == .fail } }
}

/// The async shell around `ScheduleState`: starts up to `threads` nodes at once and reports progress.
public struct Runner: Sendable {
    public var threads: Int
    public var failFast: Bool
    public var reporter: ConsoleReporter?
    public var now: @Sendable () -> Date

    public init(threads: Int, failFast: Bool, reporter: ConsoleReporter?, now: @escaping @Sendable () -> Date) {
        self.threads = max(1, threads)
        self.failFast = failFast
        self.reporter = reporter
        self.now = now
    }

    /// Each node's parents for scheduling: ephemeral models are not run, so a node waits for the
    /// parents of its ephemeral parents instead (transitively).
    public static func schedulingParents(order: [String], nodes: [String: CompiledNode]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for id in order {
            var result = Set<String>()
            var seen = Set<String>()
            var stack = nodes[id]?.dependsOn ?? []
            while let p = stack.popLast() {
                guard seen.insert(p).inserted, let pn = nodes[p] else { continue }
                if pn.resourceType == .model && pn.materialized == "ephemeral" {
                    stack.append(contentsOf: pn.dependsOn)
                } else {
                    result.insert(p)
                }
            }
            out[id] = result.sorted()
        }
        return out
    }

    /// `build` runs a node's tests before the node's children, so that a failing test stops what is
    /// built on bad data (dbt's build graph). A test with several parents (relationships) blocks a child
    /// only when every one of its parents is upstream of that child, so no cycle can form.
    public static func addTestEdges(_ parents: inout [String: [String]], order: [String], nodes: [String: CompiledNode]) {
        let selected = Set(order)
        var children: [String: [String]] = [:]
        for id in order { for p in parents[id] ?? [] { children[p, default: []].append(id) } }
        var ancestorCache: [String: Set<String>] = [:]
        func ancestors(_ id: String) -> Set<String> {
            if let c = ancestorCache[id] { return c }
            var out = Set<String>()
            var stack = parents[id] ?? []
            while let p = stack.popLast() {
                guard out.insert(p).inserted else { continue }
                stack.append(contentsOf: parents[p] ?? [])
            }
            ancestorCache[id] = out
            return out
        }
        for t in order {
            guard let test = nodes[t], test.resourceType == .test else { continue }
            let testParents = (parents[t] ?? []).filter { selected.contains($0) }
            var extra: [(String, String)] = []
            for p in testParents {
                for c in children[p] ?? [] where c != t && nodes[c]?.resourceType != .test {
                    let up = ancestors(c)
                    if testParents.allSatisfy({ up.contains($0) }) { extra.append((c, t)) }
                }
            }
            for (c, t) in extra where !(parents[c] ?? []).contains(t) { parents[c, default: []].append(t) }
        }
        // Edges added above change ancestor sets only downstream of tests; the cache is per call.
    }

    /// dbt's name for worker thread `slot` (Python 3.10+ names pool threads `Thread-<n> (worker)`).
    public static func threadName(_ slot: Int) -> String { "Thread-\(slot) (worker)" }

    /// Runs `order` (a topological order of the selected nodes) with `execute` for each node.
    /// `durations` (seconds by unique_id, from the last run: `CriticalPath.durations(runResults:)`)
    /// weight the critical path that decides which ready node starts first.
    public func run(
        order: [String], nodes: [String: CompiledNode], cancellation: CancellationFlag,
        testsBlockChildren: Bool = false, durations: [String: Double] = [:],
        execute: @escaping @Sendable (CompiledNode) async -> NodeResult
    ) async -> RunOutcome {
        let started = now()
        var parents = Runner.schedulingParents(order: order, nodes: nodes)
        let order = Runner.addUnitTestEdges(&parents, order: order, nodes: nodes)
        if testsBlockChildren { Runner.addTestEdges(&parents, order: order, nodes: nodes) }
        var state = ScheduleState(order: order, parents: parents, failFast: failFast, durations: durations)
        let total = order.count
        var nextIndex = 1
        var results: [NodeResult] = []
        var indexOf: [String: Int] = [:]

        // Worker slots 1…threads, named as dbt's thread pool names its threads (`Thread-1 (worker)`),
        // for the JSON log's `thread` and run_results' `thread_id`: a node takes the lowest free one.
        var freeSlots = Set(1...max(1, threads))
        var slotOf: [String: Int] = [:]
        /// Reports a node that will never run (a failed ancestor, or fail-fast) and records its result.
        func skip(_ id: String) {
            guard let node = nodes[id] else { return }
            reporter?.nodeSkipped(node, index: nextIndex, total: total)
            nextIndex += 1
            let t = now()
            results.append(NodeResult(uniqueId: id, status: .skipped, message: "SKIP", startedAt: t, completedAt: t))
        }
        await withTaskGroup(of: NodeResult.self) { group in
            func launch() {
                if cancellation.isCancelled { state.stop() }
                for id in state.start(slots: threads - state.runningCount) {
                    guard let node = nodes[id] else { continue }
                    let idx = nextIndex
                    nextIndex += 1
                    indexOf[id] = idx
                    let slot = freeSlots.min() ?? 1
                    freeSlots.remove(slot)
                    slotOf[id] = slot
                    let thread = Runner.threadName(slot)
                    reporter?.nodeStarted(node, index: idx, total: total, thread: thread)
                    group.addTask {
                        var result = await execute(node)
                        result.threadId = thread
                        return result
                    }
                }
            }
            launch()
            while let result = await group.next() {
                if let slot = slotOf.removeValue(forKey: result.uniqueId) { freeSlots.insert(slot) }
                guard let node = nodes[result.uniqueId] else { continue }
                results.append(result)
                reporter?.nodeFinished(node, result: result, index: indexOf[result.uniqueId] ?? 0, total: total)
                for skippedId in state.finish(result.uniqueId, succeeded: result.allowsDescendants) { skip(skippedId) }
                launch()
            }
        }
        // --fail-fast: what never started is reported as skipped, so the summary's TOTAL counts every
        // selected node, as dbt's does (an interrupted run keeps them out: they were not scheduled out).
        if failFast && !cancellation.isCancelled {
            for id in state.notStarted { skip(id) }
        }
        return RunOutcome(
            results: results, interrupted: cancellation.isCancelled, startedAt: started,
            elapsed: now().timeIntervalSince(started))
    }
}
