import SDBasics
import SDEngine
import SDProject

/// The `duckdb` target type: a local database file driven through the duckdb CLI (docs/duckdb-driver.md).
public struct DuckDBAdapter: Adapter {
    public init() {}

    public var typeName: String { "duckdb" }
    public var displayName: String { "DuckDB" }
    public var readsLakeLocally: Bool { true }

    /// dbt-duckdb's profile keys that swiftdbt reads (DuckDBSettings says what each does).
    public var settingKeys: [TargetSetting] {
        [
            TargetSetting("path"), TargetSetting("schema"), TargetSetting("database"), TargetSetting("threads", .integer),
            TargetSetting("duckdb_path"), TargetSetting("extensions", .list), TargetSetting("settings", .mapping),
            TargetSetting("attach", .list), TargetSetting("memory_limit"), TargetSetting("temp_directory"),
        ]
    }

    /// dbt-duckdb's model configs for external files (github.com/duckdb/dbt-duckdb, README "Writing to external files").
    public var configKeys: [TargetSetting] {
        ["location", "file_format", "partition_by", "overwrite_or_ignore"].map { TargetSetting($0) } + [TargetSetting("options", .mapping)]
    }

    public var unsupportedSettings: [String: String] {
        ["lake_root": "lake_root is a project variable: set it under 'vars:' in project.yml or with --vars"]
    }

    /// `schema` defaults to `main`; the catalog is named after the database file, as DuckDB names it.
    public func defaultLocation(_ settings: [String: JSONValue]) -> (schema: String, database: String) {
        let schema = settings["schema"]?.stringValue ?? "main"
        if let db = settings["database"]?.stringValue { return (schema, db) }
        return (schema, DuckDBAdapter.catalogName(path: settings["path"]?.stringValue ?? "target/local.duckdb"))
    }

    /// DuckDB names an attached file's catalog after the file's stem (`memory` for `:memory:`).
    public static func catalogName(path: String) -> String {
        if path == ":memory:" || path.isEmpty { return "memory" }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = file.firstIndex(of: ".") { return String(file[..<dot]) }
        return file
    }

    public func checkSettings(_ settings: [String: JSONValue], ranges: [String: SourceRange]) -> [Diagnostic] {
        DuckDBSettings.attachments(settings["attach"]).compactMap { result in
            guard case .failure(let e) = result else { return nil }
            return .error(
                "duckdb target setting 'attach': entry \(e.index + 1) \(e.message)", at: ranges["attach"],
                hint: "write each entry as '- path: other.duckdb' with optional alias, type and read_only")
        }
    }

    /// DuckDB's strategies (DuckDBEngine.incremental); delete+insert and merge match rows on `unique_key`.
    public func validate(_ node: NodeCheck) -> [Diagnostic] {
        node.checkStrategy(target: typeName, supported: [.append, .deleteInsert, .merge], needingKey: [.deleteInsert, .merge])
    }

    /// A local database file has no users or privileges, so GRANT has nothing to act on (DuckDB
    /// documents no GRANT statement): a warning, and the model is built without one.
    public func grantsFinding(at range: SourceRange?, path: String) -> Diagnostic? {
        .warning(
            "grants have no effect on a local DuckDB database", at: range, path: range == nil ? path : nil,
            hint: "a DuckDB file has no users to grant to; the model is built without GRANT")
    }

    public func makeEngine(_ context: EngineContext) throws -> any Engine {
        try DuckDBEngine(
            target: context.target, projectRoot: context.projectRoot, environment: context.environment,
            fileSystem: context.fileSystem)
    }
}
