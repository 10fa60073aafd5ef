import SDBasics

/// A name written in YAML, with where, for findings about what it points at.
public struct NamedReference: Sendable, Hashable {
    public var name: String
    public var range: SourceRange
}

/// A semantic model, metric or saved query from property YAML (dbt's semantic layer). swiftdbt does
/// not query them (that is MetricFlow's job): it checks them, keeps them in target/manifest.json in
/// dbt's v12 shape and puts them in the graph, so `ls` and selectors see them and dbt tools that
/// read the manifest find what the project declares (issue 16, item 4).
public struct SemanticEntry: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case semanticModel = "semantic_model"
        case metric
        case savedQuery = "saved_query"

        /// The property-file key, as dbt spells it.
        public var propertyKey: String {
            switch self {
            case .semanticModel: "semantic_models"
            case .metric: "metrics"
            case .savedQuery: "saved_queries"
            }
        }
        /// The project.yml block, as dbt spells it.
        public var projectKey: String {
            switch self {
            case .semanticModel: "semantic-models"
            case .metric: "metrics"
            case .savedQuery: "saved-queries"
            }
        }
        /// The noun in messages.
        public var noun: String {
            switch self {
            case .semanticModel: "semantic model"
            case .metric: "metric"
            case .savedQuery: "saved query"
            }
        }
    }

    public var kind: Kind
    public var name: String
    public var description: String
    /// The manifest fields read from YAML (type, type_params, entities, …), already in dbt's
    /// manifest shape; identity, config and depends_on are added by the compiler.
    public var body: [String: JSONValue]
    /// `config:` as written (enabled, group, meta, …).
    public var config: [String: JSONValue]
    /// A semantic model's `model: ref('x')`.
    public var modelRef: NamedReference?
    /// Measures a metric reads (simple, cumulative, conversion).
    public var measureRefs: [NamedReference] = []
    /// Metrics a metric (ratio, derived, cumulative over a metric, conversion) or a saved query reads.
    public var metricRefs: [NamedReference] = []
    /// A semantic model's measures, and those with `create_metric: true`.
    public var measures: [NamedReference] = []
    public var createdMetrics: [String] = []
    /// A semantic model's dimensions and entities, for `agg_time_dimension` checks.
    public var file: SourceFile
    public var range: SourceRange
    public var descriptionRange: SourceRange? = nil
}

/// A group: an owner for a set of nodes, and the boundary `access: private` draws.
public struct GroupSpec: Sendable {
    public var name: String
    public var description: String?
    public var owner: [String: JSONValue]
    public var config: [String: JSONValue]
    public var file: SourceFile
    public var range: SourceRange
}

/// dbt's enumerations in the manifest v12 schema (https://schemas.getdbt.com/dbt/manifest/v12.json);
/// a value outside them makes a manifest dbt's own tools reject, so it is refused where written.
enum SemanticVocabulary {
    static let entityTypes = ["foreign", "natural", "primary", "unique"]
    static let dimensionTypes = ["categorical", "time"]
    static let aggregations = ["sum", "min", "max", "count_distinct", "sum_boolean", "average", "percentile", "median", "count"]
    static let granularities = ["nanosecond", "microsecond", "millisecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year"]
    static let metricTypes = ["simple", "ratio", "cumulative", "derived", "conversion"]
    static let periodAggs = ["first", "last", "average"]
    static let calculations = ["conversions", "conversion_rate"]
    static let exportAs = ["table", "view"]

