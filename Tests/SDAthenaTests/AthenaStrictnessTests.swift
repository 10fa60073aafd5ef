import Foundation
import SDAthena
import SDBasics
import SDEngine
import SDFakeAWS
import Testing

/// The fake refuses what Athena refuses (issue 12's list), with Athena's error shape: FAILED,
/// `AthenaError.ErrorCategory` 2 (USER) and the message Athena puts in `StateChangeReason`
/// (error-reference.html), or an `InvalidRequestException` from StartQueryExecution.
@Suite(.serialized) struct AthenaStrictnessTests {
    /// A world whose `analytics.t (id bigint, v varchar, dt date)` holds two rows.
    static func world(settings: [String: JSONValue] = [:]) async throws -> FakeWorld {
        let world = try await FakeWorld(settings: settings, strict: true)
        world.state.createDatabase("analytics")
        return world
    }

    static func seed(_ world: FakeWorld) async throws {
        _ = try await world.engine.query(
            """
            create table "awsdatacatalog"."analytics"."t" with (table_type='hive', is_external=true, \
            external_location='s3://lake/t/1', format='parquet') as \
            select * from (values (1, 'a', date '2024-01-01'), (2, 'b', date '2024-01-02')) as x (id, v, dt)
            """, limit: nil)
    }

    /// Each statement and the start of the message Athena answers it with.
    static let refused: [(String, String)] = [
        // Trino has no `string` type in DML (data-types.html); dbt-athena maps it to varchar.
        ("select cast(id as string) as s from t", "TYPE_NOT_FOUND: line 1:19: Unknown type: string"),
        // DuckDB-only functions are not in Athena engine v3's list (functions-env3.html → Trino's list).
        ("select epoch_ms(1000) as ts", "FUNCTION_NOT_FOUND: line 1:8: Function 'epoch_ms' not registered"),
        ("select to_days(3) as d", "FUNCTION_NOT_FOUND: line 1:8: Function 'to_days' not registered"),
        // `::` is not in Trino's grammar.
        ("select 1::bigint as n", "SYNTAX_ERROR: line 1:9: mismatched input '::'"),
        ("select id from nowhere", "TABLE_NOT_FOUND: line 1:16: Table 'awsdatacatalog.analytics.nowhere' does not exist"),
        ("select missing_column from t", "COLUMN_NOT_FOUND: line 1:8: Column 'missing_column' cannot be resolved"),
        // create-table-as.html: is_external must be false and external_location does not apply to Iceberg.
        (
            "create table \"awsdatacatalog\".\"analytics\".\"i\" with (table_type='iceberg', is_external=true, "
                + "external_location='s3://lake/i/1') as select id from t", "INVALID_TABLE_PROPERTY"
        ),
        // create-table-as.html: partition columns come last in the select list.
        (
            "create table analytics.p with (external_location='s3://lake/p/1', partitioned_by=ARRAY['dt']) as select dt, id from t",
            "HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns"
        ),
        (
            "create table analytics.p with (external_location='s3://lake/p/2', partitioned_by=ARRAY['day']) as select id, dt from t",
            "HIVE_COLUMN_ORDER_MISMATCH: Partition columns ['day'] not present"
        ),
        (
            "create table analytics.p with (external_location='s3://lake/p/3', colour='red') as select id from t",
            "INVALID_TABLE_PROPERTY: line 1:1: Catalog 'awsdatacatalog' table property 'colour' does not exist"
        ),
        // Hive DDL quotes identifiers with backticks (tables-databases-columns-names.html).
        ("create external table \"analytics\".\"e\" (`a` string) location 's3://lake/e/'", "FAILED: ParseException line 1:22"),
        // Hive DDL types (data-types.html, "DDL"): no `text`, and varchar needs a length.
        (
            "create external table `analytics`.`e` (`a` text) location 's3://lake/e/'",
            "FAILED: ParseException line 1:43 cannot recognize input near 'text'"
        ),
        // A CREATE TABLE without AS is Hive DDL, which has no WITH (…) clause (create-table.html).
        ("create table analytics.w (a int) with (format='parquet')", "FAILED: ParseException line 1:33"),
        (
            "create or replace view \"awsdatacatalog\".\"analytics\".\"v\" as select * from gone",
            "TABLE_NOT_FOUND: line 1:74: Table 'awsdatacatalog.analytics.gone' does not exist"
        ),
        ("this is not sql", "SYNTAX_ERROR: line 1:1: mismatched input 'this'"),
    ]

