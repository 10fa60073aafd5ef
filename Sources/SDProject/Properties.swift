import SDBasics

/// A data test declared in property YAML (`tests:` or `data_tests:`), as written.
public struct TestSpec: Sendable {
    /// The generic test's name (`not_null`, `accepted_values`, or a custom one; may be `pkg.name`).
    public var testName: String
    /// A user-given name (`name:` in the dbt 1.10 shape), if any.
    public var customName: String?
    /// Arguments (`values`, `to`, `field`, …), excluding `config`.
    public var arguments: [String: JSONValue]
    public var config: [String: JSONValue]
    /// The column the test is attached to, if declared under a column.
    public var columnName: String?
    public var range: SourceRange
}

/// A column as declared in property YAML.
public struct ColumnProperties: Sendable {
    public var name: String
    public var description: String
    public var dataType: String?
    public var meta: [String: JSONValue]
    public var tags: [String]
    public var tests: [TestSpec]
    public var range: SourceRange
    /// Where `description:` is written, for `doc('…')` findings.
    public var descriptionRange: SourceRange? = nil
    /// The column's `constraints:` (Constraint.swift).
    public var constraints: [Constraint] = []
}

/// What a property file says of one model or seed.
public struct NodeProperties: Sendable {
    public var name: String
    public var description: String
    public var columns: [ColumnProperties]
    public var config: [String: JSONValue]
    public var meta: [String: JSONValue]
    public var tags: [String]
    public var tests: [TestSpec]
    public var docs: [String: JSONValue]
    /// Where each `config:` key is written, for findings about a config's value.
    public var configRanges: [String: SourceRange] = [:]
    public var file: SourceFile
    public var range: SourceRange
    /// Where `description:` is written, for `doc('…')` findings.
    public var descriptionRange: SourceRange? = nil
    /// A versioned model's `versions:` (empty for an unversioned model), and `latest_version` as
    /// written (nil: the greatest version); read by Properties+Versions.swift.
    public var versions: [ModelVersion] = []
    public var latestVersion: String? = nil
    public var latestVersionRange: SourceRange? = nil
    /// The model-level `constraints:` (Constraint.swift).
    public var constraints: [Constraint] = []
}

/// A source table: a relation swiftdbt reads but does not build (unless it has an external location).
public struct SourceTable: Sendable {
    public var sourceName: String
    public var name: String
    public var identifier: String
    public var schema: String
    public var database: String?
    public var description: String
    public var sourceDescription: String
    public var loader: String
    public var columns: [ColumnProperties]
    public var meta: [String: JSONValue]
    public var tags: [String]
    public var tests: [TestSpec]
    public var config: [String: JSONValue]
    /// dbt-external-tables' `external:` block: location, file_format, partitions, …
    public var external: [String: JSONValue]?
    public var file: SourceFile
    public var range: SourceRange
    /// Where `external.location` is written, for diagnostics that compare it with a sink's.
    public var locationRange: SourceRange? = nil
    /// Where the table's and the source's `description:` are written, for `doc('…')` findings.
    public var descriptionRange: SourceRange? = nil
    public var sourceDescriptionRange: SourceRange? = nil
    /// `freshness:` after inheritance (SourceFreshness.swift) and `loaded_at_field`, for `source freshness`.
    public var freshness: SourceFreshness? = nil
    public var loadedAtField: String? = nil
    /// The installed package whose property file declares the source (`source.<package>.<source>.<table>`);
    /// nil for the project's own.
    public var package: String? = nil
}

/// An exposure: a downstream use of models (a dashboard, an application).
public struct Exposure: Sendable {
    public var name: String
    public var type: String
    public var description: String
    public var label: String?
    public var url: String?
    public var maturity: String?
    public var owner: [String: JSONValue]
    public var dependsOn: [(text: String, range: SourceRange)]
    public var meta: [String: JSONValue]
    public var tags: [String]
    public var file: SourceFile
    public var range: SourceRange
    /// Where `description:` is written, for `doc('…')` findings.
    public var descriptionRange: SourceRange? = nil
}