    static let semanticModelKeys: Set<String> = [
        "name", "description", "label", "model", "defaults", "entities", "measures", "dimensions", "primary_entity", "config",
    ]
    static let entityKeys: Set<String> = ["name", "type", "description", "label", "role", "expr", "config"]
    static let measureKeys: Set<String> = [
        "name", "agg", "description", "label", "create_metric", "expr", "agg_params", "non_additive_dimension",
        "agg_time_dimension", "config",
    ]
    static let dimensionKeys: Set<String> = ["name", "type", "description", "label", "is_partition", "type_params", "expr", "config"]
    static let metricKeys: Set<String> = [
        "name", "description", "label", "type", "type_params", "filter", "time_granularity", "config", "meta", "tags", "group",
    ]
    static let savedQueryKeys: Set<String> = ["name", "description", "label", "query_params", "exports", "config", "tags"]
    static let groupKeys: Set<String> = ["name", "owner", "description", "config"]
    /// What `config:` of a semantic-layer entry may hold (dbt's SemanticModelConfig, MetricConfig,
    /// SavedQueryConfig).
    static let configKeys: [SemanticEntry.Kind: Set<String>] = [
        .semanticModel: ["enabled", "group", "meta"],
        .metric: ["enabled", "group", "meta"],
        .savedQuery: ["enabled", "group", "meta", "export_as", "schema", "cache"],
    ]
}

/// Reads one semantic-layer list; each helper reports at the key or value that is wrong.
struct SemanticReader {
    var diagnostics: DiagnosticBag
    let file: SourceFile

    /// `order_count` → `Order count`, a label to suggest.
    static func label(for name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
        diagnostics.append(.error(message, at: range, hint: hint))
    }

    mutating func checkKeys(_ node: YAMLNode, _ known: Set<String>, _ what: String) {
        for (k, _) in node.entries ?? [] {
            guard let key = k.string, !known.contains(key) else { continue }
            diagnostics.append(Diagnostic.error("unknown key '\(key)' in \(what)", at: k.range).suggesting(key, from: known))
        }
    }

    mutating func string(_ node: YAMLNode?, _ key: String, in what: String, required: Bool = false, at fallback: SourceRange) -> String? {
        guard let v = node?[key], !v.isNull else {
            if required { error("\(what) is missing '\(key)'", at: fallback) }
            return nil
        }
        // dbt reads `expr: 1` or `expr: true` as the text of the expression.
        switch v.json {
        case .string(let s): return s
        case .int, .double, .bool: return v.json.serialized()
        default:
            error("'\(key)' must be a string, found \(v.kindName)", at: v.range)
            return nil
        }
    }

    mutating func oneOf(_ node: YAMLNode?, _ key: String, _ allowed: [String], in what: String, required: Bool, at fallback: SourceRange) -> String? {
        guard let value = string(node, key, in: what, required: required, at: fallback) else { return nil }
        let lowered = value.lowercased()
        guard allowed.contains(lowered) else {
            let range = node?[key]?.range ?? fallback
            diagnostics.append(
                Diagnostic.error("'\(value)' is not a valid \(key) for \(what)", at: range, hint: "use one of: \(allowed.joined(separator: ", "))")
                    .suggesting(value, from: allowed))
            return nil
        }
        return lowered
    }

    mutating func bool(_ node: YAMLNode?, _ key: String) -> Bool? {
        guard let v = node?[key], !v.isNull else { return nil }
        if case .bool(let b) = v.json { return b }
        error("'\(key)' must be true or false, found \(v.kindName)", at: v.range)
        return nil
    }

    mutating func list(_ node: YAMLNode?, _ key: String) -> [YAMLNode] {
        guard let v = node?[key], !v.isNull else { return [] }
        guard let items = v.items else {
            error("'\(key)' must be a list, found \(v.kindName)", at: v.range)
            return []
        }
        return items
    }

    mutating func mapping(_ node: YAMLNode?, _ key: String) -> [String: JSONValue] {
        guard let v = node?[key], !v.isNull else { return [:] }
        guard v.entries != nil, case .object(let o) = v.json else {
            error("'\(key)' must be a mapping, found \(v.kindName)", at: v.range)
            return [:]
        }
        return o
    }

    /// dbt's `filter:` (one string or a list) as the manifest's `{where_filters: [...]}`.
    mutating func whereFilter(_ node: YAMLNode?, _ key: String) -> JSONValue {
        guard let v = node?[key], !v.isNull else { return .null }
        let parts: [String]
        if let s = v.string {
            parts = [s]
        } else if let items = v.items {
            parts = items.compactMap(\.string)
            if parts.count != items.count { error("'\(key)' must be a string or a list of strings", at: v.range) }
        } else {
            error("'\(key)' must be a string or a list of strings, found \(v.kindName)", at: v.range)
            return .null
        }
        return ["where_filters": .array(parts.map { .object(["where_sql_template": .string($0)]) })]
    }

