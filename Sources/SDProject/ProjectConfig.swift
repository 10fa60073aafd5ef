import SDBasics

/// project.yml: the project's name, its folders, vars and the folder-level config blocks.
public struct ProjectConfig: Sendable {
    public var name: String
    public var profile: String
    public var version: String?
    public var modelPaths: [String]
    public var seedPaths: [String]
    public var macroPaths: [String]
    public var testPaths: [String]
    public var streamingPaths: [String]
    public var analysisPaths: [String]
    public var snapshotPaths: [String]
    /// Where `{% docs %}` blocks are read from: dbt's default is every resource path.
    public var docsPaths: [String]
    public var targetPath: String
    /// What `swiftdbt clean` deletes: `clean-targets`, or the target folder.
    public var cleanTargets: [String]
    public var vars: [String: YAMLNode]
    /// The `models:` block, resolved by folder.
    public var models: FolderConfigTree
    /// The `seeds:` block, resolved by folder.
    public var seeds: FolderConfigTree
    /// The `semantic-models:`, `metrics:` and `saved-queries:` blocks (`+enabled`, `+group`, `+meta`),
    /// resolved by the folders of the property file that declares the entry.
    public var semanticLayer: [SemanticEntry.Kind: FolderConfigTree] = [:]
    /// The `snapshots:` block, resolved by folder (Snapshot configs, docs/snapshots.md).
    public var snapshots = FolderConfigTree()
    /// The `unit_tests:` block (`+enabled`, `+tags`, `+meta`), resolved by the unit test's fqn
    /// (ProjectConfig+UnitTests.swift).
    public var unitTests = FolderConfigTree()
    public var file: SourceFile
    /// Where the profile is named (`profile:`, or `name:` when the profile defaults to it), for
    /// diagnostics about a profile profiles.yml lacks.
    public var profileRange: SourceRange?
    /// Folders named explicitly under `*-paths:` keys, with where, so a missing one can be reported.
    public var declaredPaths: [(key: String, path: String, range: SourceRange)] = []
    /// The config keys the folder blocks were checked against; property files and `config()` use the same.
    public var configKeys: ModelConfigKeys
    /// `on-run-start` / `on-run-end`: each hook's SQL template as written, with its position.
    public var onRunStart: [YAMLNode] = []
    public var onRunEnd: [YAMLNode] = []
    /// Where `swiftdbt deps` installs packages and the loader finds them (`packages-install-path`).
    public var packagesInstallPath = "packages"

    static let topLevelKeys: Set<String> = [
        "name", "profile", "version", "config-version", "model-paths", "seed-paths", "macro-paths",
        "test-paths", "analysis-paths", "snapshot-paths", "docs-paths", "asset-paths", "streaming-paths",
        "target-path", "clean-targets", "log-path", "packages-install-path", "vars", "models", "seeds",
        "tests", "data_tests", "sources", "require-dbt-version", "quoting", "on-run-start", "on-run-end",
        "flags", "dispatch", "query-comment", "exposures", "snapshots", "unit_tests", "metrics", "semantic-models",
        "saved-queries",
    ]