/// Everything read from the property files of a project.
public struct PropertySet: Sendable {
    public var models: [String: NodeProperties] = [:]
    public var seeds: [String: NodeProperties] = [:]
    public var analyses: [String: NodeProperties] = [:]
    /// Snapshots described under `snapshots:`, and the `relation:` of those defined there (dbt 1.9).
    public var snapshots: [String: NodeProperties] = [:]
    public var snapshotRelations: [String: SnapshotRelation] = [:]
    public var sources: [SourceTable] = []
    public var exposures: [Exposure] = []
    /// Descriptions of macros (`macros:` blocks).
    public var macroDescriptions: [String: String] = [:]
    /// Semantic models, metrics and saved queries (Properties+SemanticLayer.swift), in file order.
    public var semanticEntries: [SemanticEntry] = []
    /// `groups:` entries.
    public var groups: [GroupSpec] = []
    /// dbt's unit tests (`unit_tests:`), in file order (UnitTests.swift).
    public var unitTests: [UnitTestSpec] = []

    public init() {}

    static let topLevelKeys: Set<String> = [
        "version", "models", "sources", "seeds", "exposures", "macros", "snapshots", "analyses",
        "metrics", "semantic_models", "saved_queries", "groups", "unit_tests", "data_tests", "tests",
    ]
    static let nodeKeys: Set<String> = [
        "name", "description", "columns", "config", "meta", "tags", "tests", "data_tests", "docs",
        "access", "group", "constraints", "latest_version", "versions", "deprecation_date",
    ]
    static let columnKeys: Set<String> = [
        "name", "description", "data_type", "meta", "tags", "tests", "data_tests", "quote", "constraints",
        "policy_tags", "granularity", "config",
    ]
    static let sourceKeys: Set<String> = [
        "name", "description", "schema", "database", "loader", "meta", "tags", "tables", "config",
        "freshness", "loaded_at_field", "quoting", "overrides",
    ]
    static let exposureKeys: Set<String> = [
        "name", "type", "description", "label", "url", "maturity", "owner", "depends_on", "meta", "tags",
    ]
    /// Source configs swiftdbt applies: `enabled`, and `meta`/`tags`, which merge like the keys above.
    static let sourceConfigKeys: Set<String> = ["enabled", "meta", "tags"]
    static let tableKeys: Set<String> = [
        "name", "identifier", "description", "columns", "meta", "tags", "tests", "data_tests", "config",
        "external", "freshness", "loaded_at_field", "quoting", "loader",
    ]

    /// Reads one property file into the set, reporting duplicates against earlier files. `configKeys`
    /// are the keys a model's or seed's `config:` may use; `package` is the installed package the file
    /// belongs to (nil: the project), which owns the sources it declares.
    /// `parsed`: the file's `YAMLNode.parse`, when the caller parsed it already (the loader does so
    /// on every core).
    public mutating func add(
        _ file: SourceFile, parsed: (YAMLNode?, [Diagnostic])? = nil, render: YAMLStringRenderer, configKeys: ModelConfigKeys,
        package: String? = nil, diagnostics: inout DiagnosticBag
    ) {
        let (rootNode, syntax) = parsed ?? YAMLNode.parse(file)
        diagnostics.append(contentsOf: syntax)
        guard let root = rootNode else { return }
        guard let entries = root.entries else {
            diagnostics.error("a property file must be a mapping (version: 2, models:, sources:, …)", at: root.range)
            return
        }
        for (k, v) in entries {
            guard let key = k.string else { continue }
            if let refused = DbtSupport.refusal(key, v.json, in: DbtSupport.propertyKeys, at: k.range) {
                diagnostics.append(refused)
                continue
            }
            if !PropertySet.topLevelKeys.contains(key) {
                diagnostics.append(
                    Diagnostic.warning("unknown key '\(key)' in property file", at: k.range)
                        .suggesting(key, from: PropertySet.topLevelKeys))
                continue
            }
            switch key {
            case "models": readNodes(v, file: file, kind: "model", keys: configKeys, into: \.models, diagnostics: &diagnostics)
            case "seeds": readNodes(v, file: file, kind: "seed", keys: configKeys, into: \.seeds, diagnostics: &diagnostics)
            case "analyses": readNodes(v, file: file, kind: "analysis", keys: configKeys, into: \.analyses, diagnostics: &diagnostics)
            case "snapshots": readSnapshots(v, file: file, keys: configKeys.forSnapshots, diagnostics: &diagnostics)
            case "sources": readSources(v, file: file, package: package, render: render, diagnostics: &diagnostics)
            case "exposures": readExposures(v, file: file, diagnostics: &diagnostics)
            case "semantic_models": readSemanticEntries(v, kind: .semanticModel, file: file, diagnostics: &diagnostics)
            case "metrics": readSemanticEntries(v, kind: .metric, file: file, diagnostics: &diagnostics)
            case "saved_queries": readSemanticEntries(v, kind: .savedQuery, file: file, diagnostics: &diagnostics)
            case "groups": readGroups(v, file: file, diagnostics: &diagnostics)
            case "unit_tests": readUnitTests(v, file: file, diagnostics: &diagnostics)
            case "macros":
                for m in v.items ?? [] {
                    if let n = m["name"]?.string { macroDescriptions[n] = m["description"]?.string ?? "" }
                }
            default: break
            }
        }
    }