    /// A window such as `7 days` or `1 month` as `{count, granularity}`.
    mutating func window(_ node: YAMLNode?, _ key: String) -> JSONValue {
        guard let v = node?[key], !v.isNull else { return .null }
        let words = (v.string ?? "").split(separator: " ").map(String.init)
        if words.count == 2, let count = Int(words[0]) {
            var unit = words[1].lowercased()
            if unit.hasSuffix("s") && !SemanticVocabulary.granularities.contains(unit) { unit.removeLast() }
            if SemanticVocabulary.granularities.contains(unit) {
                return ["count": .int(count), "granularity": .string(unit)]
            }
        }
        error(
            "'\(key)' must be a count and a time unit, such as '7 days'", at: v.range,
            hint: "units: \(SemanticVocabulary.granularities.joined(separator: ", "))")
        return .null
    }

    /// `config:` of an entry (or of an entity, measure or dimension, which take only `meta`).
    mutating func config(_ node: YAMLNode?, allowed: Set<String>, in what: String) -> [String: JSONValue] {
        guard let c = node?["config"], !c.isNull else { return [:] }
        checkKeys(c, allowed, "the config of \(what)")
        var out = mapping(node, "config")
        for key in out.keys where !allowed.contains(key) { out[key] = nil }
        return out
    }
}

extension PropertySet {
    /// Reads `semantic_models:`, `metrics:` or `saved_queries:` from one property file.
    mutating func readSemanticEntries(_ node: YAMLNode, kind: SemanticEntry.Kind, file: SourceFile, diagnostics: inout DiagnosticBag) {
        var reader = SemanticReader(diagnostics: DiagnosticBag(), file: file)
        defer { diagnostics.append(contentsOf: reader.diagnostics.diagnostics) }
        guard let items = node.items else {
            if !node.isNull { reader.error("'\(kind.propertyKey)' must be a list, found \(node.kindName)", at: node.range) }
            return
        }
        for item in items {
            guard item.entries != nil, let nameNode = item["name"], let name = nameNode.string else {
                reader.error("each \(kind.noun) needs a 'name'", at: item.range)
                continue
            }
            if let first = semanticEntries.first(where: { $0.kind == kind && $0.name == name }) {
                reader.diagnostics.append(
                    .error("\(kind.noun) '\(name)' is declared twice", at: nameNode.range, notes: [.note("first declared here", at: first.range)]))
                continue
            }
            let what = "\(kind.noun) '\(name)'"
            var entry = SemanticEntry(
                kind: kind, name: name, description: item["description"]?.string ?? "", body: [:],
                config: reader.config(item, allowed: SemanticVocabulary.configKeys[kind] ?? [], in: what),
                file: file, range: nameNode.range, descriptionRange: item["description"]?.range)
            entry.body["label"] = reader.string(item, "label", in: what, at: nameNode.range).map { .string($0) } ?? .null
            switch kind {
            case .semanticModel: readSemanticModel(item, into: &entry, &reader)
            case .metric: readMetric(item, into: &entry, &reader)
            case .savedQuery: readSavedQuery(item, into: &entry, &reader)
            }
            semanticEntries.append(entry)
        }
    }

