import SDBasics

/// A `models:` or `seeds:` block of project.yml: config applied by folder, the way
/// dbt_project.yml does it. `+key` is always a config; a bare key is a config when swiftdbt knows it
/// (and, for mapping-valued configs like `meta`, even with a mapping value), otherwise a folder.
public struct FolderConfigTree: Sendable {
    public struct Level: Sendable {
        public var config: [String: JSONValue] = [:]
        public var configRanges: [String: SourceRange] = [:]
        public var children: [String: Level] = [:]
        /// Where the folder key was written, to warn when it matches nothing.
        public var keyRange: SourceRange?
    }

    public var root = Level()

    public init() {}

    /// `checkMaterialized`: report an unknown `materialized` value here, once, at the value as written
    /// (models only; checking it per model later would repeat it for every model of the folder).
    static func parse(
        _ node: YAMLNode?, projectName: String, keys: ModelConfigKeys, checkMaterialized: Bool = false,
        reader: inout YAMLReader
    ) -> FolderConfigTree {
        var tree = FolderConfigTree()
        guard let node, !node.isNull else { return tree }
        guard node.entries != nil else {
            reader.diagnostics.error("this block must be a mapping of folders and configs, found \(node.kindName)", at: node.range)
            return tree
        }
        // The project-name level is optional: `models: {rtsa: {gold: …}}` and `models: {gold: …}` mean the same.
        var level = Level()
        parseLevel(node, into: &level, keys: keys, checkMaterialized: checkMaterialized, reader: &reader)
        if let own = level.children.removeValue(forKey: projectName) {
            merge(own, into: &level)
        }
        tree.root = level
        return tree
    }

    private static func merge(_ other: Level, into level: inout Level) {
        for (k, v) in other.config { level.config[k] = v }
        for (k, v) in other.configRanges { level.configRanges[k] = v }
        for (name, child) in other.children {
            var existing = level.children[name] ?? Level()
            merge(child, into: &existing)
            existing.keyRange = existing.keyRange ?? child.keyRange
            level.children[name] = existing
        }
    }

    private static func parseLevel(
        _ node: YAMLNode, into level: inout Level, keys: ModelConfigKeys, checkMaterialized: Bool,
        reader: inout YAMLReader
    ) {
        guard let entries = node.entries else { return }
        for (keyNode, value) in entries {
            guard let key = keyNode.string else { continue }
            if checkMaterialized, key == "+materialized" || key == "materialized", let m = value.string,
                !ConfigKeys.materializations.contains(m)
            {
                reader.diagnostics.append(ConfigKeys.unknownMaterialization(m, at: value.range))
            }
            if key.hasPrefix("+") {
                let name = String(key.dropFirst())
                if !keys.all.contains(name) {
                    reader.diagnostics.append(
                        Diagnostic.warning(
                            "unknown config key '\(name)'", at: keyNode.range,
                            hint: "unknown keys are passed through to the adapter unchanged"
                        )
                        .suggesting(name, from: keys.all))
                }
                if let refused = DbtSupport.refusal(name, value.json, in: DbtSupport.config, at: keyNode.range) {
                    reader.diagnostics.append(refused)
                }
                level.config[NodeConfig.canonical(name)] = value.json
                level.configRanges[NodeConfig.canonical(name)] = keyNode.range
            } else if keys.all.contains(key),
                value.entries == nil
                    || (keys.mappingValued.contains(key) && !FolderConfigTree.holdsPlusKeys(value))
            {
                if let refused = DbtSupport.refusal(key, value.json, in: DbtSupport.config, at: keyNode.range) {
                    reader.diagnostics.append(refused)
                }
                level.config[NodeConfig.canonical(key)] = value.json
                level.configRanges[NodeConfig.canonical(key)] = keyNode.range
            } else if value.entries != nil {
                var child = level.children[key] ?? Level()
                child.keyRange = keyNode.range
                parseLevel(value, into: &child, keys: keys, checkMaterialized: checkMaterialized, reader: &reader)
                level.children[key] = child
            } else {
                // With a likely typo, the did-you-mean is the advice; the '+' hint would mislead.
                let typo = EditDistance.closest(to: key, in: keys.all) != nil
                reader.diagnostics.append(
                    Diagnostic.warning(
                        "unknown config key '\(key)'", at: keyNode.range,
                        hint: typo ? nil : "use '+\(key)' to pass an adapter-specific config, or a mapping for a folder"
                    )
                    .suggesting(key, from: keys.all))
                level.config[key] = value.json
            }
        }
    }

    /// A mapping with `+key` entries is a folder's block even when the folder is named like a
    /// mapping-valued config (`docs/`, `options/`, `grants/`).
    static func holdsPlusKeys(_ node: YAMLNode) -> Bool {
        node.entries?.contains { $0.key.string?.hasPrefix("+") == true } ?? false
    }

    /// The config for a node in `folders` (its path below the model or seed path, folders only, then
    /// the file name without extension — a level may name a single file, as dbt allows).
    public func config(for folders: [String]) -> [String: JSONValue] {
        var merged = NodeConfig(root.config)
        var level = root
        for f in folders {
            guard let next = level.children[f] else { break }
            merged.merge(next.config)
            level = next
        }
        return merged.values
    }

    /// Where each key of `config(for: folders)` was written: the deepest level that sets it.
    public func configRanges(for folders: [String]) -> [String: SourceRange] {
        var ranges = root.configRanges
        var level = root
        for f in folders {
            guard let next = level.children[f] else { break }
            for (k, r) in next.configRanges { ranges[k] = r }
            level = next
        }
        return ranges
    }

    /// Where the deepest level on a node's folder path sets `key`, for findings about the merged value.
    public func configRange(_ key: String, for folders: [String]) -> SourceRange? {
        configRanges(for: folders)[key]
    }

    /// Folder keys that matched no node, for dbt's "configuration paths … do not apply" warning.
    public func unusedPaths(used: Set<[String]>) -> [(path: [String], range: SourceRange)] {
        var out: [(path: [String], range: SourceRange)] = []
        func walk(_ level: Level, _ prefix: [String]) {
            for name in level.children.keys.sorted() {
                guard let child = level.children[name] else { continue }
                let path = prefix + [name]
                if !used.contains(path), let r = child.keyRange { out.append((path, r)) }
                walk(child, path)
            }
        }
        walk(root, [])
        return out
    }
}