    private func list(_ node: YAMLNode, _ what: String, _ diagnostics: inout DiagnosticBag) -> [YAMLNode] {
        if node.isNull { return [] }
        guard let items = node.items else {
            diagnostics.error("'\(what)' must be a list, found \(node.kindName)", at: node.range)
            return []
        }
        return items
    }

    func checkKeys(_ node: YAMLNode, _ known: Set<String>, _ what: String, _ diagnostics: inout DiagnosticBag) {
        for (k, _) in node.entries ?? [] {
            guard let key = k.string, !known.contains(key) else { continue }
            diagnostics.append(Diagnostic.warning("unknown key '\(key)' in \(what)", at: k.range).suggesting(key, from: known))
        }
    }

    /// Reads a list of node entries into one of the set's maps, moved out of `self` for the call.
    ///
    /// `readNodes(…, into: &models)` from this mutating code handed the non-mutating `readNodes` a
    /// copy of `self` that still held `models`, so the first entry each property file added copied
    /// the whole map: quadratic in a project with one property file per model (20,000 models took
    /// 46 s to list, 5,000 took 3.8 s).
    mutating func readNodes(
        _ node: YAMLNode, file: SourceFile, kind: String, keys: ModelConfigKeys,
        into path: WritableKeyPath<PropertySet, [String: NodeProperties]>, diagnostics: inout DiagnosticBag
    ) {
        var map = self[keyPath: path]
        self[keyPath: path] = [:]
        readNodes(node, file: file, kind: kind, keys: keys, into: &map, diagnostics: &diagnostics)
        self[keyPath: path] = map
    }

