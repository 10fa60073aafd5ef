import SDBasics
import SDCompiler
import SDGraph
import SDProject

/// The data the docs site is drawn from: every node of the graph (whatever its resource type, so
/// streaming topics, streams and connectors appear as soon as the compiler adds them), exposures,
/// column types from the catalog, the tests on each column, and chart points. Nodes are sorted by
/// uniqueId and refer to each other by index, which keeps the file small and byte-stable.
public struct DocsSiteData: Sendable {
    /// The project, parsed and rendered.
    public var compiled: CompiledProject
    /// What the target says of its relations (empty without a connection).
    public var catalog: Catalog
    /// Chart data by uniqueId (see `ChartSpec.json`), for the models that ask for one.
    public var charts: [String: JSONValue]

    public init(compiled: CompiledProject, catalog: Catalog = Catalog(tables: []), charts: [String: JSONValue] = [:]) {
        self.compiled = compiled
        self.catalog = catalog
        self.charts = charts
    }

    /// Left-to-right order of the lanes the graph colours nodes by: the Kafka side first, then the
    /// lake, the models and the uses. Kinds not listed follow in name order.
    public static let laneOrder: [ResourceType] = [
        .topic, .stream, .table, .connector, .source, .seed, .snapshot, .model, .analysis, .semanticModel, .metric, .savedQuery, .exposure,
        .test,
    ]

    /// Every node the site shows: the graph's nodes plus the exposures, sorted by uniqueId.
    public func allNodes() -> [CompiledNode] {
        var all = compiled.nodes
        for e in compiled.exposureNodes() where all[e.uniqueId] == nil { all[e.uniqueId] = e }
        return all.keys.sorted().compactMap { all[$0] }
    }

