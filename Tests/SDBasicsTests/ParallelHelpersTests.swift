import Foundation
import SDBasics
import Synchronization
import Testing

/// ParallelMap.swift and Background.swift: the concurrent helpers give what their serial
/// counterparts give, in the same order, and a background step's error reaches its caller.
struct ParallelHelpersTests {
    /// Node-id-like strings with shared prefixes, duplicates and non-ASCII text, in a fixed
    /// pseudo-random order (a linear congruential sequence, so a failure reproduces).
    static func ids(_ count: Int) -> [String] {
        var state: UInt64 = 42
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let n = Int(state >> 33) % (count / 2 + 1)
            return n % 97 == 0 ? "model.bench.é_\(n)" : "model.bench.model_\(n)"
        }
    }

    @Test(arguments: [0, 1, 2, 3, 4095, 4096, 4097, 20_001])
    func sortedMatchesTheStandardSort(count: Int) {
        let items = Self.ids(count)
        #expect(ParallelMap.sorted(items) == items.sorted())
        // Below the minimum it sorts in one piece; forcing the halves on a small input still agrees.
        #expect(ParallelMap.sorted(items, minimumCount: 2) == items.sorted())
    }

    @Test func sortedKeepsEqualElementsInTheirOrder() {
        // Equal by `<` but told apart by `tag`: ties keep the order they had, as a stable sort does.
        struct Tagged: Comparable, Sendable {
            var key: Int
            var tag: Int
            static func < (a: Tagged, b: Tagged) -> Bool { a.key < b.key }
            static func == (a: Tagged, b: Tagged) -> Bool { a.key == b.key }
        }
        let items = (0..<10_000).map { Tagged(key: ($0 * 7919) % 10, tag: $0) }
        let sorted = ParallelMap.sorted(items, minimumCount: 2)
        #expect(sorted.map(\.key) == items.sorted().map(\.key))
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.key == b.key { #expect(a.tag < b.tag) }
    }

    @Test func mapKeepsOrderEvenForFewItems() {
        // A batch of the manifest is 32 pieces: mapped on every core with minimumCount 2, in order.
        let items = Array(0..<32)
        #expect(ParallelMap.map(items, minimumCount: 2) { $0 * $0 } == items.map { $0 * $0 })
        #expect(ParallelMap.map([Int](), minimumCount: 2) { $0 } == [])
    }

    @Test(arguments: [0, 1, 63, 64, 65, 1000])
    func mapWaitingKeepsOrder(count: Int) {
        let items = Array(0..<count)
        #expect(ParallelMap.mapWaiting(items) { $0 * 3 } == items.map { $0 * 3 })
        #expect(ParallelMap.mapWaiting(items, threads: 3, minimumCount: 2) { "\($0)" } == items.map { "\($0)" })
    }

    @Test func mapWaitingHasMoreItemsInFlightThanCores() {
        // The first item of each claim (8 items a claim) waits, up to 5 s, until four such items
        // are in flight at once: with only as many threads as this machine's two cores, they
        // never are, and the waits time out.
        let arrived = Atomic<Int>(0)
        let met = ParallelMap.mapWaiting(Array(0..<64), threads: 8) { i -> Bool in
            guard i % 8 == 0 else { return true }
            arrived.add(1, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(5)
            while arrived.load(ordering: .sequentiallyConsistent) < 4 {
                if Date() > deadline { return false }
                usleep(1000)
            }
            return true
        }
        #expect(met.allSatisfy { $0 })
    }

    @Test func backgroundWorkRunsAlongsideAndHandsBackItsValue() throws {
        // The work waits (at most 5 s) for the caller to go on: run on the caller's thread, it
        // would time out and hand back -1 instead of hanging the test.
        let started = Atomic<Bool>(false)
        let release = DispatchSemaphore(value: 0)
        let work = Background { () -> Int in
            started.store(true, ordering: .sequentiallyConsistent)
            return release.wait(timeout: .now() + 5) == .success ? 42 : -1
        }
        while !started.load(ordering: .sequentiallyConsistent) { usleep(1000) }
        release.signal()
        #expect(try work.value() == 42)
        #expect(try work.value() == 42)
    }

    @Test func backgroundWorkRethrowsItsError() {
        struct Failed: Error, Equatable { var why: String }
        let work = Background { () throws -> Int in throw Failed(why: "disk full") }
        #expect(throws: Failed(why: "disk full")) { try work.value() }
    }
}