    func readNodes(
        _ node: YAMLNode, file: SourceFile, kind: String, keys: ModelConfigKeys,
        into map: inout [String: NodeProperties], diagnostics: inout DiagnosticBag
    ) {
        for item in list(node, kind == "analysis" ? "analyses" : kind + "s", &diagnostics) {
            guard item.entries != nil else {
                diagnostics.error("each \(kind) entry must be a mapping with a 'name'", at: item.range)
                continue
            }
            guard let nameNode = item["name"], let name = nameNode.string else {
                diagnostics.error("\(kind) entry is missing 'name'", at: item.range)
                continue
            }
            checkKeys(item, PropertySet.nodeKeys, "\(kind) '\(name)'", &diagnostics)
            DbtSupport.check(item, DbtSupport.nodeKeys, &diagnostics)
            DbtSupport.check(item["config"], DbtSupport.config, &diagnostics)
            if let previous = map[name] {
                diagnostics.append(
                    .error(
                        "\(kind) '\(name)' is described twice", at: nameNode.range,
                        notes: [.note("first described here", at: previous.range)]))
                continue
            }
            var config = mapping(item["config"], "config", &diagnostics)
            if kind == "model", let m = item["config"]?["materialized"], let value = m.string,
                !ConfigKeys.materializations.contains(value)
            {
                diagnostics.append(ConfigKeys.unknownMaterialization(value, at: m.range))
            }
            for (k, _) in config where !keys.all.contains(k) {
                let r = item["config"]?.entries?.first { $0.key.string == k }?.key.range
                diagnostics.append(Diagnostic.warning("unknown config key '\(k)'", at: r).suggesting(k, from: keys.all))
            }
            let tags = stringList(item["tags"], "tags", &diagnostics)
            if !tags.isEmpty, config["tags"] == nil { config["tags"] = .array(tags.map { .string($0) }) }
            // `access:` and `group:` next to `config:` are dbt's older spelling of the same configs.
            for key in ["access", "group"] { if let v = item[key], !v.isNull, config[key] == nil { config[key] = v.json } }
            let meta = mapping(item["meta"], "meta", &diagnostics)
            // dbt merges a node's top-level `meta:` into its config's meta (config keys win on a clash).
            if !meta.isEmpty {
                var merged = meta
                if case .object(let own)? = config["meta"] { for (k, v) in own { merged[k] = v } }
                config["meta"] = .object(merged)
            }
            var props = NodeProperties(
                name: name, description: item["description"]?.string ?? "",
                columns: columns(item["columns"], &diagnostics), config: config, meta: meta, tags: tags,
                tests: tests(item, column: nil, &diagnostics),
                docs: mapping(item["docs"], "docs", &diagnostics),
                configRanges: Dictionary(
                    (item["config"]?.entries ?? []).compactMap { e in e.key.string.map { ($0, e.key.range) } },
                    uniquingKeysWith: { a, _ in a }),
                file: file, range: nameNode.range, descriptionRange: item["description"]?.range)
            for key in ["access", "group"] where props.configRanges[key] == nil { props.configRanges[key] = item[key]?.range }
            props.constraints = constraints(item["constraints"], modelColumns: props.columns.map(\.name), &diagnostics)
            if kind != "model" { refuseConstraints(item, props.columns, kind: kind, &diagnostics) }
            readVersions(item, kind: kind, into: &props, diagnostics: &diagnostics)
            map[name] = props
        }
    }

    /// Where each declared source table is in `sources`, by package, source and table: a lookup per
    /// table instead of a search of every table declared before (quadratic in the number of tables).
    /// Rebuilt when `sources` was changed from outside `add`.
    private var sourceIndex: [String: Int] = [:]

    private static func sourceKey(_ package: String?, _ source: String, _ table: String) -> String {
        "\(package.map { "p" + $0 } ?? "-")\u{0}\(source)\u{0}\(table)"
    }