    /// Reads project.yml. Mistakes are reported in `diagnostics`; the result is usable when none is an error.
    public static func parse(_ file: SourceFile, configKeys: ModelConfigKeys, diagnostics: inout DiagnosticBag) -> ProjectConfig? {
        let (root, syntax) = YAMLNode.parse(file)
        diagnostics.append(contentsOf: syntax)
        guard !syntax.contains(where: { $0.severity == .error }) else { return nil }
        guard let root, let entries = root.entries else {
            diagnostics.append(
                .error(
                    root == nil ? "project.yml is empty" : "project.yml must be a mapping, found \(root?.kindName ?? "")",
                    at: root?.range, path: root == nil ? file.path : nil,
                    hint: "a project needs at least 'name: my_project' (and usually 'profile:')"))
            return nil
        }
        var reader = YAMLReader(diagnostics: diagnostics)
        defer { diagnostics = reader.diagnostics }
        DbtSupport.check(root, DbtSupport.projectKeys, &reader.diagnostics)
        for (key, _) in entries {
            guard let k = key.string, !topLevelKeys.contains(k) else { continue }
            reader.diagnostics.append(
                Diagnostic.warning("unknown key '\(k)' in project.yml", at: key.range)
                    .suggesting(k, from: topLevelKeys))
        }
        // A missing name is about the whole file: no excerpt, which would single out an unrelated first line.
        if root["name"] == nil {
            reader.diagnostics.append(
                .error(
                    "project.yml is missing required key 'name'", path: file.path,
                    hint: "add 'name: my_project'; it prefixes every node id (model.my_project.orders)"))
            return nil
        }
        guard let name = reader.requiredString(root, "name", in: "project.yml") else { return nil }
        if !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), let r = root["name"]?.range {
            let fixed = String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            reader.diagnostics.append(
                .error(
                    "project name '\(name)' must contain only letters, digits and underscores", at: r,
                    hint: "the name is used in node ids like model.\(fixed).orders; try 'name: \(fixed)'"))
        }
        let profile = reader.optionalString(root, "profile") ?? name
        DispatchConfig.check(root["dispatch"], projectName: name, &reader.diagnostics)
        var vars: [String: YAMLNode] = [:]
        if let v = root["vars"] {
            if let e = v.entries {
                for (k, val) in e { if let ks = k.string { vars[ks] = val } }
            } else if !v.isNull {
                reader.diagnostics.error("'vars' must be a mapping, found \(v.kindName)", at: v.range)
            }
        }
        var declared: [(key: String, path: String, range: SourceRange)] = []
        for key in ["model-paths", "seed-paths", "macro-paths", "test-paths", "streaming-paths", "analysis-paths", "docs-paths", "snapshot-paths"] {
            guard let v = root[key] else { continue }
            for item in v.items ?? [v] { if let p = item.string { declared.append((key, p, item.range)) } }
        }
        let models = FolderConfigTree.parse(root["models"], projectName: name, keys: configKeys, checkMaterialized: true, reader: &reader)
        let seeds = FolderConfigTree.parse(root["seeds"], projectName: name, keys: configKeys, reader: &reader)
        var semanticLayer: [SemanticEntry.Kind: FolderConfigTree] = [:]
        for kind in SemanticEntry.Kind.allCases {
            let keys = ModelConfigKeys(all: SemanticVocabulary.configKeys[kind] ?? [], mappingValued: ["meta", "cache"])
            semanticLayer[kind] = FolderConfigTree.parse(root[kind.projectKey], projectName: name, keys: keys, reader: &reader)
        }
        let modelPaths = reader.paths(root, "model-paths", default: ["models"])
        let analysisPaths = reader.paths(root, "analysis-paths", default: ["analyses"])
        let targetPath = reader.optionalString(root, "target-path") ?? "target"
        let snapshots = FolderConfigTree.parse(root["snapshots"], projectName: name, keys: configKeys.forSnapshots, reader: &reader)
        var config = ProjectConfig(
            name: name, profile: profile, version: reader.optionalString(root, "version"),
            modelPaths: modelPaths,
            seedPaths: reader.paths(root, "seed-paths", default: ["seeds"]),
            macroPaths: reader.paths(root, "macro-paths", default: ["macros"]),
            testPaths: reader.paths(root, "test-paths", default: ["tests"]),
            streamingPaths: reader.paths(root, "streaming-paths", default: ["streaming"]),
            analysisPaths: analysisPaths,
            snapshotPaths: reader.paths(root, "snapshot-paths", default: ["snapshots"]),
            docsPaths: reader.paths(root, "docs-paths", default: modelPaths + analysisPaths),
            targetPath: targetPath, cleanTargets: readCleanTargets(root, targetPath: targetPath, reader: &reader),
            vars: vars, models: models, seeds: seeds, semanticLayer: semanticLayer, file: file,
            profileRange: root["profile"].flatMap { $0.isNull ? nil : $0.range } ?? root["name"]?.range,
            declaredPaths: declared, configKeys: configKeys)
        config.snapshots = snapshots
        config.unitTests = unitTestConfigs(root["unit_tests"], projectName: name, configKeys: configKeys, reader: &reader)
        config.onRunStart = ProjectConfig.hookList(root["on-run-start"], key: "on-run-start", reader: &reader)
        config.onRunEnd = ProjectConfig.hookList(root["on-run-end"], key: "on-run-end", reader: &reader)
        if let installPath = reader.optionalString(root, "packages-install-path") { config.packagesInstallPath = installPath }
        return config
    }

    /// A hook key holds one SQL string or a list of them (docs.getdbt.com, "on-run-start & on-run-end").
    static func hookList(_ node: YAMLNode?, key: String, reader: inout YAMLReader) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        let items = node.items ?? [node]
        return items.filter { item in
            guard item.string != nil else {
                reader.diagnostics.error(
                    "'\(key)' must be a SQL string or a list of them, found \(item.kindName)", at: item.range)
                return false
            }
            return true
        }
    }
}

/// `clean-targets`: folders inside the project only (dbt refuses others too), so a typo can never
/// delete something outside it.
private func readCleanTargets(_ root: YAMLNode, targetPath: String, reader: inout YAMLReader) -> [String] {
    let paths = reader.paths(root, "clean-targets", default: [targetPath])
    let inside = paths.filter { p in
        let outside = p.hasPrefix("/") || p.hasPrefix("~") || p.split(separator: "/").contains("..") || p == "." || p.isEmpty
        if outside, let range = root["clean-targets"]?.items?.first(where: { $0.string == p })?.range ?? root["clean-targets"]?.range {
            reader.diagnostics.error(
                "clean target '\(p)' is not a folder inside the project", at: range,
                hint: "swiftdbt clean deletes only folders below the folder that holds project.yml")
        }
        return !outside
    }
    return inside
}

/// Small typed accessors over YAMLNode that report wrong shapes as diagnostics.
struct YAMLReader {
    var diagnostics: DiagnosticBag

    mutating func requiredString(_ node: YAMLNode, _ key: String, in what: String) -> String? {
        guard let v = node[key] else {
            diagnostics.error("\(what) is missing required key '\(key)'", at: node.range)
            return nil
        }
        guard let s = v.string else {
            diagnostics.error("'\(key)' must be a string, found \(v.kindName)", at: v.range)
            return nil
        }
        return s
    }

    mutating func optionalString(_ node: YAMLNode, _ key: String) -> String? {
        guard let v = node[key], !v.isNull else { return nil }
        guard let s = v.string else {
            diagnostics.error("'\(key)' must be a string, found \(v.kindName)", at: v.range)
            return nil
        }
        return s
    }

    mutating func paths(_ node: YAMLNode, _ key: String, default def: [String]) -> [String] {
        guard let v = node[key], !v.isNull else { return def }
        if let s = v.string { return [s] }
        guard let items = v.items else {
            diagnostics.error("'\(key)' must be a list of folders, found \(v.kindName)", at: v.range)
            return def
        }
        var out: [String] = []
        for i in items {
            if let s = i.string {
                out.append(s)
            } else {
                diagnostics.error("'\(key)' entries must be folder names", at: i.range)
            }
        }
        return out
    }
}