    /// The whole document (`window.SWIFTDBT_DOCS` in the site).
    public func document() -> JSONValue {
        let nodes = allNodes()
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { index[n.uniqueId] = i }
        var children = Array(repeating: [Int](), count: nodes.count)
        var parents = Array(repeating: [Int](), count: nodes.count)
        for (i, n) in nodes.enumerated() {
            for p in n.dependsOn { if let j = index[p] { parents[i].append(j); children[j].append(i) } }
        }
        // Tests by the node they test, split by column, in name order.
        var testsOf: [String: [(column: String?, name: String, index: Int)]] = [:]
        for (i, n) in nodes.enumerated() where n.resourceType == .test {
            let targets = n.attachedNode.map { [$0] } ?? n.dependsOn
            for t in targets { testsOf[t, default: []].append((n.columnName, n.testName ?? n.name, i)) }
        }
        // Unit tests by their model, in name order.
        var unitTestsOf: [String: [(name: String, index: Int)]] = [:]
        for (i, n) in nodes.enumerated() where n.resourceType == .unitTest {
            if let model = n.attachedNode { unitTestsOf[model, default: []].append((n.name, i)) }
        }
        let exposures = Dictionary(compiled.project.properties.exposures.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let types = Set(nodes.map(\.resourceType))
        let lanes = DocsSiteData.laneOrder.filter(types.contains) + types.subtracting(DocsSiteData.laneOrder).sorted()

        let json: [JSONValue] = nodes.enumerated().map { i, n in
            var o: [String: JSONValue] = [
                "id": .string(n.uniqueId), "name": .string(n.name), "type": .string(n.resourceType.rawValue),
                "pkg": .string(n.packageName), "file": .string(n.originalFilePath), "path": .string(n.path),
                "fqn": .array(n.fqn.map { .string($0) }), "tags": .array(n.config.tags.map { .string($0) }),
                "desc": .string(n.description),
                "parents": .array(parents[i].sorted().map { .int($0) }), "children": .array(children[i].sorted().map { .int($0) }),
            ]
            if n.resourceType != .exposure { o["mat"] = .string(n.materialized) }
            if let r = n.relation { o["rel"] = .string(r.quoted) }
            if !n.rawCode.isEmpty { o["raw"] = .string(n.rawCode) }
            if !n.compiledCode.isEmpty { o["sql"] = .string(n.compiledCode) }
            if !n.meta.isEmpty { o["meta"] = .object(n.meta) }
            var config = n.config.values
            config["materialized"] = n.resourceType == .exposure ? nil : .string(n.materialized)
            config["meta"] = nil
            if !config.isEmpty { o["config"] = .object(config) }
            if let s = n.sourceName { o["source"] = .string(s) }
            if n.resourceType == .test {
                if let a = n.attachedNode, let j = index[a] { o["attached"] = .int(j) }
                if let c = n.columnName { o["column"] = .string(c) }
                if let t = n.testName { o["test"] = .string(t) }
            }
            if n.resourceType == .unitTest, let plan = n.unitTest {
                if let a = n.attachedNode, let j = index[a] { o["attached"] = .int(j) }
                let expected: JSONValue = plan.spec.expect.format == .sql ? .null : .int(plan.spec.expect.rows.count)
                o["unit"] = .object(["given": .array(plan.spec.given.map { .string($0.input) }), "expect": expected])
            }
            let units = (unitTestsOf[n.uniqueId] ?? []).sorted { ($0.name, $0.index) < ($1.name, $1.index) }
            if !units.isEmpty { o["unit_tests"] = .array(units.map { testRef($0.name, $0.index) }) }
            let tests = testsOf[n.uniqueId] ?? []
            let whole = tests.filter { $0.column == nil }.sorted { ($0.name, $0.index) < ($1.name, $1.index) }
            if !whole.isEmpty { o["tests"] = .array(whole.map { testRef($0.name, $0.index) }) }
            o["columns"] = .array(columns(of: n, tests: tests))
            if let table = n.relation.flatMap(catalog.table(for:)) { o["kind"] = .string(table.type) }
            if let chart = charts[n.uniqueId] {
                o["chart"] = chart
            } else if let spec = ChartSpec.from(meta: n.meta) {
                o["chart"] = spec.json(series: nil, error: "no data yet: build the model, then run `swiftdbt docs generate` again")
            }
            if n.resourceType == .exposure, let e = exposures[n.name] {
                var x: [String: JSONValue] = ["type": .string(e.type), "owner": .object(e.owner)]
                if let v = e.url { x["url"] = .string(v) }
                if let v = e.maturity { x["maturity"] = .string(v) }
                if let v = e.label { x["label"] = .string(v) }
                o["exposure"] = .object(x)
            }
            return .object(o)
        }
        return .object([
            "project": .string(compiled.project.name),
            "target": .object(["name": .string(compiled.target.name), "type": .string(compiled.target.type)]),
            "lanes": .array(lanes.map { .string($0.rawValue) }),
            "nodes": .array(json),
        ])
    }

    func testRef(_ name: String, _ index: Int) -> JSONValue { .object(["name": .string(name), "node": .int(index)]) }

    /// Columns in the target's order when the catalog has the relation (documented columns it lacks
    /// follow, marked missing), else as documented; each with its type, description and tests.
    func columns(of n: CompiledNode, tests: [(column: String?, name: String, index: Int)]) -> [JSONValue] {
        var documented: [String: ColumnProperties] = [:]
        for c in n.columns { documented[c.name.lowercased()] = c }
        var testsByColumn: [String: [JSONValue]] = [:]
        for t in tests.sorted(by: { ($0.name, $0.index) < ($1.name, $1.index) }) {
            if let c = t.column { testsByColumn[c.lowercased(), default: []].append(testRef(t.name, t.index)) }
        }
        func column(_ name: String, type: String?, missing: Bool) -> JSONValue {
            let doc = documented[name.lowercased()]
            var o: [String: JSONValue] = ["name": .string(name), "desc": .string(doc?.description ?? "")]
            if let t = type ?? doc?.dataType { o["type"] = .string(t) }
            if let ts = testsByColumn[name.lowercased()] { o["tests"] = .array(ts) }
            if missing { o["missing"] = true }
            return .object(o)
        }
        guard let table = n.relation.flatMap(catalog.table(for:)) else {
            return n.columns.map { column($0.name, type: nil, missing: false) }
        }
        let present = Set(table.columns.map { $0.name.lowercased() })
        return table.columns.sorted { $0.index < $1.index }.map { column($0.name, type: $0.type, missing: false) }
            + n.columns.filter { !present.contains($0.name.lowercased()) }.map { column($0.name, type: nil, missing: true) }
    }
}
