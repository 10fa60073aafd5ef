import Foundation
import SDBasics
import SDGraph
import SDProject
import SDTemplate

/// Resolves ref/source during the real render from the parsed project.
struct ProjectResolver: RelationResolver, Sendable {
    /// What a ref or source resolves to: the few fields of a node the render needs. Not the node
    /// itself: a resolver holding every node made each node's box shared, so writing the rendered
    /// SQL back copied all 16,000 of them (copy on write, CompiledNode.swift).
    struct Target: Sendable {
        var uniqueId: String
        var relation: Relation?
        var refRelation: Relation?
        var materialized: String
        var packageName: String

        init(_ n: CompiledNode) {
            uniqueId = n.uniqueId
            relation = n.relation
            refRelation = n.refRelation
            materialized = n.materialized
            packageName = n.packageName
        }
    }

    let byName: [String: Target]
    /// Sources by `source.table`; one per package that declares it.
    let sources: [String: [Target]]
    let names: [String]
    /// The packages to look in for the node being rendered (`Compiler.searchOrder(from:)`); empty:
    /// a `source.table` declared by several packages resolves to the first package by name.
    var searchOrder: [String] = []
    /// Versions of versioned models, by name then version.
    let versions: [String: [String: Target]]

    /// Indexes the models and seeds by name and the sources by `source.table`.
    init(nodes: [String: CompiledNode]) {
        var byName: [String: Target] = [:]
        var sources: [String: [Target]] = [:]
        var versions: [String: [String: Target]] = [:]
        for n in nodes.values {
            if let v = n.version { versions[n.name, default: [:]][v] = Target(n) }
            switch n.resourceType {
            // A versioned model's plain name stands for its latest version, as in dbt.
            case .model, .seed, .snapshot: if n.version == n.latestVersion { byName[n.name] = Target(n) }
            case .source: sources["\(n.sourceName ?? "").\(n.name)", default: []].append(Target(n))
            default: break
            }
        }
        self.byName = byName
        self.sources = sources.mapValues { $0.sorted { $0.packageName < $1.packageName } }
        self.names = byName.keys.sorted()
        self.versions = versions
    }

    func resolveVersionedRef(_ name: String, version: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        guard let node = versions[name]?[version], let relation = node.refRelation else {
            throw DiagnosticError(.error("model '\(name)' has no version \(version)", at: range))
        }
        if node.materialized == "ephemeral" { return RelationObject(relation, rendered: Compiler.cteName(name)) }
        return RelationObject(relation)
    }

    func resolveRef(_ name: String, package: String?, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        guard let node = byName[name], let relation = node.refRelation else {
            throw DiagnosticError(Diagnostic.error("no model or seed named '\(name)'", at: range).suggesting(name, from: names))
        }
        if node.materialized == "ephemeral" {
            return RelationObject(relation, rendered: Compiler.cteName(name))
        }
        return RelationObject(relation)
    }

    func resolveSource(_ source: String, _ table: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        let candidates = sources["\(source).\(table)"] ?? []
        let found = searchOrder.lazy.compactMap { p in candidates.first { $0.packageName == p } }.first ?? candidates.first
        guard let node = found, let relation = node.relation else {
            throw DiagnosticError(.error("no source named '\(source).\(table)'", at: range))
        }
        return RelationObject(relation)
    }
}

extension Compiler {
    /// dbt's name for an ephemeral model's CTE.
    static func cteName(_ model: String) -> String { "__dbt__cte__\(model)" }

