import SDBasics
import SDTestSupport
import Testing

@testable import SDStreaming

@Suite("streaming declarations: diagnostics with file, line and column")
struct DiagnosticTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var yaml: String
        var description: String { name }
    }

    static let base = """
        streams:
          - name: TICKS
            topic: ticks
            partitions: 3
            value_format: AVRO
            timestamp: TS
            columns:
              - {name: SYMBOL, type: VARCHAR, key: true}
              - {name: TS, type: BIGINT}

        """

    static let cases: [Case] = [
        // Unknown stream in a query, with did-you-mean, pointing at the name inside the block.
        Case(
            name: "unknown_stream",
            yaml: base + """
                  - name: ENRICHED
                    topic: enriched
                    value_format: AVRO
                    as: |
                      SELECT SYMBOL, TS
                      FROM TICKZ
                      EMIT CHANGES
                """),
        // Missing required settings (topic, value_format; connector flush size and bucket).
        Case(
            name: "missing_required",
            yaml: """
                streams:
                  - name: raw
                    columns:
                      - {name: line, type: VARCHAR}
                connectors:
                  - name: sink
                    stream: RAW
                    s3: {region: eu-west-1}
                    format: {type: json}
                    flush: {rotate_interval_ms: 1000}
                """),
        // Parquet with a schemaless value converter (ParquetRecordWriterProvider needs a Connect schema).
        Case(
            name: "parquet_schemaless",
            yaml: base + """
                connectors:
                  - name: sink
                    stream: TICKS
                    s3: {bucket: b, region: eu-west-1}
                    format: {type: parquet}
                    flush: {size: 100}
                    converters: {key: string, value: json}
                """),
        // Key formats that cannot work: KAFKA with two keys; an Avro key converter on a KAFKA key.
        Case(
            name: "key_formats",
            yaml: base + """
                tables:
                  - name: POS
                    topic: pos
                    value_format: JSON
                    columns:
                      - {name: A, type: VARCHAR, key: true}
                      - {name: B, type: VARCHAR, key: true}
                connectors:
                  - name: sink
                    stream: TICKS
                    s3: {bucket: b, region: eu-west-1}
                    format: {type: parquet}
                    flush: {size: 100}
                    converters: {key: avro, value: avro, schema_registry_url: "http://sr:8081"}
                """),
        // Unknown keys: a typo in the declaration and in raw Connect settings.
        Case(
            name: "unknown_keys",
            yaml: base + """
                connectors:
                  - name: sink
                    stream: TICKS
                    tasks_mx: 2
                    s3: {bucket: b, region: eu-west-1}
                    format: {type: avro}
                    flush: {size: 100}
                    converters: {value: avro, schema_registry_url: "http://sr:8081"}
                    config:
                      s3.part.sise: "5242880"
                """),
        // Time-based partitioning without its required settings; bad timestamp column type.
        Case(
            name: "partitioning_and_timestamp",
            yaml: """
                streams:
                  - name: EVENTS
                    topic: events
                    value_format: AVRO
                    timestamp: AT
                    columns:
                      - {name: AT, type: VARCHAR}
                connectors:
                  - name: sink
                    stream: EVENTS
                    feeds: lake.evnts
                    s3: {bucket: b, region: eu-west-1}
                    format: {type: avro}
                    flush: {size: 10}
                    partitioning: {path_format: "'dt'=YYYY-MM-dd"}
                    converters: {value: avro, schema_registry_url: "http://sr:8081"}
                """),
        // An env_var without default inside a query: the error points into the block.
        Case(
            name: "template_error",
            yaml: base + """
                  - name: ENRICHED
                    topic: enriched
                    value_format: AVRO
                    as: |
                      SELECT SYMBOL, TS
                      FROM TICKS
                      WHERE SYMBOL <> '<< env_var('EXCLUDED') >>'
                """),
    ]

    @Test(arguments: cases)
    func diagnosticsGolden(_ c: Case) {
        let (project, rendered) = Fixtures.load(c.yaml)
        if c.name != "unknown_keys" { #expect(project == nil, "errors leave no project") }
        Golden.check(rendered, "diagnostics/\(c.name).txt")
    }

    @Test func unknownStreamPointsAtTheName() {
        let (_, text) = Fixtures.load(DiagnosticTests.cases[0].yaml)
        // Line 15 of the case is "      FROM TICKZ"; column 12 is the T of TICKZ.
        #expect(text.hasPrefix("streaming/case.yml:15:12: error: 'ENRICHED' reads 'TICKZ', which is not a declared stream or table"))
        #expect(text.contains("note: did you mean 'TICKS'?"))
    }

    @Test func unknownKeysAreWarningsWithSuggestions() {
        let (project, text) = Fixtures.load(DiagnosticTests.cases[4].yaml)
        #expect(project != nil, "unknown keys warn; they do not stop the compile")
        #expect(text.contains("warning: unknown key 'tasks_mx' in connector 'sink'"))
        #expect(text.contains("did you mean 'tasks_max'?"))
        #expect(text.contains("warning: unknown S3 sink setting 's3.part.sise'"))
        #expect(text.contains("did you mean 's3.part.size'?"))
    }

    /// A connector may not read a secret variable (it would be written to target/streaming and sent to
    /// Connect in clear); a name built at render time is caught by env_var itself.
    @Test func secretEnvVarIsRefusedAtTheName() {
        let yaml =
            Self.base + """
                  - name: ENRICHED
                    topic: enriched
                    value_format: AVRO
                    as: |
                      SELECT SYMBOL, TS
                      FROM TICKS
                      WHERE SYMBOL <> '<< env_var('DBT_ENV_' ~ 'SECRET_SYMBOL', 'X') >>'
                """
        let (project, text) = Fixtures.load(yaml, environment: ["DBT_ENV_SECRET_SYMBOL": "hidden-symbol"])
        #expect(project == nil)
        #expect(
            text.hasPrefix("streaming/case.yml:16:35: error: secret environment variable 'DBT_ENV_SECRET_SYMBOL' may only be read in profiles.yml"),
            "\(text)")
        #expect(!text.contains("hidden-symbol"))
    }
}
