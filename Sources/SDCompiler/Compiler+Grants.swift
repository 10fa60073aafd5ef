import SDBasics
import SDProject

extension Compiler {
    /// dbt's `grants` config (privilege → grantees), which swiftdbt must not accept silently: a user
    /// would believe the table is shared (issue 15).
    ///
    /// - DuckDB: a local database file has no users or privileges, so GRANT has nothing to act on
    ///   (DuckDB documents no GRANT statement); a warning says so and the build goes on.
    /// - Athena: table permissions live in Lake Formation or IAM, which swiftdbt does not manage;
    ///   an error at the config, so nobody believes the grant was applied.
    ///
    /// One finding per place the config is written: a folder-level `+grants` covers many models.
    func grantsFinding(_ config: NodeConfig, at range: SourceRange?, path: String) -> Diagnostic? {
        guard let value = config["grants"], value != .null else { return nil }
        guard case .object(let grants) = value else {
            return .error("'grants' must be a mapping of privilege to grantees", at: range, path: range == nil ? path : nil,
                          hint: "write grants: {select: ['reporter']}")
        }
        guard !grants.isEmpty else { return nil }
        switch options.target.kind {
        case .athena:
            return .error("grants are not supported on Athena", at: range, path: range == nil ? path : nil,
                          hint: "Athena table permissions are Lake Formation or IAM grants, which are out of scope for swiftdbt; "
                              + "manage them outside swiftdbt and remove 'grants'")
        default:
            return .warning("grants have no effect on a local DuckDB database", at: range, path: range == nil ? path : nil,
                            hint: "a DuckDB file has no users to grant to; the model is built without GRANT")
        }
    }
}
