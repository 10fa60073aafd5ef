import SDBasics

extension NodeSelector {
    /// dbt's warning for a member that selects nothing, with a did-you-mean drawn from what the
    /// first unmatched criterion's method could have matched.
    func noMatchWarning(_ member: SelectorExpression.Intersection, _ unmatched: SelectorCriterion?) -> Diagnostic {
        let warning = Diagnostic.warning(
            "the selection criterion '\(member.text)' does not match any enabled nodes", at: member.range)
        guard let criterion = unmatched, !Glob.hasWildcard(criterion.value) else { return warning }
        return warning.suggesting(criterion.value, from: candidates(for: criterion.method), at: criterion.valueRange)
    }

    private func candidates(for method: SelectorMethod) -> [String] {
        let nodes = graph.nodes
        var out: Set<String> = []
        switch method {
        case .fqn:
            for node in nodes {
                out.insert(node.name)
                // Folder prefixes such as `gold` or `rtsa.gold`.
                for n in 1..<max(1, node.fqn.count) { out.insert(node.fqn[1...n].joined(separator: ".")) }
            }
        case .path:
            for node in nodes {
                var p = node.originalFilePath[...]
                out.insert(String(p))
                while let slash = p.lastIndex(of: "/") {
                    p = p[..<slash]
                    out.insert(String(p))
                }
            }
        case .file: for node in nodes { out.insert(Self.fileName(node.originalFilePath)) }
        case .tag: for node in nodes { out.formUnion(node.tags) }
        case .config(let key):
            for node in nodes {
                switch node.config[key] {
                case .string(let s): out.insert(s)
                case .list(let l): out.formUnion(l)
                default: break
                }
            }
        case .source:
            for node in nodes where node.resourceType == .source {
                if let s = node.sourceName {
                    out.insert(s)
                    out.insert("\(s).\(node.name)")
                }
            }
        case .testName: for node in nodes { if let t = node.testName { out.insert(t) } }
        case .package: for node in nodes { out.insert(node.packageName) }
        case .exposure: for node in nodes where node.resourceType == .exposure { out.insert(node.name) }
        case .semanticModel: for node in nodes where node.resourceType == .semanticModel { out.insert(node.name) }
        case .metric: for node in nodes where node.resourceType == .metric { out.insert(node.name) }
        case .savedQuery: for node in nodes where node.resourceType == .savedQuery { out.insert(node.name) }
        case .unitTest: for node in nodes where node.resourceType == .unitTest { out.insert(node.name) }
        case .group: for node in nodes { if case .string(let g)? = node.config["group"] { out.insert(g) } }
        case .resourceType, .testType, .version, .access, .state: break
        }
        return out.sorted()
    }
}
