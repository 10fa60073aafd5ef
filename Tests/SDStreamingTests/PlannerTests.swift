import SDBasics
import Testing

@testable import SDStreaming

/// The diff is pure: declared sources against LiveSource values (KLIP-28 upgrade rules, docs/streaming.md, plan).
@Suite("streaming plan classification")
struct PlannerTests {
    static func derived(_ query: String, reads: [String]) -> KsqlSource {
        KsqlSource(name: "OUT", kind: .stream, topic: "out", partitions: 3, valueFormat: .avro, query: query, reads: reads)
    }

    static func live(_ query: String) -> LiveSource {
        LiveSource(
            name: "OUT", kind: .stream, topic: "out", keyFormat: "KAFKA", valueFormat: "AVRO", partitions: 3,
            writeQueries: [LiveQuery(id: "CSAS_OUT_1", queryString: "CREATE STREAM OUT WITH (KAFKA_TOPIC='out') AS \(query);", state: "RUNNING")])
    }

    @Test func whitespaceAndCaseDoNotCountAsChanges() {
        let action = StreamingPlanner.compare(
            PlannerTests.derived("select a,\n   b from   X emit changes", reads: ["X"]),
            PlannerTests.live("SELECT A, B FROM X EMIT CHANGES"))
        #expect(action == .unchanged)
    }

    @Test func stringLiteralsKeepTheirCase() {
        let action = StreamingPlanner.compare(
            PlannerTests.derived("SELECT A FROM X WHERE B = 'nyse'", reads: ["X"]),
            PlannerTests.live("SELECT A FROM X WHERE B = 'NYSE'"))
        #expect(action == .replace(reasons: ["query changed (CSAS_OUT_1 keeps its offsets)"]))
    }

    // ksql#8301: a new source is "not upgradeable"; ksql#9734: joins cannot be upgraded.
    @Test(arguments: [
        ("SELECT A FROM Y", ["Y"], "query reads Y instead of X"),
        ("SELECT X.A FROM X JOIN Z ON X.A = Z.A", ["X", "Z"], "query reads X, Z instead of X"),
        ("SELECT A, COUNT(*) AS N FROM X GROUP BY A", ["X"], "query changed, and a query with GROUP BY cannot be upgraded in place"),
    ])
    func statefulOrReSourcedQueriesAreRecreated(query: String, reads: [String], reason: String) {
        let action = StreamingPlanner.compare(PlannerTests.derived(query, reads: reads), PlannerTests.live("SELECT A FROM X"))
        #expect(action == .recreate(reasons: [reason]))
    }

    @Test func topicFormatAndPartitionChangesAreBreaking() {
        var s = PlannerTests.derived("SELECT A FROM X", reads: ["X"])
        s.topic = "out_v2"
        s.valueFormat = .json
        s.partitions = 6
        #expect(
            StreamingPlanner.compare(s, PlannerTests.live("SELECT A FROM X"))
                == .recreate(reasons: [
                    "topic 'out' → 'out_v2'", "value format AVRO → JSON", "partitions 3 → 6 (cannot change on an existing topic)",
                ]))
    }

    // ksql#6534/#6681: CREATE OR REPLACE arrived in 0.12 (CP 6.1).
    @Test(arguments: [("0.11.0", false), ("0.12.0", true), ("0.29.0", true), ("6.0.1", false), ("6.1.0", true), ("7.5.0", true)])
    func replaceNeedsAServerThatHasIt(version: String, inPlace: Bool) {
        let s = PlannerTests.derived("SELECT A FROM X WHERE A > 0", reads: ["X"])
        let live = PlannerTests.live("SELECT A FROM X")
        let plan = StreamingPlanner.plan(StreamingProject(sources: [s], connectors: []), live: [live], liveConfigs: [:], serverVersion: version)
        if case .replace = plan.sources[0].action { #expect(inPlace) } else { #expect(!inPlace) }
    }

    @Test func connectorDiffIsOnStringMaps() {
        let c = SinkConnector(name: "s", topics: ["t"], config: ["name": "s", "flush.size": "10", "tasks.max": "1"])
        let project = StreamingProject(sources: [], connectors: [c])
        let same = StreamingPlanner.plan(project, live: [], liveConfigs: ["s": c.config])
        #expect(same.connectors[0].action == .unchanged)
        let extra = StreamingPlanner.plan(project, live: [], liveConfigs: ["s": c.config.merging(["errors.tolerance": "all"]) { a, _ in a }])
        #expect(extra.connectors[0].action == .update(changedKeys: ["errors.tolerance"]), "a key set by hand on the server is drift too")
        let missing = StreamingPlanner.plan(project, live: [], liveConfigs: [:])
        #expect(missing.connectors[0].action == .create)
    }

    // Removal order: every query writing an undeclared source, then the sources downstream first
    // (DROP fails while a query reads the source), then connectors; the processing log and a source
    // a declared query reads stay (processing-log.md; EngineContext "terminate them before dropping").
    @Test func undeclaredObjectsAreRemovedQueriesFirstDownstreamFirst() {
        let declared = PlannerTests.derived("SELECT A FROM KEEP EMIT CHANGES", reads: ["KEEP"])
        func q(_ id: String, _ text: String, sinks: [String]) -> LiveQuery { LiveQuery(id: id, queryString: text, state: "RUNNING", sinks: sinks) }
        let live = [
            LiveSource(
                name: "A", kind: .stream, topic: "a", keyFormat: "KAFKA", valueFormat: "JSON",
                writeQueries: [q("CSAS_A_1", "CREATE STREAM A AS SELECT * FROM RAW RAW EMIT CHANGES;", sinks: ["A"])]),
            LiveSource(
                name: "B", kind: .table, topic: "b", keyFormat: "KAFKA", valueFormat: "JSON",
                writeQueries: [q("CTAS_B_2", "CREATE TABLE B AS SELECT K, COUNT(*) N FROM A A GROUP BY K EMIT CHANGES;", sinks: ["B"])]),
            LiveSource(
                name: "RAW", kind: .stream, topic: "raw", keyFormat: "KAFKA", valueFormat: "JSON",
                readQueries: [q("CSAS_A_1", "", sinks: ["A"])]),
            LiveSource(
                name: "KEEP", kind: .stream, topic: "keep", keyFormat: "KAFKA", valueFormat: "JSON",
                readQueries: [q("CSAS_OUT_3", "", sinks: ["OUT"])]),
            LiveSource(name: "KSQL_PROCESSING_LOG", kind: .stream, topic: "default_ksql_processing_log", keyFormat: "KAFKA", valueFormat: "JSON"),
        ]
        let plan = StreamingPlanner.plan(
            StreamingProject(sources: [declared], connectors: []), live: live, liveConfigs: [:],
            liveConnectors: ["old-sink"])
        #expect(
            plan.removals == [
                .terminate(queryId: "CTAS_B_2", writing: "B"), .terminate(queryId: "CSAS_A_1", writing: "A"),
                .drop(kind: .table, name: "B"), .drop(kind: .stream, name: "A"), .drop(kind: .stream, name: "RAW"),
                .deleteConnector("old-sink"),
            ])
        #expect(plan.kept == ["stream KEEP is not declared but CSAS_OUT_3 of OUT reads it (kept)"])
        #expect(plan.hasChanges)
    }
}
