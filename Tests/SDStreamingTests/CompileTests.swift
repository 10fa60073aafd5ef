import Foundation
import SDBasics
import SDTestSupport
import Testing

@testable import SDStreaming

@Suite("streaming compile: ksqlDB statements and connector configs")
struct CompileTests {
    /// Every compiled file of a project joined with headers, so one golden holds a whole case.
    static func dump(_ project: StreamingProject) -> String {
        StreamingArtifacts.files(project).map { "=== \($0.path)\n\($0.contents)" }.joined()
    }

    // Statement shapes follow ksqlDB's create-stream.md / create-stream-as-select.md; the connector
    // config follows the Confluent S3 sink reference config (docs.confluent.io, s3-sink configuration_options), values as strings.
    @Test func rtsaGolden() throws {
        let project = try #require(try Fixtures.rtsa())
        #expect(project.sources.map(\.name) == ["TICKS", "TICKS_ENRICHED_V2"])
        Golden.check(CompileTests.dump(project), "rtsa/compiled.txt")
    }

    @Test func rtsaConnectorMatchesTheLakeContract() throws {
        // docs/rtsa.md "Sink settings the lake layout follows".
        let c = try #require(try Fixtures.rtsa()?.connectors.first)
        #expect(c.config["topics"] == "ticks_enriched_v2")
        #expect(c.config["path.format"] == "'dt'=YYYY-MM-dd")
        #expect(c.config["partition.duration.ms"] == "86400000")
        #expect(c.config["timestamp.extractor"] == "Record")
        #expect(c.config["flush.size"] == "1000")
        #expect(c.config["rotate.schedule.interval.ms"] == "600000")
        #expect(c.config["timezone"] == "UTC")
        #expect(c.config["behavior.on.null.values"] == "ignore")
        #expect(c.config["value.converter"] == "io.confluent.connect.avro.AvroConverter")
        #expect(c.config["key.converter"] == "org.apache.kafka.connect.storage.StringConverter")
        #expect(c.locations == ["s3://rtsa-lake/topics/ticks_enriched_v2/"])
        #expect(c.feeds == ["lake", "ticks_enriched_v2"])
    }

    @Test func environmentReachesTheConfig() throws {
        let c = try #require(try Fixtures.rtsa(environment: ["RTSA_LAKE_BUCKET": "prod-lake"])?.connectors.first)
        #expect(c.config["s3.bucket.name"] == "prod-lake")
    }

    @Test func compileIsByteStable() throws {
        let a = CompileTests.dump(try #require(try Fixtures.rtsa()))
        let b = CompileTests.dump(try #require(try Fixtures.rtsa()))
        #expect(a == b)
        #expect(a.hasSuffix("\n"))
    }

    static let edgeCases = """
        tables:
          - name: positions
            topic: positions
            partitions: 6
            replicas: 3
            key_format: JSON
            value_format: JSON_SR
            timestamp: updated_at
            timestamp_format: "yyyy-MM-dd'T'HH:mm:ss"
            columns:
              - {name: account, type: VARCHAR, key: true}
              - {name: symbol, type: VARCHAR, key: true}
              - {name: qty, type: "DECIMAL(18, 4)"}
              - {name: updated_at, type: VARCHAR}
          - name: EXPOSURE
            topic: exposure
            partitions: 6
            key_format: JSON
            value_format: AVRO
            auto_offset_reset: latest
            as: |
              SELECT account, SUM(qty) AS total  -- a comment naming FROM NOWHERE
              FROM << var('positions_table', 'POSITIONS') >>
              WHERE symbol <> 'it''s'
              GROUP BY account
              EMIT CHANGES;
        streams:
          - name: audit
            topic: "audit-<< env_var('ENV') >>"
            value_format: JSON
            columns:
              - {name: line, type: STRING}
        """

    @Test func edgeCasesGolden() throws {
        let (project, diagnostics) = Fixtures.load(CompileTests.edgeCases, environment: ["ENV": "prod"])
        #expect(diagnostics == "")
        let p = try #require(project)
        // Ordered by dependency, ties by name: AUDIT and POSITIONS have no inputs, EXPOSURE reads POSITIONS.
        #expect(p.sources.map(\.name) == ["AUDIT", "POSITIONS", "EXPOSURE"])
        #expect(p.source(named: "EXPOSURE")?.reads == ["POSITIONS"])
        #expect(p.source(named: "AUDIT")?.topic == "audit-prod")
        Golden.check(CompileTests.dump(p), "edge/compiled.txt")
    }

    @Test func writeReplacesEarlierOutput() throws {
        let fs = MemoryFileSystem()
        try fs.writeFile("/t/streaming/ksql/999_stale.sql", "old")
        try StreamingArtifacts.write(try #require(try Fixtures.rtsa()), to: "/t/streaming", fileSystem: fs)
        #expect(
            try fs.listFiles(under: "/t/streaming") == [
                "connectors/s3-sink-ticks.json", "ksql/001_stream_TICKS.sql", "ksql/002_stream_TICKS_ENRICHED_V2.sql",
            ])
    }
}
