import SDBasics
import SDGraph
import SDProject

extension Compiler {
    /// Adds the semantic layer's nodes (semantic models, metrics, saved queries) to the graph, with
    /// edges from the model a semantic model reads, the semantic models whose measures a metric
    /// uses and the metrics a metric or saved query names, so `ls -s +metric:revenue` finds the
    /// models behind a number. A name that points at nothing is an error where it is written, as
    /// dbt's parser reports it. They are never executed (the `Set.run`/`Set.build` kinds exclude them).
    func addSemanticLayer(to nodes: inout [String: CompiledNode], diagnostics: inout DiagnosticBag) {
        let entries = project.properties.semanticEntries
        guard !entries.isEmpty else { return }
        let pkg = project.name
        let refIds = Compiler.refTargets(nodes)
        var added: [String: CompiledNode] = [:]
        var measureOwner: [String: (id: String, range: SourceRange)] = [:]
        var metricIds: [String: String] = [:]

        func node(_ e: SemanticEntry, kind: ResourceType) -> CompiledNode? {
            let folders = Compiler.propertyFolders(e.file.path, modelPaths: project.config.modelPaths)
            var config = project.config.semanticLayer[e.kind]?.config(for: folders + [e.name]) ?? [:]
            for (k, v) in e.config { config[k] = v }
            var n = CompiledNode(
                uniqueId: "\(kind.rawValue).\(pkg).\(e.name)", name: e.name, resourceType: kind, packageName: pkg,
                fqn: [pkg] + folders + [e.name], originalFilePath: e.file.path, path: e.file.path, config: NodeConfig(config),
                description: e.description, meta: config["meta"]?.objectValue ?? [:])
            if case .array(let tags)? = e.body["tags"], !tags.isEmpty { n.config.values["tags"] = .array(tags) }
            n.declaration = e.range
            return n.config.enabled ? n : nil
        }

        // Semantic models first: metrics look their measures up in them.
        for e in entries where e.kind == .semanticModel {
            guard var n = node(e, kind: .semanticModel) else { continue }
            if let ref = e.modelRef {
                if let target = resolveModelRef(ref, nodes: nodes, refIds: refIds, owner: "semantic model '\(e.name)'", diagnostics: &diagnostics) {
                    n.dependsOn = [target]
                    n.refs = [[nodes[target]?.name ?? ref.name]]
                }
            }
            for m in e.measures {
                if let first = measureOwner[m.name] {
                    diagnostics.append(
                        .error(
                            "measure '\(m.name)' is declared twice", at: m.range, notes: [.note("first declared here", at: first.range)],
                            hint: "measure names are unique across semantic models"))
                } else {
                    measureOwner[m.name] = (n.uniqueId, m.range)
                }
            }
            for created in e.createdMetrics {
                // dbt's `create_metric: true`: a simple metric over the measure, named like it.
                var metric = n
                metric.uniqueId = "metric.\(pkg).\(created)"
                metric.name = created
                metric.resourceType = .metric
                metric.fqn = Array(n.fqn.dropLast()) + [created]
                metric.dependsOn = [n.uniqueId]
                metric.refs = []
                added[metric.uniqueId] = metric
                metricIds[created] = metric.uniqueId
            }
            added[n.uniqueId] = n
        }
        for e in entries where e.kind == .metric {
            guard let n = node(e, kind: .metric) else { continue }
            if let other = metricIds[e.name] {
                diagnostics.append(.error("metric '\(e.name)' is declared twice", at: e.range, hint: "'\(other)' already has that name (create_metric: true)"))
                continue
            }
            metricIds[e.name] = n.uniqueId
            added[n.uniqueId] = n
        }
        // Now every metric is known: resolve what metrics and saved queries read.
        for e in entries where e.kind != .semanticModel {
            let id = "\(e.kind.rawValue).\(pkg).\(e.name)"
            guard var n = e.kind == .metric ? added[id] : node(e, kind: .savedQuery) else { continue }
            var deps = Set<String>()
            for m in e.measureRefs {
                if let owner = measureOwner[m.name] {
                    deps.insert(owner.id)
                } else {
                    diagnostics.append(
                        Diagnostic.error("\(e.kind.noun) '\(e.name)' uses measure '\(m.name)', which no semantic model declares", at: m.range)
                            .suggesting(m.name, from: measureOwner.keys))
                }
            }
            for m in e.metricRefs {
                if let target = metricIds[m.name], target != id {
                    deps.insert(target)
                } else {
                    diagnostics.append(
                        Diagnostic.error("\(e.kind.noun) '\(e.name)' uses metric '\(m.name)', which is not declared", at: m.range)
                            .suggesting(m.name, from: metricIds.keys.filter { $0 != e.name }))
                }
            }
            n.dependsOn = deps.sorted()
            added[id] = n
        }
        for (id, n) in added {
            if nodes[id] != nil {
                diagnostics.append(.error("'\(id)' is declared twice", at: n.declaration))
                continue
            }
            nodes[id] = n
        }
    }

    /// The model a semantic model's `model: ref('x')` names, or nil after reporting why not.
    private func resolveModelRef(
        _ ref: NamedReference, nodes: [String: CompiledNode], refIds: [String: String], owner: String, diagnostics: inout DiagnosticBag
    ) -> String? {
        if let (name, version) = Compiler.versionedRefCall(ref.name) {
            let r = RecordedRef(name: name, package: nil, range: ref.range, version: version)
            switch Compiler.versionedTarget(r, version: version, nodes: nodes) {
            case .success(let id): return id
            case .failure(let e):
                diagnostics.append(contentsOf: e.diagnostics)
                return nil
            }
        }
        guard let call = Compiler.dependencyCall(ref.name), call.function == "ref", (1...2).contains(call.arguments.count),
            let name = call.arguments.last
        else {
            diagnostics.append(.error("\(owner) reads '\(ref.name)', which is not a ref() call", at: ref.range, hint: "write model: ref('orders')"))
            return nil
        }
        guard let id = refIds[name], nodes[id]?.resourceType == .model else {
            let models = nodes.values.filter { $0.resourceType == .model }.map(\.name)
            diagnostics.append(Diagnostic.error("\(owner) reads model '\(name)', but no model has that name", at: ref.range).suggesting(name, from: models))
            return nil
        }
        return id
    }

    /// The folders of a property file below its model path (`models/marts/_sem.yml` → `[marts]`),
    /// which place its entries in the fqn and in project.yml's folder configs.
    static func propertyFolders(_ path: String, modelPaths: [String]) -> [String] {
        var parts = path.split(separator: "/").map(String.init).dropLast()
        for root in modelPaths {
            let rootParts = root.split(separator: "/").map(String.init)
            if parts.starts(with: rootParts) {
                parts = parts.dropFirst(rootParts.count)
                break
            }
        }
        return Array(parts)
    }
}