    /// Reads `sources:` with the declared tables moved out of `self` for the call: appending to
    /// `self.sources` between calls of the non-mutating helpers (which received copies of `self`)
    /// copied the whole array per table, 20,000 tables took 6.5 s to list and 5,000 took 0.55 s.
    private mutating func readSources(
        _ node: YAMLNode, file: SourceFile, package: String?, render: YAMLStringRenderer, diagnostics: inout DiagnosticBag
    ) {
        if sourceIndex.count != sources.count {
            sourceIndex = [:]
            for (i, t) in sources.enumerated() where sourceIndex[Self.sourceKey(t.package, t.sourceName, t.name)] == nil {
                sourceIndex[Self.sourceKey(t.package, t.sourceName, t.name)] = i
            }
        }
        var declared = sources
        sources = []
        defer { sources = declared }
        for src in list(node, "sources", &diagnostics) {
            guard let nameNode = src["name"], let sourceName = nameNode.string else {
                diagnostics.error("source entry is missing 'name'", at: src.range)
                continue
            }
            checkKeys(src, PropertySet.sourceKeys, "source '\(sourceName)'", &diagnostics)
            DbtSupport.check(src, DbtSupport.sourceKeys, &diagnostics)
            checkSourceConfig(src["config"], &diagnostics)
            let schema = src["schema"]?.string ?? sourceName
            let srcMeta = mapping(src["meta"], "meta", &diagnostics)
            let srcTags = stringList(src["tags"], "tags", &diagnostics)
            let srcConfig = mapping(src["config"], "config", &diagnostics)
            for table in list(src["tables"] ?? .null(range: src.range), "tables", &diagnostics) {
                guard let tn = table["name"], let tableName = tn.string else {
                    diagnostics.error("source table entry is missing 'name'", at: table.range)
                    continue
                }
                checkKeys(table, PropertySet.tableKeys, "source table '\(sourceName).\(tableName)'", &diagnostics)
                DbtSupport.check(table, DbtSupport.sourceKeys, &diagnostics)
                checkSourceConfig(table["config"], &diagnostics)
                // Each package has its own source namespace, as in dbt (`source.<package>.<source>.<table>`).
                let key = Self.sourceKey(package, sourceName, tableName)
                if let dup = sourceIndex[key].map({ declared[$0] }) {
                    diagnostics.append(
                        .error(
                            "source '\(sourceName).\(tableName)' is declared twice", at: tn.range,
                            notes: [.note("first declared here", at: dup.range)]))
                    continue
                }
                var external: [String: JSONValue]? = nil
                if let ext = table["external"], !ext.isNull {
                    external = renderedMapping(ext, render, &diagnostics)
                }
                var config = srcConfig
                for (k, v) in mapping(table["config"], "config", &diagnostics) { config[k] = v }
                var meta = srcMeta
                for (k, v) in mapping(table["meta"], "meta", &diagnostics) { meta[k] = v }
                declared.append(
                    SourceTable(
                        sourceName: sourceName, name: tableName, identifier: table["identifier"]?.string ?? tableName,
                        schema: schema, database: src["database"]?.string,
                        description: table["description"]?.string ?? "",
                        sourceDescription: src["description"]?.string ?? "", loader: src["loader"]?.string ?? "",
                        columns: columns(table["columns"], &diagnostics), meta: meta,
                        tags: Array(Set(srcTags + stringList(table["tags"], "tags", &diagnostics))).sorted(),
                        tests: tests(table, column: nil, &diagnostics), config: config, external: external,
                        file: file, range: tn.range, locationRange: table["external"]?["location"]?.range,
                        descriptionRange: table["description"]?.range, sourceDescriptionRange: src["description"]?.range))
                let last = declared.count - 1
                sourceIndex[key] = last
                refuseConstraints(nil, declared[last].columns, kind: "source", &diagnostics)
                declared[last].freshness = SourceFreshness.resolve(source: src["freshness"], table: table["freshness"], &diagnostics)
                declared[last].loadedAtField = (table["loaded_at_field"] ?? src["loaded_at_field"])?.string
                declared[last].package = package
            }
        }
    }

    private mutating func readExposures(_ node: YAMLNode, file: SourceFile, diagnostics: inout DiagnosticBag) {
        let types = ["dashboard", "notebook", "analysis", "ml", "application"]
        for e in list(node, "exposures", &diagnostics) {
            guard let nameNode = e["name"], let name = nameNode.string else {
                diagnostics.error("exposure entry is missing 'name'", at: e.range)
                continue
            }
            checkKeys(e, PropertySet.exposureKeys, "exposure '\(name)'", &diagnostics)
            let type = e["type"]?.string ?? ""
            if !types.contains(type) {
                diagnostics.append(
                    Diagnostic.error(
                        "exposure '\(name)' has type '\(type)'; expected one of \(types.joined(separator: ", "))",
                        at: e["type"]?.range ?? nameNode.range
                    ).suggesting(type, from: types))
            }
            var deps: [(text: String, range: SourceRange)] = []
            for d in e["depends_on"]?.items ?? [] {
                if let s = d.string { deps.append((s, d.range)) }
            }
            exposures.append(
                Exposure(
                    name: name, type: type, description: e["description"]?.string ?? "", label: e["label"]?.string,
                    url: e["url"]?.string, maturity: e["maturity"]?.string, owner: mapping(e["owner"], "owner", &diagnostics),
                    dependsOn: deps, meta: mapping(e["meta"], "meta", &diagnostics),
                    tags: stringList(e["tags"], "tags", &diagnostics), file: file, range: nameNode.range,
                    descriptionRange: e["description"]?.range))
        }
    }

