import Foundation
import SDBasics
import SDEngine
import Testing

/// Critical-path-first scheduling (issue 20, item 6): which ready node `ScheduleState` starts first,
/// and what that does to a run's length, simulated with exact durations (no clock involved).
@Suite struct CriticalPathScheduleTests {
    /// One chain `z0 → z1 → … → z(n-1)` and `leaves` independent nodes. The leaves' ids sort before the
    /// chain's, so topological order (and unique_id order) puts every leaf ahead of the chain's head.
    static func chainAndLeaves(chain n: Int, leaves: Int) -> (order: [String], parents: [String: [String]]) {
        let leafIDs = (0..<leaves).map { "model.p.a_leaf\(String(format: "%03d", $0))" }
        let chainIDs = (0..<n).map { "model.p.z_chain\(String(format: "%03d", $0))" }
        var parents: [String: [String]] = [:]
        for (i, id) in chainIDs.enumerated() where i > 0 { parents[id] = [chainIDs[i - 1]] }
        return (leafIDs + chainIDs, parents)
    }

    /// Runs the state machine to the end with `threads` slots, each node taking `duration[id]`
    /// (1 when absent); returns when the last node finished and the order nodes started in.
    static func simulate(_ state: ScheduleState, threads: Int, duration: [String: Double]) -> (makespan: Double, started: [String]) {
        var state = state
        var clock = 0.0
        var running: [(end: Double, id: String)] = []
        var started: [String] = []
        while true {
            for id in state.start(slots: threads - state.runningCount) {
                running.append((clock + (duration[id] ?? 1), id))
                started.append(id)
            }
            guard let next = running.min(by: { $0.end != $1.end ? $0.end < $1.end : $0.id < $1.id }) else { break }
            running.removeAll { $0.id == next.id }
            clock = next.end
            _ = state.finish(next.id, succeeded: true)
        }
        #expect(state.isFinished)
        return (clock, started)
    }

    @Test func theChainsHeadStartsBeforeShortLeaves() {
        let (order, parents) = Self.chainAndLeaves(chain: 5, leaves: 6)
        var state = ScheduleState(order: order, parents: parents, failFast: false)
        #expect(state.start(slots: 2) == ["model.p.z_chain000", "model.p.a_leaf000"])
        #expect(state.priority["model.p.z_chain000"] == 5)
        #expect(state.priority["model.p.a_leaf005"] == 1)
    }

    @Test func uniformWeightsReachTheLowerBound() {
        // 10 chain nodes + 30 leaves on 4 threads: bound max(10, 40 / 4) = 10. Leaves first would take 7 + 10.
        let (order, parents) = Self.chainAndLeaves(chain: 10, leaves: 30)
        let run = Self.simulate(ScheduleState(order: order, parents: parents, failFast: false), threads: 4, duration: [:])
        #expect(run.makespan == 10)
        #expect(run.started.first == "model.p.z_chain000")
    }

    @Test func lastRunsDurationsWeightThePath() {
        // A lone node that took 6 s, a 3-node chain and 3 leaves of 1 s each, on 2 threads: bound max(6, 12 / 2) = 6 s.
        // Counted in nodes the chain looks longest and the 6 s node (last by id) would start only at 3 s, ending at 9 s.
        let order = ["model.p.c1", "model.p.c2", "model.p.c3", "model.p.l1", "model.p.l2", "model.p.l3", "model.p.zbig"]
        let parents = ["model.p.c2": ["model.p.c1"], "model.p.c3": ["model.p.c2"]]
        var duration: [String: Double] = ["model.p.zbig": 6]
        for id in order where id != "model.p.zbig" { duration[id] = 1 }
        let uniform = ScheduleState(order: order, parents: parents, failFast: false)
        #expect(Self.simulate(uniform, threads: 2, duration: duration).makespan == 9)
        var weighted = ScheduleState(order: order, parents: parents, failFast: false, durations: duration)
        #expect(Self.simulate(weighted, threads: 2, duration: duration).makespan == 6)
        #expect(weighted.start(slots: 2) == ["model.p.zbig", "model.p.c1"])
    }

    @Test func weightedChainAndLeavesReachTheLowerBound() {
        // Chain of 12 nodes × 0.5 s = 6 s, 72 leaves × 0.25 s = 18 s, 4 threads: bound max(6, 24 / 4) = 6 s. The leaves
        // first (topological order with these ids) would start the chain only at 4.5 s and end at 10.5 s.
        let (order, parents) = Self.chainAndLeaves(chain: 12, leaves: 72)
        var duration: [String: Double] = [:]
        for id in order { duration[id] = id.contains("chain") ? 0.5 : 0.25 }
        let run = Self.simulate(
            ScheduleState(order: order, parents: parents, failFast: false, durations: duration), threads: 4,
            duration: duration)
        #expect(abs(run.makespan - 6) < 1e-9)
    }

    @Test func unknownNodesCountAsTheMedianOfKnownOnes() {
        let weights = CriticalPath.weights(order: ["a", "b", "c", "d", "new"], durations: ["a": 1, "b": 2, "c": 10, "d": 4])
        #expect(weights["new"] == 3)
        #expect(weights["c"] == 10)
        #expect(CriticalPath.weights(order: ["a", "b"], durations: [:]) == ["a": 1, "b": 1])
        #expect(CriticalPath.weights(order: ["a", "b", "n"], durations: ["a": 1, "b": 5, "x": 100])["n"] == 3)
    }

    @Test func tiesGoByUniqueID() {
        let order = ["model.p.m", "model.p.b", "model.p.k", "model.p.a"]
        var state = ScheduleState(order: order, parents: [:], failFast: false)
        #expect(state.start(slots: 3) == ["model.p.a", "model.p.b", "model.p.k"])
        #expect(state.start(slots: 3) == ["model.p.m"])
    }

    @Test func parentsOutsideTheSelectionDoNotCount() {
        // p is not selected: c is ready at once, and the path through p adds nothing to c's parent chain.
        let remaining = CriticalPath.remaining(order: ["a", "c"], parents: ["c": ["p", "a"]], weights: ["a": 2, "c": 3, "p": 50])
        #expect(remaining == ["a": 5, "c": 3])
    }

    @Test func durationsComeFromTheLastRunResults() throws {
        let doc: JSONValue = [
            "metadata": ["dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"],
            "results": [
                ["unique_id": "model.p.ok", "status": "success", "execution_time": 2.5],
                ["unique_id": "test.p.t", "status": "fail", "execution_time": 1],
                ["unique_id": "model.p.broke", "status": "error", "execution_time": 0.01],
                ["unique_id": "model.p.skip", "status": "skipped", "execution_time": 0],
            ],
            "elapsed_time": 3.0,
        ]
        let durations = CriticalPath.durations(runResults: Data(doc.serialized().utf8))
        #expect(durations == ["model.p.ok": 2.5, "test.p.t": 1])
        #expect(CriticalPath.durations(runResults: Data("{ not json".utf8)).isEmpty)
    }
}