    private func readSemanticModel(_ item: YAMLNode, into entry: inout SemanticEntry, _ r: inout SemanticReader) {
        let what = "semantic model '\(entry.name)'"
        r.checkKeys(item, SemanticVocabulary.semanticModelKeys, what)
        if let model = r.string(item, "model", in: what, required: true, at: entry.range) {
            entry.modelRef = NamedReference(name: model, range: item["model"]?.range ?? entry.range)
        }
        var defaults: JSONValue = .null
        if let d = item["defaults"], !d.isNull {
            r.checkKeys(d, ["agg_time_dimension"], "the defaults of \(what)")
            defaults = ["agg_time_dimension": r.string(d, "agg_time_dimension", in: what, at: d.range).map { .string($0) } ?? .null]
        }
        var entities: [JSONValue] = []
        for e in r.list(item, "entities") {
            guard let en = r.string(e, "name", in: "an entity of \(what)", required: true, at: e.range) else { continue }
            let w = "entity '\(en)'"
            r.checkKeys(e, SemanticVocabulary.entityKeys, w)
            entities.append([
                "name": .string(en),
                "type": r.oneOf(e, "type", SemanticVocabulary.entityTypes, in: w, required: true, at: e.range).map { .string($0) } ?? .null,
                "description": r.string(e, "description", in: w, at: e.range).map { .string($0) } ?? .null,
                "label": r.string(e, "label", in: w, at: e.range).map { .string($0) } ?? .null,
                "role": r.string(e, "role", in: w, at: e.range).map { .string($0) } ?? .null,
                "expr": r.string(e, "expr", in: w, at: e.range).map { .string($0) } ?? .null,
                "config": ["meta": .object(r.config(e, allowed: ["meta"], in: w)["meta"]?.objectValue ?? [:])],
            ])
        }
        var timeDimensions = Set<String>()
        var dimensions: [JSONValue] = []
        for d in r.list(item, "dimensions") {
            guard let dn = r.string(d, "name", in: "a dimension of \(what)", required: true, at: d.range) else { continue }
            let w = "dimension '\(dn)'"
            r.checkKeys(d, SemanticVocabulary.dimensionKeys, w)
            let type = r.oneOf(d, "type", SemanticVocabulary.dimensionTypes, in: w, required: true, at: d.range)
            var typeParams: JSONValue = .null
            if let tp = d["type_params"], !tp.isNull {
                r.checkKeys(tp, ["time_granularity", "validity_params"], "the type_params of \(w)")
                var validity: JSONValue = .null
                if let vp = tp["validity_params"], !vp.isNull {
                    r.checkKeys(vp, ["is_start", "is_end"], "the validity_params of \(w)")
                    validity = ["is_start": .bool(r.bool(vp, "is_start") ?? false), "is_end": .bool(r.bool(vp, "is_end") ?? false)]
                }
                let grain = r.oneOf(tp, "time_granularity", SemanticVocabulary.granularities, in: w, required: type == "time", at: tp.range)
                typeParams = ["time_granularity": grain.map { .string($0) } ?? .null, "validity_params": validity]
            }
            if type == "time" {
                timeDimensions.insert(dn)
                if typeParams == .null {
                    r.error(
                        "time dimension '\(dn)' needs type_params.time_granularity", at: d["name"]?.range ?? d.range,
                        hint: "type_params: {time_granularity: day}")
                }
            }
            dimensions.append([
                "name": .string(dn), "type": type.map { .string($0) } ?? .null,
                "description": r.string(d, "description", in: w, at: d.range).map { .string($0) } ?? .null,
                "label": r.string(d, "label", in: w, at: d.range).map { .string($0) } ?? .null,
                "is_partition": .bool(r.bool(d, "is_partition") ?? false), "type_params": typeParams,
                "expr": r.string(d, "expr", in: w, at: d.range).map { .string($0) } ?? .null, "metadata": .null,
                "config": ["meta": .object(r.config(d, allowed: ["meta"], in: w)["meta"]?.objectValue ?? [:])],
            ])
        }
        let defaultTime = defaults["agg_time_dimension"]?.stringValue
        if let t = defaultTime, !timeDimensions.contains(t), let at = item["defaults"]?["agg_time_dimension"]?.range {
            r.diagnostics.append(
                Diagnostic.error("agg_time_dimension '\(t)' is not a time dimension of \(what)", at: at).suggesting(t, from: timeDimensions))
        }
        var measures: [JSONValue] = []
        for m in r.list(item, "measures") {
            guard let mn = r.string(m, "name", in: "a measure of \(what)", required: true, at: m.range) else { continue }
            let w = "measure '\(mn)'"
            r.checkKeys(m, SemanticVocabulary.measureKeys, w)
            entry.measures.append(NamedReference(name: mn, range: m["name"]?.range ?? m.range))
            let create = r.bool(m, "create_metric") ?? false
            if create { entry.createdMetrics.append(mn) }
            var aggParams: JSONValue = .null
            if let ap = m["agg_params"], !ap.isNull {
                r.checkKeys(ap, ["percentile", "use_discrete_percentile", "use_approximate_percentile"], "the agg_params of \(w)")
                aggParams = [
                    "percentile": ap["percentile"]?.json.doubleValue.map { .double($0) } ?? .null,
                    "use_discrete_percentile": .bool(r.bool(ap, "use_discrete_percentile") ?? false),
                    "use_approximate_percentile": .bool(r.bool(ap, "use_approximate_percentile") ?? false),
                ]
            }
            var nonAdditive: JSONValue = .null
            if let na = m["non_additive_dimension"], !na.isNull {
                r.checkKeys(na, ["name", "window_choice", "window_groupings"], "the non_additive_dimension of \(w)")
                nonAdditive = [
                    "name": r.string(na, "name", in: "non_additive_dimension", required: true, at: na.range).map { .string($0) } ?? .null,
                    "window_choice": .string(
                        r.oneOf(na, "window_choice", SemanticVocabulary.aggregations, in: w, required: false, at: na.range) ?? "min"),
                    "window_groupings": .array(r.list(na, "window_groupings").compactMap(\.string).map { .string($0) }),
                ]
            }
            let aggTime = r.string(m, "agg_time_dimension", in: w, at: m.range)
            if let t = aggTime, !timeDimensions.contains(t), let at = m["agg_time_dimension"]?.range {
                r.diagnostics.append(
                    Diagnostic.error("agg_time_dimension '\(t)' is not a time dimension of \(what)", at: at).suggesting(t, from: timeDimensions))
            }
            measures.append([
                "name": .string(mn),
                "agg": r.oneOf(m, "agg", SemanticVocabulary.aggregations, in: w, required: true, at: m.range).map { .string($0) } ?? .null,
                "description": r.string(m, "description", in: w, at: m.range).map { .string($0) } ?? .null,
                "label": r.string(m, "label", in: w, at: m.range).map { .string($0) } ?? .null,
                "create_metric": .bool(create), "expr": r.string(m, "expr", in: w, at: m.range).map { .string($0) } ?? .null,
                "agg_params": aggParams, "non_additive_dimension": nonAdditive,
                "agg_time_dimension": aggTime.map { .string($0) } ?? .null,
                "config": ["meta": .object(r.config(m, allowed: ["meta"], in: w)["meta"]?.objectValue ?? [:])],
            ])
        }
        entry.body["defaults"] = defaults
        entry.body["entities"] = .array(entities)
        entry.body["dimensions"] = .array(dimensions)
        entry.body["measures"] = .array(measures)
        entry.body["primary_entity"] = r.string(item, "primary_entity", in: what, at: entry.range).map { .string($0) } ?? .null
    }