    /// A source config key swiftdbt does not apply is refused rather than kept and ignored.
    private func checkSourceConfig(_ node: YAMLNode?, _ diagnostics: inout DiagnosticBag) {
        for (k, v) in node?.entries ?? [] {
            guard let key = k.string, !PropertySet.sourceConfigKeys.contains(key) else { continue }
            if let refused = DbtSupport.refusal(key, v.json, in: DbtSupport.sourceKeys, at: k.range) {
                diagnostics.append(refused)
            } else {
                diagnostics.append(
                    Diagnostic.error(
                        "source config '\(key)' is not supported", at: k.range,
                        hint: "sources take \(PropertySet.sourceConfigKeys.sorted().joined(separator: ", "))"
                    )
                    .suggesting(key, from: PropertySet.sourceConfigKeys))
            }
        }
    }

    private func renderedMapping(_ node: YAMLNode, _ render: YAMLStringRenderer, _ diagnostics: inout DiagnosticBag) -> [String: JSONValue] {
        func conv(_ n: YAMLNode) -> JSONValue {
            switch n {
            case .scalar(let s, _, let r) where s.contains("<<"): return .string(render(s, r, &diagnostics))
            case .sequence(let items, _): return .array(items.map(conv))
            case .mapping(let entries, _):
                var o: [String: JSONValue] = [:]
                for (k, v) in entries { o[k.string ?? ""] = conv(v) }
                return .object(o)
            default: return n.json
            }
        }
        if case .object(let o) = conv(node) { return o }
        diagnostics.error("'external' must be a mapping, found \(node.kindName)", at: node.range)
        return [:]
    }

    func mapping(_ node: YAMLNode?, _ what: String, _ diagnostics: inout DiagnosticBag) -> [String: JSONValue] {
        guard let node, !node.isNull else { return [:] }
        guard node.entries != nil, case .object(let o) = node.json else {
            diagnostics.error("'\(what)' must be a mapping, found \(node.kindName)", at: node.range)
            return [:]
        }
        return o
    }

    private func stringList(_ node: YAMLNode?, _ what: String, _ diagnostics: inout DiagnosticBag) -> [String] {
        guard let node, !node.isNull else { return [] }
        if let s = node.string { return [s] }
        guard let items = node.items else {
            diagnostics.error("'\(what)' must be a list of strings", at: node.range)
            return []
        }
        return items.compactMap(\.string)
    }

    func columns(_ node: YAMLNode?, _ diagnostics: inout DiagnosticBag) -> [ColumnProperties] {
        guard let node else { return [] }
        var out: [ColumnProperties] = []
        var seen: [String: SourceRange] = [:]
        for c in list(node, "columns", &diagnostics) {
            guard let nn = c["name"], let name = nn.string else {
                diagnostics.error("column entry is missing 'name'", at: c.range)
                continue
            }
            checkKeys(c, PropertySet.columnKeys, "column '\(name)'", &diagnostics)
            DbtSupport.check(c, DbtSupport.columnKeys, &diagnostics)
            if let first = seen[name.lowercased()] {
                diagnostics.append(
                    .error(
                        "column '\(name)' is described twice", at: nn.range,
                        notes: [.note("first described here", at: first)]))
                continue
            }
            seen[name.lowercased()] = nn.range
            // dbt 1.10 moved a column's meta and tags under `config:`; both places count.
            var meta = mapping(c["meta"], "meta", &diagnostics)
            var tags = stringList(c["tags"], "tags", &diagnostics)
            if let cfg = c["config"], !cfg.isNull {
                for (k, _) in cfg.entries ?? [] where k.string != "meta" && k.string != "tags" {
                    diagnostics.append(
                        Diagnostic.error(
                            "column config '\(k.string ?? "")' is not supported", at: k.range,
                            hint: "a column's config takes meta and tags"))
                }
                for (k, v) in mapping(cfg["meta"], "meta", &diagnostics) { meta[k] = v }
                tags += stringList(cfg["tags"], "tags", &diagnostics).filter { !tags.contains($0) }
            }
            out.append(
                ColumnProperties(
                    name: name, description: c["description"]?.string ?? "", dataType: c["data_type"]?.string,
                    meta: meta, tags: tags,
                    tests: tests(c, column: name, &diagnostics), range: nn.range, descriptionRange: c["description"]?.range,
                    constraints: constraints(c["constraints"], modelColumns: nil, &diagnostics)))
        }
        return out
    }

