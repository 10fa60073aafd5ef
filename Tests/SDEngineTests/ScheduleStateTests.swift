import SDEngine
import Testing

/// The scheduler's pure core, step by step: no clock, no engine.
@Suite struct ScheduleStateTests {
    /// a → b → d, a → c → d, e alone.
    static let parents: [String: [String]] = ["b": ["a"], "c": ["a"], "d": ["b", "c"]]
    static let order = ["a", "e", "b", "c", "d"]

    @Test func aNodeStartsWhenAllItsParentsSucceeded() {
        var s = ScheduleState(order: Self.order, parents: Self.parents, failFast: false)
        #expect(s.start(slots: 4) == ["a", "e"])
        #expect(s.start(slots: 4).isEmpty, "nothing else is ready while a runs")
        #expect(s.finish("a", succeeded: true).isEmpty)
        #expect(s.start(slots: 1) == ["b"], "ready nodes start in topological order, one per free slot")
        #expect(s.start(slots: 1) == ["c"])
        _ = s.finish("b", succeeded: true)
        #expect(s.start(slots: 4).isEmpty, "d still waits for c")
        _ = s.finish("c", succeeded: true)
        _ = s.finish("e", succeeded: true)
        #expect(s.start(slots: 4) == ["d"])
        _ = s.finish("d", succeeded: true)
        #expect(s.isFinished)
        #expect(s.notStarted.isEmpty)
    }

    @Test func aFailureSkipsEveryDescendantAndNothingElse() {
        var s = ScheduleState(order: Self.order, parents: Self.parents, failFast: false)
        _ = s.start(slots: 4)
        _ = s.finish("a", succeeded: true)
        #expect(s.start(slots: 4) == ["b", "c"])
        #expect(s.finish("b", succeeded: false) == ["d"])
        #expect(s.skipped == ["d": "b"])
        // c is already running: it is neither skipped nor stopped, and finishing it starts nothing.
        #expect(s.finish("c", succeeded: true).isEmpty)
        #expect(s.start(slots: 4).isEmpty)
        _ = s.finish("e", succeeded: true)
        #expect(s.isFinished)
    }

    @Test func failFastStopsNewStartsButLetsRunningNodesFinish() {
        var s = ScheduleState(order: Self.order, parents: Self.parents, failFast: true)
        #expect(s.start(slots: 1) == ["a"])
        #expect(s.finish("a", succeeded: false) == ["b", "c", "d"])
        #expect(s.stopped)
        #expect(s.start(slots: 4).isEmpty, "e is unrelated but fail-fast starts nothing new")
        #expect(s.notStarted == ["e"])
        #expect(s.isFinished)
    }

    @Test func stopLeavesTheRestNotStarted() {
        var s = ScheduleState(order: Self.order, parents: Self.parents, failFast: false)
        #expect(s.start(slots: 1) == ["a"])
        s.stop()
        #expect(!s.isFinished, "a is still running")
        #expect(s.finish("a", succeeded: true).isEmpty)
        #expect(s.start(slots: 4).isEmpty)
        #expect(s.isFinished)
        #expect(s.notStarted == ["e", "b", "c", "d"])
    }

    @Test func parentsOutsideTheSelectionAreNotWaitedFor() {
        var s = ScheduleState(order: ["b"], parents: ["b": ["a"]], failFast: false)
        #expect(s.start(slots: 1) == ["b"])
    }
}