    private func readMetric(_ item: YAMLNode, into entry: inout SemanticEntry, _ r: inout SemanticReader) {
        let what = "metric '\(entry.name)'"
        r.checkKeys(item, SemanticVocabulary.metricKeys, what)
        if entry.body["label"] == .null {
            r.error(
                "\(what) is missing 'label'", at: entry.range, hint: "dbt requires a label on every metric: label: \"\(SemanticReader.label(for: entry.name))\""
            )
        }
        let type = r.oneOf(item, "type", SemanticVocabulary.metricTypes, in: what, required: true, at: entry.range)
        let tp = item["type_params"]
        if tp == nil || tp?.isNull == true {
            r.error("\(what) is missing 'type_params'", at: entry.range, hint: "a simple metric names its measure: type_params: {measure: order_total}")
        }
        var params: [String: JSONValue] = [
            "measure": .null, "input_measures": [], "numerator": .null, "denominator": .null, "expr": .null, "window": .null,
            "grain_to_date": .null, "metrics": [], "conversion_type_params": .null, "cumulative_type_params": .null,
            "metric_aggregation_params": .null, "fill_nulls_with": .null, "join_to_timespine": false, "is_private": .null,
        ]
        /// A measure input: its name, or a mapping with name, filter, alias, join_to_timespine, fill_nulls_with.
        func measureInput(_ node: YAMLNode?, _ key: String, _ r: inout SemanticReader) -> JSONValue {
            guard let v = node?[key], !v.isNull else { return .null }
            if let s = v.string {
                entry.measureRefs.append(NamedReference(name: s, range: v.range))
                return ["name": .string(s), "filter": .null, "alias": .null, "join_to_timespine": false, "fill_nulls_with": .null]
            }
            r.checkKeys(v, ["name", "filter", "alias", "join_to_timespine", "fill_nulls_with"], "measure input '\(key)'")
            guard let name = r.string(v, "name", in: "measure input '\(key)'", required: true, at: v.range) else { return .null }
            entry.measureRefs.append(NamedReference(name: name, range: v["name"]?.range ?? v.range))
            return [
                "name": .string(name), "filter": r.whereFilter(v, "filter"),
                "alias": r.string(v, "alias", in: key, at: v.range).map { .string($0) } ?? .null,
                "join_to_timespine": .bool(r.bool(v, "join_to_timespine") ?? false),
                "fill_nulls_with": v["fill_nulls_with"]?.json.intValue.map { .int($0) } ?? .null,
            ]
        }
        /// A metric input: its name, or a mapping with name, filter, alias, offset_window, offset_to_grain.
        func metricInput(_ v: YAMLNode, _ r: inout SemanticReader) -> JSONValue {
            if let s = v.string {
                entry.metricRefs.append(NamedReference(name: s, range: v.range))
                return ["name": .string(s), "filter": .null, "alias": .null, "offset_window": .null, "offset_to_grain": .null]
            }
            r.checkKeys(v, ["name", "filter", "alias", "offset_window", "offset_to_grain"], "a metric input of \(what)")
            guard let name = r.string(v, "name", in: "a metric input of \(what)", required: true, at: v.range) else { return .null }
            entry.metricRefs.append(NamedReference(name: name, range: v["name"]?.range ?? v.range))
            return [
                "name": .string(name), "filter": r.whereFilter(v, "filter"),
                "alias": r.string(v, "alias", in: what, at: v.range).map { .string($0) } ?? .null,
                "offset_window": r.window(v, "offset_window"),
                "offset_to_grain": r.oneOf(v, "offset_to_grain", SemanticVocabulary.granularities, in: what, required: false, at: v.range)
                    .map { .string($0) } ?? .null,
            ]
        }
        if let tp, !tp.isNull {
            r.checkKeys(
                tp,
                [
                    "measure", "numerator", "denominator", "expr", "window", "grain_to_date", "metrics", "conversion_type_params",
                    "cumulative_type_params", "fill_nulls_with", "join_to_timespine", "is_private",
                ], "the type_params of \(what)")
            params["measure"] = measureInput(tp, "measure", &r)
            if let n = tp["numerator"], !n.isNull { params["numerator"] = metricInput(n, &r) }
            if let d = tp["denominator"], !d.isNull { params["denominator"] = metricInput(d, &r) }
            params["expr"] = r.string(tp, "expr", in: what, at: tp.range).map { .string($0) } ?? .null
            params["metrics"] = .array(r.list(tp, "metrics").map { metricInput($0, &r) })
            params["fill_nulls_with"] = tp["fill_nulls_with"]?.json.intValue.map { .int($0) } ?? .null
            params["join_to_timespine"] = .bool(r.bool(tp, "join_to_timespine") ?? false)
            params["is_private"] = r.bool(tp, "is_private").map { .bool($0) } ?? .null
            // dbt 1.9 moved window and grain_to_date under cumulative_type_params; the old places still work.
            let cumulative = tp["cumulative_type_params"]
            if let c = cumulative, !c.isNull { r.checkKeys(c, ["window", "grain_to_date", "period_agg", "metric"], "cumulative_type_params") }
            let window = cumulative?["window"].map { _ in r.window(cumulative, "window") } ?? r.window(tp, "window")
            let grain =
                r.oneOf(cumulative, "grain_to_date", SemanticVocabulary.granularities, in: what, required: false, at: tp.range)
                ?? r.oneOf(tp, "grain_to_date", SemanticVocabulary.granularities, in: what, required: false, at: tp.range)
            if type == "cumulative" {
                params["window"] = window
                params["grain_to_date"] = grain.map { .string($0) } ?? .null
                params["cumulative_type_params"] = [
                    "window": window, "grain_to_date": grain.map { .string($0) } ?? .null,
                    "period_agg": .string(r.oneOf(cumulative, "period_agg", SemanticVocabulary.periodAggs, in: what, required: false, at: tp.range) ?? "first"),
                    "metric": cumulative?["metric"].map { metricInput($0, &r) } ?? .null,
                ]
            }
            if let c = tp["conversion_type_params"], !c.isNull {
                let w = "the conversion_type_params of \(what)"
                r.checkKeys(c, ["entity", "base_measure", "conversion_measure", "calculation", "window", "constant_properties"], w)
                params["conversion_type_params"] = [
                    "entity": r.string(c, "entity", in: w, required: true, at: c.range).map { .string($0) } ?? .null,
                    "base_measure": measureInput(c, "base_measure", &r), "conversion_measure": measureInput(c, "conversion_measure", &r),
                    "base_metric": .null, "conversion_metric": .null,
                    "calculation": .string(
                        r.oneOf(c, "calculation", SemanticVocabulary.calculations, in: w, required: false, at: c.range) ?? "conversion_rate"),
                    "window": r.window(c, "window"),
                    "constant_properties": .array(
                        r.list(c, "constant_properties").map { p in
                            [
                                "base_property": .string(p["base_property"]?.string ?? ""),
                                "conversion_property": .string(p["conversion_property"]?.string ?? ""),
                            ]
                        }),
                ]
            }
        }
        // What each type needs, as MetricFlow's validation asks.
        let has = { (key: String) in params[key].map { $0 != .null && $0 != [] } ?? false }
        let needs: [String: [String]] = [
            "simple": ["measure"], "cumulative": [], "ratio": ["numerator", "denominator"], "derived": ["expr", "metrics"],
            "conversion": ["conversion_type_params"],
        ]
        for key in needs[type ?? ""] ?? [] where !has(key) && tp != nil {
            r.error("a \(type ?? "") metric needs type_params.\(key)", at: tp?.range ?? entry.range)
        }
        if type == "cumulative", !has("measure"), params["cumulative_type_params"]?["metric"] == .null {
            r.error("a cumulative metric needs type_params.measure (or cumulative_type_params.metric)", at: tp?.range ?? entry.range)
        }
        entry.body["type"] = type.map { .string($0) } ?? .null
        entry.body["type_params"] = .object(params)
        entry.body["filter"] = r.whereFilter(item, "filter")
        entry.body["time_granularity"] =
            r.oneOf(item, "time_granularity", SemanticVocabulary.granularities, in: what, required: false, at: entry.range).map { .string($0) } ?? .null
        // Older metrics put meta, tags and group next to config; dbt merges them in.
        var meta = r.mapping(item, "meta")
        if case .object(let own)? = entry.config["meta"] { for (k, v) in own { meta[k] = v } }
        if !meta.isEmpty { entry.config["meta"] = .object(meta) }
        if let g = r.string(item, "group", in: what, at: entry.range), entry.config["group"] == nil { entry.config["group"] = .string(g) }
        let tags = r.list(item, "tags").compactMap(\.string)
        entry.body["tags"] = .array((item["tags"]?.string.map { [$0] } ?? tags).map { .string($0) })
    }

