import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

/// Issue 6 §7: 200 generated table models on the fake with 1 s query latency and 8 threads should
/// finish within 10% of max(longest chain, models / threads) × latency; also counts AWS calls per
/// model. Takes ~30 s, so it runs only with SWIFTDBT_ATHENA_BENCH=1.
@Suite struct AthenaBenchmarkTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SWIFTDBT_ATHENA_BENCH"] == "1"))
    func twoHundredModelsNearTheLowerBound() async throws {
        let latency = 1.0
        let threads = 8
        // The lenient fake: the benchmark measures swiftdbt's scheduling against query latency, and
        // the SQL sidecar's own time (a few ms per statement, serialised) would blur the figure.
        let world = try await FakeWorld(latency: latency, settings: ["poll_interval": "1"], strict: false)
        defer { Task { await world.stop() } }
        // 8 chains of 25: longest chain 25 and 200 / 8 = 25, so the bound is 25 s either way.
        var nodes: [CompiledNode] = []
        for i in 0..<200 {
            let deps = i >= threads ? ["model.p.m\(i - threads)"] : []
            nodes.append(FakeWorld.model("m\(i)", "select \(i) as x", dependsOn: deps))
        }
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0) })
        _ = try await world.engine.existingRelations(schemas: [])  // as Execution does before a run
        let runner = Runner(threads: threads, failFast: false, reporter: nil, now: { Date() })
        let started = Date()
        let outcome = await runner.run(
            order: nodes.map(\.uniqueId), nodes: byID, cancellation: CancellationFlag(),
            execute: RunnerOnAthenaTests.execute(world.engine))
        let elapsed = Date().timeIntervalSince(started)
        let bound = 25 * latency
        let calls = world.state.journal.count
        print(
            "athena benchmark: \(nodes.count) models, \(threads) threads, latency \(latency) s: \(String(format: "%.2f", elapsed)) s "
                + "(bound \(bound) s, +\(String(format: "%.1f", (elapsed / bound - 1) * 100))%), "
                + "\(calls) AWS calls = \(String(format: "%.2f", Double(calls) / Double(nodes.count))) per model")
        // The same bound with each model's measured time (its queries plus its Glue and S3 calls) in place of
        // the latency alone: what is left over is the scheduler's own cost (docs/scheduling.md).
        let work = Dictionary(uniqueKeysWithValues: outcome.results.map { ($0.uniqueId, $0.executionTime) })
        let order = nodes.map(\.uniqueId)
        let parents = Dictionary(uniqueKeysWithValues: nodes.map { ($0.uniqueId, $0.dependsOn) })
        let critical = CriticalPath.remaining(order: order, parents: parents, weights: work).values.max() ?? 0
        let measured = max(critical, work.values.reduce(0, +) / Double(threads))
        print(
            "athena benchmark: measured work \(String(format: "%.2f", work.values.reduce(0, +))) s, critical path "
                + "\(String(format: "%.2f", critical)) s, bound \(String(format: "%.2f", measured)) s, "
                + "span +\(String(format: "%.1f", (outcome.elapsed / measured - 1) * 100))%")
        // What the next run pays before its first model: lease, GetTables pages, the orphan scan
        // (one ListObjectsV2 per table root, 16 at a time) and the lease listing.
        let before = world.state.journal.count
        let next = try FakeWorld.engine(endpoint: world.server.endpoint, runID: "11111111-0000-4000-8000-000000000000", accessKey: "AKIDNEXT")
        let scanStarted = Date()
        _ = try await next.existingRelations(schemas: [])
        let scan = Date().timeIntervalSince(scanStarted)
        await next.close()
        print(
            "athena benchmark: start of the next run over \(nodes.count) tables: \(world.state.journal.count - before - 1) AWS calls, "
                + "\(String(format: "%.3f", scan)) s on the fake")
        #expect(outcome.results.allSatisfy { $0.status == .success })
        #expect(elapsed <= bound * 1.10)
        #expect(Double(calls) / Double(nodes.count) <= 8)
    }
}