    @Test(arguments: refused) func refusedWithAthenasError(sql: String, expected: String) async throws {
        let world = try await Self.world()
        defer { Task { await world.stop() } }
        try await Self.seed(world)
        do {
            _ = try await world.engine.query(sql, limit: nil)
            Issue.record("the fake ran a statement Athena refuses: \(sql)")
        } catch {
            // The engine reports Athena's FAILED state with its category, type and StateChangeReason.
            let text = "\(error)"
            #expect(text.contains("failed (user error, category 2, type 10"), "\(text)")
            #expect(text.contains("): " + expected), "\(text)")
        }
        // Nothing was created by a refused statement.
        #expect(world.state.table("analytics", "i") == nil && world.state.table("analytics", "p") == nil)
        #expect(world.state.table("analytics", "v") == nil && world.state.table("analytics", "e") == nil)
    }

    /// Two statements in one query string are refused by StartQueryExecution itself.
    @Test func twoStatementsAreRefusedAtStart() async throws {
        let world = try await Self.world()
        defer { Task { await world.stop() } }
        await #expect(throws: (any Error).self) { _ = try await world.engine.query("select 1; select 2", limit: nil) }
        #expect(world.state.statements.isEmpty)
        #expect(world.state.journal.contains("athena StartQueryExecution"))
    }

    @Test func anUnknownWorkgroupIsRefused() async throws {
        let world = try await Self.world(settings: ["work_group": "nosuchgroup"])
        defer { Task { await world.stop() } }
        let error = await #expect(throws: (any Error).self) { _ = try await world.engine.query("select 1", limit: nil) }
        #expect("\(error.map { String(describing: $0) } ?? "")".contains("WorkGroup nosuchgroup is not found"))
    }

    /// With EnforceWorkGroupConfiguration, results go to the workgroup's location, not the client's.
    @Test func anEnforcedWorkgroupOverridesTheOutputLocation() async throws {
        let world = try await Self.world(settings: ["work_group": "analysts"])
        defer { Task { await world.stop() } }
        world.state.addWorkGroup("analysts", outputLocation: "s3://enforced/results/", enforce: true)
        _ = try await world.engine.query("select 1 as n", limit: nil)
        let json = world.state.lastExecution
        #expect(json?["ResultConfiguration"]?["OutputLocation"]?.stringValue?.hasPrefix("s3://enforced/results/") == true)
    }

    /// Accepted SQL really runs: joins, window functions, aggregates, date functions, on the data
    /// the fake holds; Glue gets the real column types; an Iceberg table gets metadata_location.
    @Test func acceptedStatementsComputeRealRowsAndTypes() async throws {
        let world = try await Self.world()
        defer { Task { await world.stop() } }
        try await Self.seed(world)
        // A leading comment is fine on Athena (model files often start with one).
        let sql = """
            -- a model's header comment
            /* and a block comment */
            select t.id, cast(t.v as varchar) as v, date_add('day', 1, t.dt) as next_day,
                   row_number() over (order by t.id desc) as rn, count(*) over () as n,
                   cast(round(t.id / 3.0, 6) as decimal(18, 6)) as third
            from t join (select max(id) as top from t) m on t.id <= m.top
            order by t.id
            """
        let result = try await world.engine.query(sql, limit: nil)
        #expect(result.rows.count == 2)
        #expect(result.rows.first?.prefix(2).map(\.stringValue) == ["1", "a"])
        // date_add('day', …) of a DATE is a DATE in Trino (a TIMESTAMP in DuckDB, which the fake corrects).
        #expect(result.rows.first?[2] == .string("2024-01-02"))
        #expect(result.rows.first?[3] == .string("2") && result.rows.first?[4] == .string("2"))
        #expect(result.rows.first?[5] == .string("0.333333"))
        _ = try await world.engine.query(
            """
            create table "awsdatacatalog"."analytics"."ice" with (table_type='iceberg', is_external=false, \
            location='s3://lake/ice/1', format='parquet') as select id, v, dt, date_add('day', 7, dt) as week_later from t
            """, limit: nil)
        let ice = try #require(world.state.table("analytics", "ice"))
        let types = (ice["StorageDescriptor"]?["Columns"]?.arrayValue ?? []).compactMap { $0["Type"]?.stringValue }
        // Trino types the literal 1 as integer, which Glue stores as Hive's int.
        #expect(types == ["int", "string", "date", "date"])
        #expect(ice["Parameters"]?["metadata_location"]?.stringValue?.hasPrefix("s3://lake/ice/1/metadata/00000-") == true)
    }
}
