import Foundation
import SDBasics
import SDFakeStreaming
import Testing

/// The fakes themselves follow the documented shapes, or the plan/apply tests would prove nothing.
@Suite("fake ksqlDB and Kafka Connect follow the documented behaviour")
struct FakeServerTests {
    static let ticks = "CREATE STREAM T (K VARCHAR KEY, V BIGINT) WITH (KAFKA_TOPIC='t', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON', PARTITIONS=1);"

    // ksql-endpoint.md: 200 with an array of currentStatus entities.
    @Test func createAnswersCurrentStatus() {
        var e = FakeKsqlEngine()
        let (status, body) = e.handle(ksql: FakeServerTests.ticks, properties: [:])
        #expect(status == 200)
        guard case .array(let entities) = body else { Issue.record("not an array"); return }
        #expect(entities.first?["@type"] == "currentStatus")
        #expect(entities.first?["commandStatus"]?["status"] == "SUCCESS")
        #expect(entities.first?["commandId"] == "stream/`T`/create")
    }

    // KsqlStatementErrorMessage: one object with the failing statementText and the entities that ran.
    @Test func failureInAMultiStatementRequestKeepsEarlierEntities() {
        var e = FakeKsqlEngine()
        let (status, body) = e.handle(ksql: FakeServerTests.ticks + " " + FakeServerTests.ticks, properties: [:])
        #expect(status == 400)
        #expect(body["@type"] == "statement_error")
        #expect(body["error_code"] == 40001)
        #expect(body["message"] == "Cannot add stream 'T': A stream with the same name already exists")
        guard case .array(let ran) = body["entities"] ?? .null else { Issue.record("no entities"); return }
        #expect(ran.count == 1)
    }

    // create-stream.md / DistributingExecutor: IF NOT EXISTS on an existing name is a warning, not a change.
    @Test func ifNotExistsWarns() {
        var e = FakeKsqlEngine()
        _ = e.handle(ksql: FakeServerTests.ticks, properties: [:])
        let (status, body) = e.handle(ksql: FakeServerTests.ticks.replacingOccurrences(of: "STREAM T", with: "STREAM IF NOT EXISTS T"), properties: [:])
        #expect(status == 200)
        guard case .array(let entities) = body else { Issue.record("not an array"); return }
        #expect(entities.first?["@type"] == "warning_entity")
    }

    // StructuredDataSource.canUpgradeTo: a value column inserted in the middle is refused (ksql#9570).
    @Test func createOrReplaceRefusesReorderedColumns() {
        var e = FakeKsqlEngine()
        _ = e.handle(ksql: FakeServerTests.ticks, properties: [:])
        let insert =
            "CREATE OR REPLACE STREAM T (K VARCHAR KEY, W INT, V BIGINT) WITH (KAFKA_TOPIC='t', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON', PARTITIONS=1);"
        let (status, body) = e.handle(ksql: insert, properties: [:])
        #expect(status == 400)
        #expect(body["message"]?.stringValue?.hasPrefix("Cannot upgrade data source: DataSource 'T' has schema") == true)
        let append =
            "CREATE OR REPLACE STREAM T (K VARCHAR KEY, V BIGINT, W INT) WITH (KAFKA_TOPIC='t', KEY_FORMAT='KAFKA', VALUE_FORMAT='JSON', PARTITIONS=1);"
        #expect(e.handle(ksql: append, properties: [:]).0 == 200)
    }

    // drop-stream.md / EngineContext: a source read by a query cannot be dropped.
    @Test func dropRefusedWhileAQueryReads() {
        var e = FakeKsqlEngine()
        _ = e.handle(ksql: FakeServerTests.ticks, properties: [:])
        _ = e.handle(ksql: "CREATE STREAM U WITH (KAFKA_TOPIC='u', VALUE_FORMAT='JSON', PARTITIONS=1) AS SELECT K, V FROM T EMIT CHANGES;", properties: [:])
        let (status, body) = e.handle(ksql: "DROP STREAM T;", properties: [:])
        #expect(status == 400)
        #expect(body["message"]?.stringValue?.contains("The following queries read from this source: [CSAS_U_1]") == true)
    }

