import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDFakeAWS
import Testing

@testable import SDAthena
@testable import SDProject

@Suite struct SeedAndSourceTests {
    static func seedNode(_ name: String) -> CompiledNode {
        CompiledNode(
            uniqueId: "seed.p.\(name)", name: name, resourceType: .seed, packageName: "p", fqn: ["p", name],
            originalFilePath: "seeds/\(name).csv", path: "\(name).csv",
            relation: Relation(database: "awsdatacatalog", schema: FakeWorld.schema, identifier: name))
    }

    static let table = SeedTable(
        columns: [SeedColumn(name: "Symbol", type: .text), SeedColumn(name: "qty", type: .integer), SeedColumn(name: "day", type: .date)],
        rows: [
            [.text("O'Reilly \"quoted\""), .integer(1), .date("2024-01-31")],
            [.text("Zürich — 東京 🚀"), .null, .date("2024-02-01")],
            [.text("back\\slash, comma"), .integer(-3), .null],
        ])

    // Seeds load with no S3 step: CTAS from VALUES (Athena "CREATE TABLE AS", Trino VALUES), each
    // statement under Athena's 262,144-byte query limit (service-limits.html).
    @Test func seedRoundTripsQuotesAndUnicodeThroughTheFake() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        let log = StatementLog()
        let r = try await world.engine.loadSeed(Self.seedNode("symbols"), table: Self.table, options: BuildOptions(), log: log)
        #expect(r.message == "INSERT 3")
        #expect(log.all[0].contains("select cast(c0 as varchar) as \"symbol\", cast(c1 as bigint) as \"qty\", cast(c2 as date) as \"day\""))
        #expect(log.all[0].contains("('O''Reilly \"quoted\"', 1, DATE '2024-01-31')"))
        let rows = try #require(world.state.rows("analytics", "symbols"))
        #expect(rows.columns == ["symbol", "qty", "day"])
        #expect(
            rows.rows == [
                ["O'Reilly \"quoted\"", "1", "2024-01-31"], ["Zürich — 東京 🚀", nil, "2024-02-01"],
                ["back\\slash, comma", "-3", nil],
            ])
    }

    @Test func largeSeedsAreSplitUnderTheStatementLimit() async throws {
        let rows = (0..<5000).map { i -> [SeedValue] in [.text(String(repeating: "x", count: 100) + String(i)), .integer(Int64(i)), .null] }
        let table = SeedTable(columns: Self.table.columns, rows: rows)
        let statements = AthenaEngine.seedStatements(
            table, into: Relation(database: "awsdatacatalog", schema: "s", identifier: "t"),
            config: AthenaTableConfig(NodeConfig()), location: "s3://b/p", limit: 100_000)
        #expect(statements.count > 5)
        #expect(statements.allSatisfy { $0.utf8.count <= 100_000 })
        #expect(statements[0].hasPrefix("create table"))
        #expect(statements.dropFirst().allSatisfy { $0.hasPrefix("insert into \"awsdatacatalog\".\"s\".\"t\"\nselect") })
        // Against the fake at the real limit: every row arrives.
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        _ = try await world.engine.loadSeed(Self.seedNode("big"), table: table, options: BuildOptions(), log: StatementLog())
        #expect(world.state.rows("analytics", "big")?.rows.count == 5000)
        #expect(world.state.statements.allSatisfy { $0.utf8.count <= 262_144 })
    }

    @Test func emptySeedCreatesAnEmptyTypedTable() {
        let s = AthenaEngine.seedStatements(
            SeedTable(columns: Self.table.columns, rows: []),
            into: Relation(database: "awsdatacatalog", schema: "s", identifier: "t"),
            config: AthenaTableConfig(NodeConfig()), location: "s3://b/p")
        #expect(s.count == 1)
        #expect(s[0].hasSuffix("select cast(null as varchar) as \"symbol\", cast(null as bigint) as \"qty\", cast(null as date) as \"day\" where false"))
    }

    static func source(location: String) -> CompiledNode {
        var node = CompiledNode(
            uniqueId: "source.p.lake.ticks", name: "ticks", resourceType: .source, packageName: "p", fqn: ["p", "lake", "ticks"],
            originalFilePath: "models/_sources.yml", path: "models/_sources.yml",
            relation: Relation(database: "awsdatacatalog", schema: FakeWorld.schema, identifier: "ticks"))
        node.sourceName = "lake"
        node.external = [
            "location": .string(location), "file_format": "parquet",
            "partitions": [["name": "dt", "data_type": "date"]],
        ]
        let range = SourceRange(file: SourceFile(path: "models/_sources.yml", text: ""), bytes: 0..<0)
        node.columns = [
            ColumnProperties(name: "symbol_v", description: "", dataType: "string", meta: [:], tags: [], tests: [], range: range),
            ColumnProperties(name: "price", description: "", dataType: "double", meta: [:], tags: [], tests: [], range: range),
        ]
        return node
    }

    // Partition projection over the Kafka Connect S3 sink layout (partition-projection.html,
    // partition-projection-supported-types.html: date type, yyyy-MM-dd, storage.location.template).
    @Test func externalSourceGetsPartitionProjection() async throws {
        let world = try await FakeWorld()
        defer { Task { await world.stop() } }
        world.state.putObject(bucket: "lake", key: "topics/ticks/dt=2024-01-15/ticks+0+0000000000.parquet", data: Data("p".utf8))
        let (_, statements) = try await world.build(Self.source(location: "s3://lake/topics/ticks/"))
        #expect(
            statements == [
                """
                create external table `analytics`.`ticks` (
                  `symbol_v` string,
                  `price` double
                )
                partitioned by (`dt` date)
                stored as parquet
                location 's3://lake/topics/ticks/'
                tblproperties (
                  'classification' = 'parquet',
                  'projection.dt.format' = 'yyyy-MM-dd',
                  'projection.dt.interval' = '1',
                  'projection.dt.interval.unit' = 'DAYS',
                  'projection.dt.range' = '2020-01-01,NOW',
                  'projection.dt.type' = 'date',
                  'projection.enabled' = 'true',
                  'storage.location.template' = 's3://lake/topics/ticks/dt=${dt}/'
                )
                """
            ])
        let table = try #require(world.state.table("analytics", "ticks"))
        #expect(table["Parameters"]?["projection.enabled"] == .string("true"))
        // Rebuilding swaps the definition and never deletes source data.
        try await world.build(Self.source(location: "s3://lake/topics/ticks"))
        #expect(world.state.keys(bucket: "lake", prefix: "topics/") == ["topics/ticks/dt=2024-01-15/ticks+0+0000000000.parquet"])
        #expect(try await world.leftoverTemporaries().isEmpty)
    }

    @Test func aLocalLakeLocationIsRejectedWithAHint() async throws {
        #expect(throws: EngineError.self) {
            try AthenaEngine.externalTable(Self.source(location: "lake/topics/ticks"), Relation(database: "a", schema: "s", identifier: "t"))
        }
    }
}
