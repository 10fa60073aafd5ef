import Foundation
import SDBasics
import SDFakeStreaming
import SDHTTP
import SDTestSupport
import Testing

@testable import SDStreaming

/// plan and apply over real HTTP (URLSession) against the fake ksqlDB and Kafka Connect servers.
@Suite("streaming plan and apply against fake ksqlDB and Kafka Connect")
struct ApplyTests {
    static func session(_ server: FakeStreamingServer) -> StreamingSession {
        let t = URLSessionTransport(timeout: 10)
        var s = StreamingSession(ksql: KsqlClient(baseURL: server.ksqlURL, transport: t), connect: ConnectClient(baseURL: server.connectURL, transport: t))
        s.statusPause = .milliseconds(10)
        return s
    }

    static func withServer(_ body: (FakeStreamingServer, StreamingSession) async throws -> Void) async throws {
        let server = try await FakeStreamingServer()
        do {
            try await body(server, session(server))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func project(_ yaml: String) throws -> StreamingProject {
        let (p, d) = Fixtures.load(yaml)
        guard let p else { throw StreamingTransportError(url: "test", reason: d) }
        return p
    }

    // ksql-endpoint.md: one statement per request, streamsProperties carry auto.offset.reset (ksql#1680);
    // connect.html: PUT …/config answers 201 when it creates; validate comes first (PUT /connector-plugins/{plugin}/config/validate).
    @Test func firstApplyCreatesEverythingInOrder() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            let plan = try await session.plan(rtsa)
            #expect(plan.sources.map(\.action) == [.create, .create])
            #expect(plan.connectors.map(\.action) == [.create])
            Golden.check(plan.rendered(), "plan/rtsa_first.txt")

            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(!result.failed)
            #expect(result.diagnostics.isEmpty)
            let received = server.ksql { $0.received }
            let creates = received.filter { $0.statement.hasPrefix("CREATE") }
            #expect(creates.count == 2)
            #expect(creates.first?.statement.hasPrefix("CREATE STREAM TICKS (\n  SYMBOL VARCHAR KEY,") == true)
            #expect(creates.last?.statement.hasPrefix("CREATE STREAM TICKS_ENRICHED_V2 WITH (KAFKA_TOPIC='ticks_enriched_v2'") == true)
            #expect(creates[0].properties == [:])
            #expect(creates[1].properties == ["ksql.streams.auto.offset.reset": "earliest"])
            let connectLog = server.log.filter { !$0.hasPrefix("POST /ksql") }
            let validateAt = try #require(connectLog.firstIndex { $0.hasSuffix("/config/validate") })
            let putAt = try #require(connectLog.firstIndex { $0 == "PUT /connectors/s3-sink-ticks/config" })
            #expect(validateAt < putAt)
            #expect(result.log.contains("created connector s3-sink-ticks"))
            #expect(result.log.last == "connector s3-sink-ticks RUNNING with 3 tasks")
            #expect(server.connect { $0.configs["s3-sink-ticks"] } == rtsa.connectors[0].config)
        }
    }