    private func readSavedQuery(_ item: YAMLNode, into entry: inout SemanticEntry, _ r: inout SemanticReader) {
        let what = "saved query '\(entry.name)'"
        r.checkKeys(item, SemanticVocabulary.savedQueryKeys, what)
        var queryParams: [String: JSONValue] = ["metrics": [], "group_by": [], "where": .null, "order_by": [], "limit": .null]
        if let qp = item["query_params"], !qp.isNull {
            r.checkKeys(qp, ["metrics", "group_by", "where", "order_by", "limit"], "the query_params of \(what)")
            let metrics = r.list(qp, "metrics")
            if metrics.isEmpty { r.error("\(what) must name at least one metric in query_params.metrics", at: qp.range) }
            for m in metrics { if let s = m.string { entry.metricRefs.append(NamedReference(name: s, range: m.range)) } }
            queryParams["metrics"] = .array(metrics.compactMap(\.string).map { .string($0) })
            queryParams["group_by"] = .array(r.list(qp, "group_by").compactMap(\.string).map { .string($0) })
            queryParams["where"] = r.whereFilter(qp, "where")
            queryParams["order_by"] = .array(r.list(qp, "order_by").compactMap(\.string).map { .string($0) })
            queryParams["limit"] = qp["limit"]?.json.intValue.map { .int($0) } ?? .null
        } else {
            r.error(
                "\(what) is missing 'query_params'", at: entry.range,
                hint: "query_params: {metrics: [revenue], group_by: [\"TimeDimension('metric_time', 'day')\"]}")
        }
        var exports: [JSONValue] = []
        for e in r.list(item, "exports") {
            guard let en = r.string(e, "name", in: "an export of \(what)", required: true, at: e.range) else { continue }
            r.checkKeys(e, ["name", "config"], "export '\(en)'")
            let c = e["config"]
            if let c { r.checkKeys(c, ["export_as", "schema", "alias", "database"], "the config of export '\(en)'") }
            let exportAs = r.oneOf(c, "export_as", SemanticVocabulary.exportAs, in: "export '\(en)'", required: false, at: e.range)
            exports.append([
                "name": .string(en),
                "config": [
                    "export_as": .string(exportAs ?? entry.config["export_as"]?.stringValue ?? "table"),
                    "schema_name": r.string(c, "schema", in: en, at: e.range).map { .string($0) } ?? entry.config["schema"] ?? .null,
                    "alias": .string(r.string(c, "alias", in: en, at: e.range) ?? en),
                    "database": r.string(c, "database", in: en, at: e.range).map { .string($0) } ?? .null,
                ],
                "unrendered_config": [:],
            ])
        }
        entry.body["query_params"] = .object(queryParams)
        entry.body["exports"] = .array(exports)
        entry.body["tags"] = .array((item["tags"]?.string.map { [$0] } ?? r.list(item, "tags").compactMap(\.string)).map { .string($0) })
    }

