import SDBasics

extension ProjectConfig {
    /// project.yml's `unit_tests:` block, as dbt_project.yml's (docs.getdbt.com, "Unit test configs"):
    /// `+enabled`, `+tags` and `+meta` by the unit test's fqn, which is the property file's folders
    /// below the model path, then the model, then the test (`unit_tests: {marts: {orders: {+tags: x}}}`).
    /// A unit test takes no other config, so any other key is an error here, as it is in a unit
    /// test's own `config:` (UnitTests.swift), rather than a value nothing would read.
    static func unitTestConfigs(
        _ node: YAMLNode?, projectName: String, configKeys: ModelConfigKeys, reader: inout YAMLReader
    ) -> FolderConfigTree {
        // Parsed with the model keys, so `+materialized` is read as a config (and refused below)
        // rather than warned about as a key passed to the adapter.
        let keys = ModelConfigKeys(all: configKeys.all.union(PropertySet.unitTestConfigKeys), mappingValued: configKeys.mappingValued)
        let tree = FolderConfigTree.parse(node, projectName: projectName, keys: keys, reader: &reader)
        func check(_ level: FolderConfigTree.Level) {
            for key in level.config.keys.sorted() where !PropertySet.unitTestConfigKeys.contains(key) {
                guard let range = level.configRanges[key] else { continue }
                reader.diagnostics.append(
                    Diagnostic.error(
                        "unit test config '\(key)' is not supported", at: range,
                        hint: "unit_tests: in project.yml takes +\(PropertySet.unitTestConfigKeys.sorted().joined(separator: ", +"))"
                    ).suggesting(key, from: PropertySet.unitTestConfigKeys))
            }
            for name in level.children.keys.sorted() {
                if let child = level.children[name] { check(child) }
            }
        }
        check(tree.root)
        return tree
    }
}