    // The second apply must change nothing: no statement, no PUT (PUT always restarts: DistributedHerder).
    @Test func secondApplyIsANoOp() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            let before = server.ksql { $0.received.count }
            let second = try await session.apply(rtsa, allowDestructive: false)
            #expect(!second.plan.hasChanges)
            #expect(second.log.isEmpty)
            let after = server.ksql { $0.received }
            #expect(after.count - before == 2, "only LIST STREAMS/TABLES EXTENDED")
            #expect(after.dropFirst(before).allSatisfy { $0.statement.hasPrefix("LIST") })
            #expect(server.connect { $0.putCount["s3-sink-ticks"] } == 1)
            Golden.check(second.plan.rendered(), "plan/rtsa_unchanged.txt")
        }
    }

    // KLIP-28 / update-a-running-persistent-query.md: a projection change on a stateless query is
    // CREATE OR REPLACE; the fake enforces canUpgradeTo, so a wrong classification would fail here.
    @Test func projectionChangeReplacesInPlace() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            var changed = rtsa
            let i = try #require(changed.sources.firstIndex { $0.name == "TICKS_ENRICHED_V2" })
            changed.sources[i].query = changed.sources[i].query?.replacingOccurrences(of: "FROM TICKS", with: "FROM TICKS\nWHERE PRICE > 0")
            let result = try await session.apply(changed, allowDestructive: false)
            #expect(!result.failed, "\(result.diagnostics)")
            guard case .replace = result.plan.sources[i].action else {
                Issue.record("expected replace, got \(result.plan.sources[i].action)")
                return
            }
            let last = try #require(server.ksql { $0.received.last })
            #expect(last.statement.hasPrefix("CREATE OR REPLACE STREAM TICKS_ENRICHED_V2"))
            #expect(server.ksql { $0.sources["TICKS_ENRICHED_V2"]?.queryId } == "CSAS_TICKS_ENRICHED_V2_1", "the query keeps its id and offsets")
        }
    }

    // canUpgradeTo: appending a value column at the end is allowed in place.
    @Test func appendedColumnReplacesInPlace() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            var changed = rtsa
            changed.sources[0].columns.append(KsqlColumn(name: "VENUE", type: "VARCHAR"))
            let result = try await session.apply(changed, allowDestructive: false)
            #expect(!result.failed, "\(result.diagnostics)")
            #expect(result.plan.sources[0].action == .replace(reasons: ["value columns appended: (VENUE STRING)"]))
            #expect(server.ksql { $0.sources["TICKS"]?.fields.last?.name } == "VENUE")
        }
    }

    // PARTITIONS cannot change and key columns must stay identical: drop and recreate, which is
    // refused without --allow-destructive, with the declaration's file and line.
    @Test func destructiveChangeIsRefusedWithoutTheFlag() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            var changed = rtsa
            changed.sources[0].columns.insert(KsqlColumn(name: "VENUE", type: "VARCHAR"), at: 1)
            let before = server.ksql { $0.received.count }
            let refused = try await session.apply(changed, allowDestructive: false)
            #expect(refused.failed)
            #expect(server.ksql { $0.received.count } - before == 2, "nothing but the LISTs was sent")
            let text = DiagnosticRenderer().render(refused.diagnostics)
            #expect(text.hasPrefix("streaming/rtsa.yml:6:11: error: stream 'TICKS' must be dropped and recreated"))
            #expect(text.contains("--allow-destructive"))
            // TICKS_ENRICHED_V2 reads TICKS, so it goes too (DROP fails while a query reads the source).
            guard case .recreate(let reasons) = refused.plan.sources[1].action else {
                Issue.record("expected the derived stream to be recreated")
                return
            }
            #expect(reasons == ["reads TICKS, which is recreated"])
            Golden.check(refused.plan.rendered(), "plan/rtsa_destructive.txt")

            let allowed = try await session.apply(changed, allowDestructive: true)
            #expect(!allowed.failed, "\(allowed.diagnostics)")
            let sent = server.ksql { $0.received.dropFirst(before + 2 + 2).map(\.statement) }
            #expect(
                sent.map { String($0.prefix(40)) } == [
                    "DROP STREAM IF EXISTS TICKS_ENRICHED_V2;", "DROP STREAM IF EXISTS TICKS;",
                    "CREATE STREAM TICKS (\n  SYMBOL VARCHAR K", "CREATE STREAM TICKS_ENRICHED_V2 WITH (KA",
                ])
            #expect(server.ksql { $0.sources["TICKS"]?.fields.map(\.name) } == ["SYMBOL", "VENUE", "PRICE", "VOLUME", "EXCHANGE", "TS"])
            let third = try await session.apply(changed, allowDestructive: false)
            #expect(!third.plan.hasChanges)
        }
    }

    // connect.html: PUT on an existing connector answers 200; only a changed config is PUT.
    @Test func changedConnectorIsUpdatedWith200() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            var changed = rtsa
            changed.connectors[0].config["flush.size"] = "500"
            let result = try await session.apply(changed, allowDestructive: false)
            #expect(result.plan.connectors[0].action == .update(changedKeys: ["flush.size"]))
            #expect(result.log == ["updated connector s3-sink-ticks", "connector s3-sink-ticks RUNNING with 3 tasks"])
            #expect(server.connect { $0.putCount["s3-sink-ticks"] } == 2)
        }
    }

    // ConfigInfos with per-setting errors (connect.html, config/validate): shown at the declaring line, no PUT.
    // Compiling refuses an unknown region itself, so the config is changed after loading, as a
    // worker whose connector version knows fewer regions than swiftdbt would answer.
    @Test func validationErrorsPointAtTheDeclaration() async throws {
        try await ApplyTests.withServer { server, session in
            var project = try ApplyTests.project(
                DiagnosticTests.base + """
                    connectors:
                      - name: sink
                        stream: TICKS
                        s3: {bucket: b, region: eu-west-1}
                        format: {type: avro}
                        flush: {size: 100, rotate_schedule_interval_ms: 60000}
                        partitioning: {type: default, timezone: UTC}
                        converters: {value: avro, schema_registry_url: "http://sr:8081"}
                    """)
            project.connectors[0].config["s3.region"] = "mars-north-1"
            let result = try await session.apply(project, allowDestructive: false)
            #expect(result.failed)
            let text = DiagnosticRenderer().render(result.diagnostics)
            #expect(text.hasPrefix("streaming/case.yml:13:29: error: Kafka Connect rejects 's3.region' of connector 'sink': Invalid value mars-north-1"))
            #expect(server.connect { $0.putCount["sink"] } == nil)
        }
    }

    // statement_error (KsqlStatementErrorMessage): the server's message at the declaration.
    @Test func statementErrorsShowTheServerMessageAndTheDeclaration() async throws {
        try await ApplyTests.withServer { server, session in
            // The topic exists with 6 partitions; the declaration says 3 (create-stream.md: fails on mismatch).
            server.ksql { $0.createTopic("ticks", partitions: 6) }
            let rtsa = try #require(try Fixtures.rtsa())
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(result.failed)
            let text = DiagnosticRenderer().render(result.diagnostics)
            #expect(
                text.hasPrefix(
                    "streaming/rtsa.yml:6:11: error: ksqlDB rejected the statement for 'TICKS' (40001): A Kafka topic with the name 'ticks' already exists"))
            #expect(server.ksql { $0.sources.isEmpty }, "apply stops at the first rejected statement")
        }
    }

    // ksql-endpoint.md: a command still EXECUTING when the server answers is finished through
    // GET /status/{commandId}; apply waits for it before the next statement.
    @Test func executingCommandsArePolledUntilFinal() async throws {
        try await ApplyTests.withServer { server, session in
            server.ksql { $0.answerExecuting = true }
            let rtsa = try #require(try Fixtures.rtsa())
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(!result.failed, "\(result.diagnostics)")
            #expect(result.log.first == "create TICKS: Stream created")
            let statusAt = try #require(server.log.firstIndex { $0 == "GET /status/stream/`TICKS`/create" })
            let nextCreate = try #require(server.log.firstIndex { $0.hasPrefix("POST /ksql CREATE STREAM TICKS_ENRICHED_V2") })
            #expect(statusAt < nextCreate)
        }
    }

    // connect.html: failed tasks are not restarted; apply reports the trace at the declaration.
    @Test func applyReportsAFailedTaskWithItsTrace() async throws {
        try await ApplyTests.withServer { server, session in
            server.connect { $0.failedTasks["s3-sink-ticks"] = "org.apache.kafka.connect.errors.DataException: Failed to deserialize data" }
            let rtsa = try #require(try Fixtures.rtsa())
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(result.failed)
            let text = DiagnosticRenderer().render(result.diagnostics)
            #expect(text.hasPrefix("streaming/rtsa.yml:43:11: error: connector 's3-sink-ticks': task 0 FAILED"))
            #expect(text.contains("DataException: Failed to deserialize data"))
        }
    }

    // Issue 13 item 4: what no declaration names is planned `- drop`; apply removes it only with
    // --allow-destructive, queries terminated first (terminate.md), then streams (drop-stream.md),
    // then connectors (connect.html DELETE /connectors/{name}, 204); --dry-run lists the requests.
    @Test func undeclaredObjectsAreRemovedOnlyWithTheFlag() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            _ = server.ksql {
                $0.handle(
                    ksql:
                        "CREATE STREAM TICKS_ENRICHED WITH (KAFKA_TOPIC='ticks_enriched', VALUE_FORMAT='AVRO', PARTITIONS=3) AS SELECT SYMBOL, PRICE FROM TICKS EMIT CHANGES;",
                    properties: [:])
            }
            var old = rtsa.connectors[0].config
            old["name"] = "old-sink"
            let body = JSONValue.object(old.mapValues { .string($0) }).serialized(indent: 0)
            #expect(server.connect { $0.handle(method: "PUT", path: "/connectors/old-sink/config", body: body).0 } == 201)

            let plan = try await session.plan(rtsa)
            #expect(
                plan.removals == [
                    .terminate(queryId: "CSAS_TICKS_ENRICHED_2", writing: "TICKS_ENRICHED"), .drop(kind: .stream, name: "TICKS_ENRICHED"),
                    .deleteConnector("old-sink"),
                ])
            #expect(
                plan.rendered().contains(
                    "  - drop query CSAS_TICKS_ENRICHED_2 (writes TICKS_ENRICHED) (no longer declared; destructive)\n"
                        + "  - drop stream TICKS_ENRICHED (no longer declared; destructive)\n"
                        + "  - drop connector old-sink (no longer declared; destructive)\n"))

            let kept = try await session.apply(rtsa, allowDestructive: false)
            #expect(!kept.failed)
            #expect(kept.diagnostics.map(\.severity) == [.warning, .warning, .warning])
            #expect(server.ksql { $0.sources["TICKS_ENRICHED"] } != nil)
            #expect(server.connect { $0.configs["old-sink"] } != nil)

            let sentBefore = server.ksql { $0.received.count }
            let dry = try await session.apply(rtsa, allowDestructive: true, dryRun: true)
            #expect(
                dry.log == [
                    "POST /ksql TERMINATE CSAS_TICKS_ENRICHED_2;", "POST /ksql DROP STREAM IF EXISTS TICKS_ENRICHED;",
                    "DELETE /connectors/old-sink",
                ])
            #expect(server.ksql { $0.received.dropFirst(sentBefore).allSatisfy { $0.statement.hasPrefix("LIST") } }, "a dry run sends nothing")

            let removed = try await session.apply(rtsa, allowDestructive: true)
            #expect(!removed.failed, "\(removed.diagnostics)")
            #expect(server.ksql { $0.terminated } == ["CSAS_TICKS_ENRICHED_2"])
            #expect(server.ksql { $0.sources["TICKS_ENRICHED"] } == nil)
            #expect(server.connect { $0.deleted } == ["old-sink"])
            let order = server.log.filter { $0.hasPrefix("POST /ksql TERMINATE") || $0.hasPrefix("POST /ksql DROP") || $0.hasPrefix("DELETE") }
            #expect(
                order == [
                    "POST /ksql TERMINATE CSAS_TICKS_ENRICHED_2;\n", "POST /ksql DROP STREAM IF EXISTS TICKS_ENRICHED;\n",
                    "DELETE /connectors/old-sink",
                ])
            #expect(try await session.plan(rtsa).hasChanges == false)
        }
    }

    // Issue 13 item 6: a task starts after the PUT answered (UNASSIGNED, then RUNNING or FAILED);
    // apply waits with a progress line and fails with the worker's trace.
    @Test func applyWaitsForTasksAndReportsOneThatFailsLater() async throws {
        try await ApplyTests.withServer { server, session in
            let lines = Lines()
            var session = session
            session.progress = { lines.append($0) }
            server.connect { $0.startupReads = 3 }
            var rtsa = try #require(try Fixtures.rtsa())
            // Without a time-based partitioner the validate endpoint does not ask for a timezone; the
            // task fails when it builds its rotation schedule (compiling refuses this declaration).
            for key in ["timezone", "path.format", "locale", "partition.duration.ms", "timestamp.extractor"] { rtsa.connectors[0].config[key] = nil }
            rtsa.connectors[0].config["partitioner.class"] = "io.confluent.connect.storage.partitioner.DefaultPartitioner"
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(result.failed)
            #expect(result.log.contains("created connector s3-sink-ticks"))
            let text = DiagnosticRenderer().render(result.diagnostics)
            #expect(text.hasPrefix("streaming/rtsa.yml:43:11: error: connector 's3-sink-ticks': task 0 FAILED"))
            #expect(text.contains("The datetime zone id '' is not recognised"))
            #expect(
                lines.all == [
                    "waiting for connector s3-sink-ticks: connector UNASSIGNED, no tasks yet (1/120)",
                    "waiting for connector s3-sink-ticks: connector RUNNING, task 0 UNASSIGNED, task 1 UNASSIGNED, task 2 UNASSIGNED (2/120)",
                    "waiting for connector s3-sink-ticks: connector RUNNING, task 0 UNASSIGNED, task 1 UNASSIGNED, task 2 UNASSIGNED (3/120)",
                ])
        }
    }

    // The wait is bounded: a connector that never runs is an error, not a silent success.
    @Test func aConnectorThatNeverRunsFailsTheApply() async throws {
        try await ApplyTests.withServer { server, session in
            var session = session
            session.statusAttempts = 3
            server.connect { $0.startupReads = 100 }
            let rtsa = try #require(try Fixtures.rtsa())
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(result.failed)
            let text = DiagnosticRenderer().render(result.diagnostics)
            #expect(text.contains("error: connector 's3-sink-ticks' did not reach RUNNING within 0 s: connector RUNNING, task 0 UNASSIGNED"))
        }
    }

    // connect.html: 409 while the group rebalances; the request is retried.
    @Test func conflictsDuringARebalanceAreRetried() async throws {
        try await ApplyTests.withServer { server, session in
            var session = session
            session.connect.conflictPause = .milliseconds(10)
            server.connect { $0.rebalancing = 2 }
            let rtsa = try #require(try Fixtures.rtsa())
            let result = try await session.apply(rtsa, allowDestructive: false)
            #expect(!result.failed, "\(result.diagnostics)")
            #expect(server.log.filter { $0 == "GET /connectors" }.count == 3, "two 409s, then the answer")
        }
    }

    // ConnectorStateInfo: a FAILED task with its trace; SHOW QUERIES for queries.
    @Test func statusShowsQueriesConnectorsAndTraces() async throws {
        try await ApplyTests.withServer { server, session in
            let rtsa = try #require(try Fixtures.rtsa())
            _ = try await session.apply(rtsa, allowDestructive: false)
            server.connect {
                $0.failedTasks["s3-sink-ticks"] =
                    "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.\n\tat WorkerSinkTask.deliverMessages"
            }
            let plan = try await session.plan(rtsa)
            #expect(plan.connectors[0].problem == "task 0 FAILED")
            #expect(plan.rendered().contains("  = connector s3-sink-ticks unchanged\n      on the server: task 0 FAILED"))
            let status = try await session.status(rtsa)
            Golden.check(status, "status/rtsa_failed_task.txt")
            #expect(status.contains("task 0  FAILED"))
            #expect(status.contains("ConnectException"))
        }
    }
}

/// Progress lines collected from the session's callback.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