    /// Reads `groups:` from one property file.
    mutating func readGroups(_ node: YAMLNode, file: SourceFile, diagnostics: inout DiagnosticBag) {
        var r = SemanticReader(diagnostics: DiagnosticBag(), file: file)
        defer { diagnostics.append(contentsOf: r.diagnostics.diagnostics) }
        guard let items = node.items else {
            if !node.isNull { r.error("'groups' must be a list, found \(node.kindName)", at: node.range) }
            return
        }
        for item in items {
            guard item.entries != nil, let nameNode = item["name"], let name = nameNode.string else {
                r.error("each group needs a 'name'", at: item.range)
                continue
            }
            r.checkKeys(item, SemanticVocabulary.groupKeys, "group '\(name)'")
            if let first = groups.first(where: { $0.name == name }) {
                r.diagnostics.append(.error("group '\(name)' is declared twice", at: nameNode.range, notes: [.note("first declared here", at: first.range)]))
                continue
            }
            let owner = r.mapping(item, "owner")
            if owner["name"] == nil && owner["email"] == nil {
                r.error(
                    "group '\(name)' needs an owner with a name or an email", at: item["owner"]?.range ?? nameNode.range,
                    hint: "owner: {name: Finance team, email: finance@example.com}")
            }
            groups.append(
                GroupSpec(
                    name: name, description: item["description"]?.string, owner: owner,
                    config: r.config(item, allowed: ["meta"], in: "group '\(name)'"), file: file, range: nameNode.range))
        }
    }
}
