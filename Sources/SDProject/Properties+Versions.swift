import SDBasics

/// One entry of a model's `versions:` (dbt docs, "Model versions" and the `versions` property:
/// https://docs.getdbt.com/reference/resource-properties/versions), with its columns already
/// resolved against the model's top-level ones.
public struct ModelVersion: Sendable {
    /// The version identifier as written (`2`, `"2"`, `1.5`), without a `v` prefix.
    public var v: String
    /// The model file (name without extension) that implements this version; nil means dbt's
    /// default `<model>_v<v>`.
    public var definedIn: String?
    public var description: String?
    /// The top-level columns this version includes (all, unless `include`/`exclude` say
    /// otherwise), then the version's own column entries, which replace a top-level one of the same name.
    public var columns: [ColumnProperties]
    /// Merged over the model's top-level `config:` (the version's keys win).
    public var config: [String: JSONValue]
    /// Tests declared on the version itself; the model's top-level tests apply to every version.
    public var tests: [TestSpec]
    /// Where `v:` is written.
    public var range: SourceRange
    /// The version's own model-level `constraints:`; nil means the model's.
    public var constraints: [Constraint]? = nil

    /// The model file implementing this version of `model`.
    public func fileName(model: String) -> String { definedIn ?? "\(model)_v\(v)" }

    /// dbt's relation name for this version: `<model>_v<v>`.
    public func relationName(model: String) -> String { "\(model)_v\(v)" }
}

extension NodeProperties {
    /// The version `latest_version` names, or else the greatest one (numbers compared as numbers),
    /// as dbt decides it.
    public var effectiveLatestVersion: String? {
        if let latestVersion { return latestVersion }
        return versions.map(\.v).max(by: ModelVersion.precedes)
    }
}

extension ModelVersion {
    /// Orders version identifiers: numerically when both are numbers, else as strings.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        if let x = Double(a), let y = Double(b) { return x < y }
        return a < b
    }
}

extension PropertySet {
    static let versionKeys: Set<String> = [
        "v", "defined_in", "description", "docs", "config", "tests", "data_tests", "columns", "access", "constraints",
        "deprecation_date",
    ]

    /// Reads `versions:` and `latest_version` of a model entry. Only models have versions; on a
    /// seed or analysis the keys are refused rather than dropped.
    func readVersions(_ item: YAMLNode, kind: String, into props: inout NodeProperties, diagnostics: inout DiagnosticBag) {
        let versionsNode = item["versions"]
        let latestNode = item["latest_version"]
        if kind != "model" {
            for (k, _) in item.entries ?? [] where k.string == "versions" || k.string == "latest_version" {
                diagnostics.error(
                    "only models have versions", at: k.range,
                    hint: "remove '\(k.string ?? "")' from this \(kind)")
            }
            return
        }
        guard let versionsNode, !versionsNode.isNull else {
            if let latestNode {
                diagnostics.error(
                    "'latest_version' needs a 'versions:' list", at: latestNode.range,
                    hint: "declare the versions: versions: [{v: 1}, {v: 2}]")
            }
            return
        }
        guard let items = versionsNode.items, !items.isEmpty else {
            diagnostics.error("'versions' must be a non-empty list of {v: …} entries", at: versionsNode.range)
            return
        }
        var seen: [String: SourceRange] = [:]
        for entry in items {
            guard entry.entries != nil, let vNode = entry["v"], let v = vNode.string, !v.isEmpty else {
                diagnostics.error("each version must be a mapping with a 'v'", at: entry.range, hint: "for example: - v: 2")
                continue
            }
            checkKeys(entry, PropertySet.versionKeys, "version \(v) of model '\(props.name)'", &diagnostics)
            DbtSupport.check(entry, DbtSupport.nodeKeys, &diagnostics)
            DbtSupport.check(entry["config"], DbtSupport.config, &diagnostics)
            if let first = seen[v] {
                diagnostics.append(
                    .error(
                        "version \(v) of model '\(props.name)' is declared twice", at: vNode.range,
                        notes: [.note("first declared here", at: first)]))
                continue
            }
            seen[v] = vNode.range
            var config = props.config
            for (k, value) in mapping(entry["config"], "config", &diagnostics) { config[k] = value }
            props.versions.append(
                ModelVersion(
                    v: v, definedIn: entry["defined_in"]?.string, description: entry["description"]?.string,
                    columns: versionColumns(entry["columns"], top: props.columns, diagnostics: &diagnostics),
                    config: config, tests: tests(entry, column: nil, &diagnostics), range: vNode.range))
            if let node = entry["constraints"] {
                let columns = props.versions[props.versions.count - 1].columns.map(\.name)
                props.versions[props.versions.count - 1].constraints = constraints(node, modelColumns: columns, &diagnostics)
            }
        }
        if let latestNode {
            guard let latest = latestNode.string else {
                diagnostics.error("'latest_version' must be a version identifier", at: latestNode.range)
                return
            }
            if seen[latest] == nil, !props.versions.isEmpty {
                let known = props.versions.map(\.v)
                diagnostics.error(
                    "latest_version \(latest) is not one of the versions of model '\(props.name)'", at: latestNode.range,
                    hint: "declared versions: \(known.joined(separator: ", "))")
            } else {
                props.latestVersion = latest
                props.latestVersionRange = latestNode.range
            }
        }
    }