    // connect.html: PUT …/config is 201 on create, 200 on update; a mismatched name is 400.
    @Test func connectPutStatuses() {
        var c = FakeConnectEngine()
        let body =
            #"{"connector.class":"io.confluent.connect.s3.S3SinkConnector","s3.bucket.name":"b","flush.size":"1","format.class":"f","storage.class":"s","topics":"t"}"#
        #expect(c.handle(method: "PUT", path: "/connectors/x/config", body: body).0 == 201)
        #expect(c.handle(method: "PUT", path: "/connectors/x/config", body: body).0 == 200)
        let wrongName = body.replacingOccurrences(of: "{", with: #"{"name":"y","#)
        let (status, error) = c.handle(method: "PUT", path: "/connectors/x/config", body: wrongName)
        #expect(status == 400)
        #expect(error["message"] == "Connector name configuration (y) doesn't match connector name in the URL (x)")
        #expect(c.handle(method: "GET", path: "/connectors/nope/config", body: "").0 == 404)
    }

    // ConfigInfos: error_count and per-setting value.errors.
    @Test func validateReportsPerSettingErrors() {
        var c = FakeConnectEngine()
        let (status, body) = c.handle(
            method: "PUT", path: "/connector-plugins/S3SinkConnector/config/validate",
            body:
                #"{"name":"x","connector.class":"io.confluent.connect.s3.S3SinkConnector","topics":"t","flush.size":"1","format.class":"f","storage.class":"s"}"#
        )
        #expect(status == 200)
        #expect(body["error_count"] == 1)
        guard case .array(let configs) = body["configs"] ?? .null else { Issue.record("no configs"); return }
        let bucket = configs.first { $0["value"]?["name"] == "s3.bucket.name" }
        #expect(bucket?["value"]?["errors"] == [#"Missing required configuration "s3.bucket.name" which has no default value."#])
    }

    // S3SinkConnectorConfig RegionValidator: any region the AWS SDK knows (the seed's ap-southeast-2
    // was refused by a hand-made subset); enumerated settings answer "Invalid value … must be one of".
    @Test func validateAcceptsEveryAWSRegionAndRefusesOtherEnumeratedValues() {
        var c = FakeConnectEngine()
        let base =
            #"{"name":"x","connector.class":"io.confluent.connect.s3.S3SinkConnector","topics":"t","flush.size":"1","#
            + #""format.class":"f","storage.class":"s","s3.bucket.name":"b""#
        for region in ["ap-southeast-2", "sa-east-1", "us-gov-west-1", "me-central-1"] {
            let (_, ok) = c.handle(method: "PUT", path: "/connector-plugins/S3SinkConnector/config/validate", body: base + #","s3.region":""# + region + #""}"#)
            #expect(ok["error_count"] == 0, "\(region)")
        }
        let (_, bad) = c.handle(
            method: "PUT", path: "/connector-plugins/S3SinkConnector/config/validate",
            body: base + #","s3.region":"mars-north-1","behavior.on.null.values":"drop"}"#)
        #expect(bad["error_count"] == 2)
        guard case .array(let configs) = bad["configs"] ?? .null else { Issue.record("no configs"); return }
        let nulls = configs.first { $0["value"]?["name"] == "behavior.on.null.values" }
        #expect(nulls?["value"]?["errors"] == ["Invalid value drop for configuration behavior.on.null.values: Value must be one of: ignore, fail, write"])
    }

    // A task reports its state only after a worker starts it: UNASSIGNED, then RUNNING (connect.html).
    @Test func connectorStatusGoesThroughUnassigned() {
        var c = FakeConnectEngine()
        let body =
            #"{"connector.class":"io.confluent.connect.s3.S3SinkConnector","s3.bucket.name":"b","flush.size":"1","#
            + #""format.class":"f","storage.class":"s","topics":"t","tasks.max":"2"}"#
        #expect(c.handle(method: "PUT", path: "/connectors/x/config", body: body).0 == 201)
        let states = (0..<3).map { _ in c.handle(method: "GET", path: "/connectors/x/status", body: "").1 }
        #expect(states.map { $0["connector"]?["state"] } == ["UNASSIGNED", "RUNNING", "RUNNING"])
        func taskStates(_ status: JSONValue) -> [String] {
            guard case .array(let tasks) = status["tasks"] ?? .null else { return ["no tasks array"] }
            return tasks.compactMap { if case .string(let s) = $0["state"] ?? .null { s } else { nil } }
        }
        #expect(states.map(taskStates) == [[], ["UNASSIGNED", "UNASSIGNED"], ["RUNNING", "RUNNING"]])
    }
}
