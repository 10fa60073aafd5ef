import Foundation
import SDBasics
import SDProject

extension Compiler {
    /// Exposures' `depends_on` entries must name nodes that exist: a misspelt `ref('ordrs')` would
    /// otherwise leave a dashboard silently unlinked (dbt fails the parse on it too).
    func checkExposures(nodes: [String: CompiledNode], disabled: Set<String>, diagnostics: inout DiagnosticBag) {
        guard !project.properties.exposures.isEmpty else { return }
        let pkg = project.name
        let refNames = Set(Compiler.refTargets(nodes).keys)
        let sources = project.properties.sources
        for exposure in project.properties.exposures {
            for (text, range) in exposure.dependsOn {
                if let (name, version) = Compiler.versionedRefCall(text) {
                    let ref = RecordedRef(name: name, package: nil, range: range, version: version)
                    if case .failure(let e) = Compiler.versionedTarget(ref, version: version, nodes: nodes) {
                        diagnostics.append(contentsOf: e.diagnostics)
                    }
                    continue
                }
                guard let call = Compiler.dependencyCall(text) else {
                    diagnostics.append(
                        .error(
                            "exposure '\(exposure.name)' depends on '\(text)', which is not a ref() or source() call",
                            at: range, hint: "write entries as ref('model') or source('source', 'table')"))
                    continue
                }
                switch (call.function, call.arguments.count) {
                case ("ref", 1), ("ref", 2):
                    let name = call.arguments.last ?? ""
                    if call.arguments.count == 2, call.arguments[0] != pkg {
                        diagnostics.append(.error("no package named '\(call.arguments[0])'; swiftdbt projects have no packages yet", at: range))
                    } else if disabled.contains(name) {
                        diagnostics.append(.error("exposure '\(exposure.name)' depends on '\(name)', which is disabled", at: range))
                    } else if !refNames.contains(name) {
                        diagnostics.append(
                            Diagnostic.error(
                                "exposure '\(exposure.name)' depends on '\(name)', but no model or seed has that name",
                                at: range
                            ).suggesting(name, from: refNames))
                    }
                case ("source", 2):
                    let (s, t) = (call.arguments[0], call.arguments[1])
                    guard nodes["source.\(pkg).\(s).\(t)"] == nil else { continue }
                    let tables = sources.filter { $0.sourceName == s }.map(\.name)
                    if tables.isEmpty {
                        diagnostics.append(
                            Diagnostic.error(
                                "exposure '\(exposure.name)' depends on source '\(s)', which is not declared",
                                at: range
                            ).suggesting(s, from: Set(sources.map(\.sourceName))))
                    } else {
                        diagnostics.append(Diagnostic.error("source '\(s)' has no table named '\(t)'", at: range).suggesting(t, from: tables))
                    }
                default:
                    diagnostics.append(
                        .error(
                            "\(call.function)() in depends_on takes \(call.function == "ref" ? "1 or 2 arguments" : "2 arguments"), got \(call.arguments.count)",
                            at: range))
                }
            }
        }
    }

    /// `ref('a')`, `ref("pkg", "a")` or `source('s', 't')` as written in YAML; nil for anything else.
    static func dependencyCall(_ text: String) -> (function: String, arguments: [String])? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else { return nil }
        let function = String(t[..<open]).trimmingCharacters(in: .whitespaces)
        guard function == "ref" || function == "source" else { return nil }
        let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
        var arguments: [String] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let a = part.trimmingCharacters(in: .whitespaces)
            guard a.count >= 2, let q = a.first, q == "'" || q == "\"", a.last == q else { return nil }
            arguments.append(String(a.dropFirst().dropLast()))
        }
        return (function, arguments)
    }
}

extension CompiledProject {
    /// The project's exposures as nodes downstream of what they depend on. Entries that name no
    /// node are left out: `parse` has reported them already. They are in `nodes` and the graph, so
    /// `ls` lists them and `+exposure:x` selects what they read, as in dbt; no command runs them,
    /// and the manifest keeps them under its own `exposures` key.
    public func exposureNodes() -> [CompiledNode] {
        CompiledProject.exposureNodes(project: project, nodes: nodes)
    }

    static func exposureNodes(project: Project, nodes: [String: CompiledNode]) -> [CompiledNode] {
        let pkg = project.name
        guard !project.properties.exposures.isEmpty else { return [] }
        let refIds = Compiler.refTargets(nodes)
        return project.properties.exposures.map { e in
            var deps = Set<String>()
            for (text, _) in e.dependsOn {
                if let (name, version) = Compiler.versionedRefCall(text) {
                    if let v = nodes.values.first(where: { $0.resourceType == .model && $0.name == name && $0.version == version }) {
                        deps.insert(v.uniqueId)
                    }
                    continue
                }
                guard let call = Compiler.dependencyCall(text) else { continue }
                switch (call.function, call.arguments.count) {
                case ("ref", 1), ("ref", 2):
                    if let id = call.arguments.last.flatMap({ refIds[$0] }) { deps.insert(id) }
                case ("source", 2):
                    let id = "source.\(pkg).\(call.arguments[0]).\(call.arguments[1])"
                    if nodes[id] != nil { deps.insert(id) }
                default: continue
                }
            }
            var node = CompiledNode(
                uniqueId: "exposure.\(pkg).\(e.name)", name: e.name, resourceType: .exposure, packageName: pkg,
                fqn: [pkg, e.name], originalFilePath: e.file.path, path: e.file.path,
                description: e.description, meta: e.meta, dependsOn: deps.sorted())
            if !e.tags.isEmpty { node.config.values["tags"] = .array(e.tags.map { .string($0) }) }
            return node
        }.sorted { $0.uniqueId < $1.uniqueId }
    }
}