    /// A version's columns: dbt's `- include: all|'*'|[names]` / `exclude: [names]` entry picks
    /// from the model's top-level columns (all when there is no such entry), then the version's own
    /// column entries are added, replacing a top-level column of the same name.
    func versionColumns(_ node: YAMLNode?, top: [ColumnProperties], diagnostics: inout DiagnosticBag) -> [ColumnProperties] {
        guard let node, !node.isNull else { return top }
        guard let items = node.items else {
            diagnostics.error("'columns' must be a list, found \(node.kindName)", at: node.range)
            return top
        }
        var picked = top
        var own: [YAMLNode] = []
        let topNames = top.map(\.name)
        func known(_ n: YAMLNode) -> String? {
            guard let name = n.string else {
                diagnostics.error("a column name must be a string", at: n.range)
                return nil
            }
            guard topNames.contains(where: { $0.lowercased() == name.lowercased() }) else {
                diagnostics.append(
                    Diagnostic.error(
                        "column '\(name)' is not among the model's top-level columns", at: n.range,
                        hint: "include and exclude name columns declared under the model's 'columns:'"
                    )
                    .suggesting(name, from: topNames))
                return nil
            }
            return name.lowercased()
        }
        for item in items {
            guard item["include"] != nil || item["exclude"] != nil else {
                own.append(item)
                continue
            }
            for (k, _) in item.entries ?? [] where k.string != "include" && k.string != "exclude" {
                diagnostics.error("an include/exclude entry takes only 'include' and 'exclude'", at: k.range)
            }
            let include = item["include"]
            let all = include == nil || include?.string == "all" || include?.string == "*"
            if !all, let include {
                guard let names = include.items else {
                    diagnostics.error("'include' must be 'all', '*' or a list of column names", at: include.range)
                    continue
                }
                let wanted = Set(names.compactMap(known))
                picked = top.filter { wanted.contains($0.name.lowercased()) }
            }
            if let exclude = item["exclude"], !exclude.isNull {
                guard all else {
                    diagnostics.error(
                        "'exclude' can only be used with include: all", at: exclude.range,
                        hint: "list the columns to keep under 'include' instead")
                    continue
                }
                guard let names = exclude.items else {
                    diagnostics.error("'exclude' must be a list of column names", at: exclude.range)
                    continue
                }
                let dropped = Set(names.compactMap(known))
                picked = picked.filter { !dropped.contains($0.name.lowercased()) }
            }
        }
        for c in columns(.sequence(own, range: node.range), &diagnostics) {
            if let i = picked.firstIndex(where: { $0.name.lowercased() == c.name.lowercased() }) {
                picked[i] = c
            } else {
                picked.append(c)
            }
        }
        return picked
    }
}
