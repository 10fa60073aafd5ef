import SDBasics
import SDEngine
import SDProject
import Testing

@testable import SDAthena

/// AthenaAdapter's compile-time model checks and its profile credentials, without a server.
@Suite("athena adapter")
struct AthenaAdapterTests {
    static func check(_ config: [String: JSONValue], _ materialization: Materialization = .incremental) -> [String] {
        let node = NodeCheck(name: "m", config: NodeConfig(config), materialization: materialization, ranges: [:], path: "models/m.sql")
        return AthenaAdapter().validate(node).map(\.message)
    }

    @Test func strategiesFollowTheTableType() {
        #expect(Self.check(["incremental_strategy": "merge", "unique_key": "id", "table_type": "iceberg"]).isEmpty)
        #expect(Self.check(["incremental_strategy": "insert_overwrite", "partitioned_by": ["dt"]]).isEmpty)
        #expect(Self.check(["incremental_strategy": "append"]).isEmpty)
        #expect(
            Self.check(["incremental_strategy": "insert_overwrite", "table_type": "iceberg"])
                == ["incremental_strategy 'insert_overwrite' of model 'm' is for Hive tables"])
        #expect(Self.check(["incremental_strategy": "merge", "table_type": "iceberg"]) == ["incremental_strategy 'merge' of model 'm' needs a unique_key"])
        #expect(Self.check(["incremental_strategy": "delete+insert"]) == ["the athena target has no incremental_strategy 'delete+insert' (model 'm')"])
        // A strategy on a model that is not incremental is not checked, as dbt ignores it there.
        #expect(Self.check(["incremental_strategy": "delete+insert"], .table).isEmpty)
    }

    @Test func tableTypeAndFormat() {
        #expect(Self.check(["table_type": "delta"], .table) == ["unknown table_type 'delta' for model 'm'"])
        #expect(Self.check(["format": "csv"], .table) == ["Athena cannot write hive tables in format 'csv' (model 'm')"])
        #expect(Self.check(["format": "TEXTFILE"], .table).isEmpty)
        #expect(Self.check(["format": "json"], .view).isEmpty, "a view has no storage format")
    }

    @Test func profileKeysComeBeforeTheEnvironmentsCredentials() {
        let target = Target(
            name: "dev", adapter: AthenaAdapter(), schema: "s", database: "awsdatacatalog", threads: 1,
            settings: ["aws_access_key_id": "AKIDPROFILE", "aws_secret_access_key": "profile-secret"])
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "env-token", "HOME": "/h"]
        let context = EngineContext(target: target, projectRoot: ".", environment: env, fileSystem: LocalFileSystem(), invocationId: "i")
        let merged = AthenaAdapter.environment(context)
        #expect(merged["AWS_ACCESS_KEY_ID"] == "AKIDPROFILE")
        #expect(merged["AWS_SECRET_ACCESS_KEY"] == "profile-secret")
        #expect(merged["AWS_SESSION_TOKEN"] == nil, "the environment's token belongs to the environment's keys")
        #expect(merged["HOME"] == "/h")
        var withoutKeys = context
        withoutKeys.target.settings = [:]
        #expect(AthenaAdapter.environment(withoutKeys) == env)
    }
}