    /// Renders SQL for `ids` (all models when nil) and injects ephemeral parents as CTEs.
    public func render(_ compiled: inout CompiledProject, ids: Set<String>?, diagnostics: inout DiagnosticBag) {
        let shared = makeShared()
        let packageShared = makePackageShared()
        let resolver = ProjectResolver(nodes: compiled.nodes)

        // The nodes to render: those asked for and every ephemeral ancestor they inline.
        var wanted = Set<String>()
        let roots = ids ?? Set(compiled.nodes.keys)
        var stack = Array(roots)
        while let id = stack.popLast() {
            guard let n = compiled.nodes[id], !wanted.contains(id) else { continue }
            wanted.insert(id)
            for p in n.dependsOn where compiled.nodes[p]?.materialized == "ephemeral" { stack.append(p) }
        }
        let order = compiled.graph.topologicalOrder.filter {
            wanted.contains($0) && (compiled.templates[$0] != nil || compiled.nodes[$0]?.testName != nil)
        }
        let library = RuntimeMacros.adding(to: compiled.macros)
        let templates = compiled.templates
        let existing = options.existingTables
        let fullRefresh = options.fullRefresh
        let adapter = adapterPrefix
        let (root, packageNames) = (project.name, project.packages.map(\.name))
        let progress = options.progress
        progress?.update { $0.nodesToRender = order.count }
        let said = MessageSink()
        // The nodes go to the renders as an argument, not a local: once `renderAll` returns, `compiled.nodes`
        // holds each node's only reference again, so writing the SQL back changes the nodes in place.
        let rendered = Compiler.renderAll(order, nodes: compiled.nodes) { nodesSnapshot, id -> (MappedSQL, Bool, [Diagnostic]) in
            defer { progress?.update { $0.nodesRendered += 1 } }
            guard let node = nodesSnapshot[id] else { return (MappedSQL(text: ""), false, []) }
            if node.resourceType == .test, node.testName != nil {
                return Compiler.renderGenericTest(
                    node, nodes: nodesSnapshot, resolver: resolver, shared: shared,
                    library: library, adapter: adapter)
            }
            guard let template = templates[id] else { return (MappedSQL(text: ""), false, []) }
            // A model's own `full_refresh` config overrides the flag, as in dbt.
            let refresh = node.config.bool("full_refresh") ?? fullRefresh
            let incremental =
                node.materialized == "incremental" && !refresh
                && node.relation.map { existing.contains($0) } == true
            let host = NodeHost(
                shared: packageShared[node.packageName] ?? shared, config: node.config, this: node.relation,
                resolver: resolver.searching(Compiler.searchOrder(root: root, packages: packageNames, from: node.packageName)),
                isIncremental: incremental)
            let log = TemplateMessageLog()
            defer { said.keep(id, log) }
            do {
                let (sql, map) = try TemplateRenderer(host: host, library: library, adapterPrefix: adapter, messageLog: log).renderMapped(template)
                return (MappedSQL(text: sql, map: map), incremental, [])
            } catch let error as DiagnosticError {
                return (MappedSQL(text: ""), incremental, error.diagnostics)
            } catch {
                return (MappedSQL(text: ""), incremental, [.error("\(error)", at: nil, path: node.originalFilePath)])
            }
        }
        said.flush(into: &compiled.messages, order: order)
        var sqlById: [String: MappedSQL] = [:]
        for (id, (sql, incremental, diags)) in zip(order, rendered) {
            diagnostics.append(contentsOf: diags)
            sqlById[id] = sql
            compiled.nodes[id]?.renderedIncremental = incremental
        }
        // Inject ephemeral ancestors, in topological order, as CTEs. What each node gets is worked out
        // first and written after: a node still bound to a local while its SQL was written back made
        // the write copy the node's box (CompiledNode.swift), every node of the project.
        let position = Dictionary(uniqueKeysWithValues: compiled.graph.topologicalOrder.enumerated().map { ($1, $0) })
        func finished(_ id: String, _ sql: MappedSQL) -> (code: MappedSQL, path: String?)? {
            guard let node = compiled.nodes[id] else { return nil }
            var ephemerals = Set<String>()
            var st = node.dependsOn
            while let p = st.popLast() {
                guard let pn = compiled.nodes[p], pn.materialized == "ephemeral", !ephemerals.contains(p) else { continue }
                ephemerals.insert(p)
                st.append(contentsOf: pn.dependsOn)
            }
            var code = sql
            if !ephemerals.isEmpty {
                let ctes = ephemerals.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) }.compactMap { e -> MappedSQL? in
                    guard let en = compiled.nodes[e], let esql = sqlById[e] else { return nil }
                    return Compiler.cte(named: en.name, esql)
                }
                code = Compiler.injectCTEs(ctes, into: sql)
            }
            guard node.materialized != "ephemeral" || ids?.contains(id) == true else { return (code, nil) }
            // Generic tests live in property files; dbt writes them under the file's folder by test name.
            var file =
                node.resourceType == .test && node.testName != nil
                ? (node.originalFilePath as NSString).deletingLastPathComponent + "/" + node.path
                : node.originalFilePath
            // Snapshots by name: one file may hold several (blocks, or YAML entries).
            if node.resourceType == .snapshot {
                file = ((node.originalFilePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(node.name + ".sql")
            }
            return (code, "\(compiled.project.config.targetPath)/compiled/\(node.packageName)/\(file)")
        }
        for id in order {
            guard let sql = sqlById[id], let (code, path) = finished(id, sql) else { continue }
            compiled.nodes[id]?.compiledCode = code.text
            compiled.nodes[id]?.sourceMap = code.map
            if let path { compiled.nodes[id]?.compiledPath = path }
        }
        renderUnitTests(&compiled, ids: ids, library: library, diagnostics: &diagnostics)
        renderHooks(&compiled, ids: ids, shared: shared, resolver: resolver, diagnostics: &diagnostics)
    }
}

