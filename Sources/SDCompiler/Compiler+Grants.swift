import SDBasics
import SDProject

extension Compiler {
    /// dbt's `grants` config (privilege → grantees), which swiftdbt must not accept silently: a user
    /// would believe the table is shared (issue 15).
    ///
    /// The shape is checked here; what a target does with grants is its adapter's answer
    /// (`TargetAdapter.grantsFinding`: a warning on DuckDB, an error on Athena).
    ///
    /// One finding per place the config is written: a folder-level `+grants` covers many models.
    func grantsFinding(_ config: NodeConfig, at range: SourceRange?, path: String) -> Diagnostic? {
        guard let value = config["grants"], value != .null else { return nil }
        guard case .object(let grants) = value else {
            return .error(
                "'grants' must be a mapping of privilege to grantees", at: range, path: range == nil ? path : nil,
                hint: "write grants: {select: ['reporter']}")
        }
        guard !grants.isEmpty else { return nil }
        return options.target.adapter.grantsFinding(at: range, path: path)
    }
}