    /// Reads `tests:`/`data_tests:` entries in each of dbt's shapes: `- unique`,
    /// `- accepted_values: {values: [...]}`, and `- name: x, test_name: y, arguments: {...}`.
    func tests(_ node: YAMLNode, column: String?, _ diagnostics: inout DiagnosticBag) -> [TestSpec] {
        var out: [TestSpec] = []
        for key in ["data_tests", "tests"] {
            guard let list = node[key], !list.isNull else { continue }
            guard let items = list.items else {
                diagnostics.error("'\(key)' must be a list", at: list.range)
                continue
            }
            for item in items {
                if let s = item.string {
                    out.append(TestSpec(testName: s, customName: nil, arguments: [:], config: [:], columnName: column, range: item.range))
                    continue
                }
                guard let entries = item.entries, !entries.isEmpty else {
                    diagnostics.error("a test must be a name or a mapping", at: item.range)
                    continue
                }
                if let tn = item["test_name"]?.string {
                    var args = mapping(item["arguments"], "arguments", &diagnostics)
                    for (k, v) in entries {
                        guard let ks = k.string, !["name", "test_name", "arguments", "config", "description"].contains(ks) else { continue }
                        args[ks] = v.json
                    }
                    out.append(
                        TestSpec(
                            testName: tn, customName: item["name"]?.string, arguments: args,
                            config: mapping(item["config"], "config", &diagnostics), columnName: column,
                            range: item["test_name"]?.range ?? item.range))
                    continue
                }
                guard entries.count == 1, let (k, v) = entries.first, let name = k.string else {
                    diagnostics.error("a test mapping must have a single key, the test's name", at: item.range)
                    continue
                }
                var args: [String: JSONValue] = [:]
                var config: [String: JSONValue] = [:]
                var customName: String? = nil
                if v.entries != nil {
                    for (ak, av) in v.entries ?? [] {
                        guard let a = ak.string else { continue }
                        switch a {
                        case "config": config = mapping(av, "config", &diagnostics)
                        case "name": customName = av.string
                        case "arguments":
                            for (k2, v2) in mapping(av, "arguments", &diagnostics) { args[k2] = v2 }
                        default:
                            if ConfigKeys.test.contains(a) && !["alias", "schema", "database", "tags", "meta", "enabled"].contains(a) {
                                config[a] = av.json
                            } else if ["severity", "tags", "enabled", "meta"].contains(a) {
                                config[a] = av.json
                            } else {
                                args[a] = av.json
                            }
                        }
                    }
                } else if !v.isNull {
                    diagnostics.error("the arguments of test '\(name)' must be a mapping", at: v.range)
                }
                for (ck, _) in config where !ConfigKeys.test.contains(ck) {
                    diagnostics.append(Diagnostic.warning("unknown test config key '\(ck)'", at: k.range).suggesting(ck, from: ConfigKeys.test))
                }
                out.append(
                    TestSpec(
                        testName: name, customName: customName, arguments: args, config: config,
                        columnName: column, range: k.range))
            }
        }
        return out
    }
}