extension Compiler {
    /// `body` for each id of `order` on every core, with the nodes.
    static func renderAll<T: Sendable>(
        _ order: [String], nodes: [String: CompiledNode], _ body: @escaping @Sendable ([String: CompiledNode], String) -> T
    ) -> [T] {
        ParallelMap.map(order) { body(nodes, $0) }
    }

    /// Renders a generic test by calling its `<< test >>` block with the declared arguments; `model` is
    /// the tested relation, wrapped in a subquery when the test has a `where` config (as dbt does).
    static func renderGenericTest(
        _ node: CompiledNode, nodes: [String: CompiledNode], resolver: ProjectResolver,
        shared: SharedContext, library: MacroLibrary, adapter: String
    ) -> (MappedSQL, Bool, [Diagnostic]) {
        guard let range = node.declaration, let testName = node.testName, let attachedId = node.attachedNode,
            let attached = nodes[attachedId], let relation = attached.refRelation
        else { return (MappedSQL(text: ""), false, [.error("test \(node.name) has no attached node", path: node.originalFilePath)]) }
        var modelText = relation.quoted
        if let whereClause = node.config.string("where"), !whereClause.isEmpty {
            modelText = "(select * from \(relation.quoted) where \(whereClause)) as dbt_subquery"
        }
        let host = NodeHost(shared: shared, config: node.config, this: nil, resolver: resolver, isIncremental: false)
        var keywords: [CallArguments.Keyword] = [
            CallArguments.Keyword(
                name: "model", nameRange: range,
                argument: .init(value: .object(RelationObject(relation, rendered: modelText)), range: range))
        ]
        for key in node.testArguments.keys.sorted() {
            guard let raw = node.testArguments[key] else { continue }
            var value = Value(json: raw)
            if case .string(let text) = raw, let (name, version) = Compiler.versionedRefCall(text) {
                do {
                    value = .object(try resolver.resolveVersionedRef(name, version: version, range: range))
                } catch {
                    return (MappedSQL(text: ""), false, error.diagnostics)
                }
            } else if case .string(let text) = raw, let call = Compiler.parseRelationCall(text) {
                do {
                    switch call {
                    case .ref(let name): value = .object(try resolver.resolveRef(name, package: nil, range: range))
                    case .source(let s, let t): value = .object(try resolver.resolveSource(s, t, range: range))
                    }
                } catch {
                    return (MappedSQL(text: ""), false, error.diagnostics)
                }
            }
            keywords.append(CallArguments.Keyword(name: key, nameRange: range, argument: .init(value: value, range: range)))
        }
        let bare = testName.split(separator: ".").last.map(String.init) ?? testName
        let args = CallArguments(function: bare, positional: [], keywords: keywords, range: range)
        do {
            let (sql, map) = try TemplateRenderer(host: host, library: library, adapterPrefix: adapter).callTestMapped(bare, arguments: args)
            return (MappedSQL(text: sql, map: map), false, host.warnings)
        } catch {
            return (MappedSQL(text: ""), false, error.diagnostics)
        }
    }
}
