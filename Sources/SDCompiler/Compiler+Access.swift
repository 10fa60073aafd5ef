import SDBasics
import SDProject

extension Compiler {
    /// dbt's access levels (docs.getdbt.com/reference/resource-configs/access).
    static let accessLevels = ["private", "protected", "public"]

    /// Groups and model access as dbt enforces them at parse time (docs.getdbt.com/docs/mesh/govern/model-access):
    /// a node's `group` must be a declared group; `access` is private, protected or public; a
    /// private model may be referenced only from its own group. Protected (the default) limits
    /// references from other projects, which a swiftdbt project cannot make, so it passes.
    func checkGroupsAndAccess(nodes: [String: CompiledNode], refCalls: [String: [RecordedRef]], diagnostics: inout DiagnosticBag) {
        let groups = Set(project.properties.groups.map(\.name))
        var anyPrivate = false
        // Only a node with a group or an access config can be wrong here: those alone are sorted
        // (sorting every id of a 100k project was a tenth of its parse, on one core).
        let marked = nodes.compactMap { id, n in n.config.string("group") != nil || n.config.string("access") != nil ? id : nil }
        for id in marked.sorted() {
            guard let n = nodes[id] else { continue }
            if let group = n.config.string("group"), !groups.contains(group) {
                diagnostics.append(
                    Diagnostic.error(
                        "\(n.resourceType) '\(n.name)' is in group '\(group)', which is not declared", at: configRange(n, "group"),
                        path: n.originalFilePath, hint: "declare it in a property file: groups: [{name: \(group), owner: {name: …}}]"
                    ).suggesting(group, from: groups))
            }
            guard let access = n.config.string("access") else { continue }
            anyPrivate = anyPrivate || (access == "private" && n.resourceType == .model)
            if n.resourceType != .model {
                diagnostics.append(
                    .error(
                        "'access' applies to models only, not to \(n.resourceType) '\(n.name)'", at: configRange(n, "access"),
                        path: n.originalFilePath))
            } else if !Compiler.accessLevels.contains(access) {
                diagnostics.append(
                    Diagnostic.error(
                        "model '\(n.name)' has access '\(access)'", at: configRange(n, "access"), path: n.originalFilePath,
                        hint: "use one of: \(Compiler.accessLevels.joined(separator: ", "))"
                    ).suggesting(access, from: Compiler.accessLevels))
            } else if access == "private" && n.config.string("group") == nil {
                diagnostics.append(
                    .warning(
                        "model '\(n.name)' is private but in no group, so no other node may refer to it", at: configRange(n, "access"),
                        path: n.originalFilePath, hint: "set 'group' on it and on the models that read it"))
            }
        }
        // References into a private model from outside its group; with no private model there are
        // none, and the walk below would copy every node each ref reaches.
        guard anyPrivate else { return }
        for id in nodes.keys.sorted() {
            guard let n = nodes[id] else { continue }
            var refs = refCalls[id] ?? []
            if n.resourceType == .semanticModel, let target = n.dependsOn.first, let name = nodes[target]?.name, let at = n.declaration {
                refs = [RecordedRef(name: name, package: nil, range: at)]
            }
            for r in refs {
                guard let target = n.dependsOn.compactMap({ nodes[$0] }).first(where: { $0.name == r.name && $0.resourceType == .model }),
                    target.config.string("access") == "private", target.uniqueId != n.uniqueId
                else { continue }
                let targetGroup = target.config.string("group")
                guard targetGroup == nil || n.config.string("group") != targetGroup else { continue }
                let hint =
                    targetGroup.map { "put '\(n.name)' in group '\($0)', or give '\(target.name)' access: protected" }
                    ?? "give '\(target.name)' a group, or access: protected"
                diagnostics.append(
                    .error(
                        "\(n.resourceType) '\(n.name)' refers to '\(target.name)', which is private to \(targetGroup.map { "group '\($0)'" } ?? "no group")",
                        at: r.range, hint: hint))
            }
        }
    }

    /// Where a node's config key is written: its property entry, else project.yml's folder block.
    private func configRange(_ n: CompiledNode, _ key: String) -> SourceRange? {
        switch n.resourceType {
        case .model:
            if let r = project.properties.models[n.name]?.configRanges[key] { return r }
            let folders = Array(n.fqn.dropFirst().dropLast())
            return project.config.models.configRange(key, for: folders + [n.name])
        case .seed:
            if let r = project.properties.seeds[n.name]?.configRanges[key] { return r }
            return project.config.seeds.configRange(key, for: Array(n.fqn.dropFirst()))
        default:
            return n.declaration
        }
    }
}
