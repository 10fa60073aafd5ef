extension NodeSelector {
    /// The nodes a criterion's method and value match, before graph operators.
    func matches(_ criterion: SelectorCriterion) -> NodeSet {
        let nodes = graph.nodes
        var set = NodeSet(capacity: nodes.count)
        let value = criterion.value
        switch criterion.method {
        case .fqn:
            let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let wildcard = Glob.hasWildcard(value)
            for i in nodes.indices where fqnMatches(i, value, parts, wildcard) { set.insert(i) }
        case .path:
            let pattern = Self.normalizedPath(value)
            for i in nodes.indices where Self.pathMatches(nodes[i].originalFilePath, pattern) { set.insert(i) }
        case .file:
            for i in nodes.indices {
                let name = Self.fileName(nodes[i].originalFilePath)
                if Glob.matches(name, value) || Glob.matches(Self.stem(name), value) { set.insert(i) }
            }
        case .tag:
            for i in nodes.indices where nodes[i].tags.contains(where: { Glob.matches($0, value) }) { set.insert(i) }
        case .config(let key):
            for i in nodes.indices where nodes[i].config[key]?.matches(value) == true { set.insert(i) }
        case .source:
            let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            for i in nodes.indices where nodes[i].resourceType == .source && sourceMatches(nodes[i], parts) {
                set.insert(i)
            }
        case .resourceType:
            for i in nodes.indices where nodes[i].resourceType.rawValue == value { set.insert(i) }
        case .testType:
            // dbt's legacy names: `schema` for generic, `data` for singular; swiftdbt has no unit tests yet.
            let wanted: TestType? =
                switch value {
                case "generic", "schema": .generic
                case "singular", "data": .singular
                default: nil
                }
            if let wanted {
                for i in nodes.indices where nodes[i].resourceType == .test && nodes[i].testType == wanted {
                    set.insert(i)
                }
            }
        case .testName:
            for i in nodes.indices where nodes[i].resourceType == .test {
                if let name = nodes[i].testName, Glob.matches(name, value) { set.insert(i) }
            }
        case .package:
            for i in nodes.indices where Glob.matches(nodes[i].packageName, value) { set.insert(i) }
        case .exposure:
            for i in nodes.indices where nodes[i].resourceType == .exposure && Glob.matches(nodes[i].name, value) {
                set.insert(i)
            }
        }
        return set
    }

    /// dbt's fqn method: the node's name, or a prefix of its fqn with or without the package
    /// (`gold`, `rtsa.gold`), where a wildcard part matches the rest of the fqn joined by dots.
    /// swiftdbt also matches a wildcard value against the node name, so `gold_*` finds nested models.
    private func fqnMatches(_ i: Int, _ value: String, _ parts: [String], _ wildcard: Bool) -> Bool {
        let flat = flatFQN[i]
        if flat.last == value || graph.nodes[i].name == value { return true }
        if Self.fqnPrefixMatches(flat[...], parts) { return true }
        if flat.count > 1, Self.fqnPrefixMatches(flat.dropFirst(), parts) { return true }
        return wildcard && Glob.matches(graph.nodes[i].name, value)
    }

    private static func fqnPrefixMatches(_ fqn: ArraySlice<String>, _ parts: [String]) -> Bool {
        guard fqn.count >= parts.count else { return false }
        for (offset, part) in parts.enumerated() {
            let segment = fqn[fqn.startIndex + offset]
            if Glob.hasWildcard(part) {
                let rest = fqn[(fqn.startIndex + offset)...].joined(separator: ".")
                return Glob.matches(rest, parts[offset...].joined(separator: "."))
            }
            if segment != part { return false }
        }
        return true
    }

    /// `source:lake`, `source:lake.ticks` or `source:rtsa.lake.ticks`, each part a glob.
    private func sourceMatches(_ node: GraphNode, _ parts: [String]) -> Bool {
        guard let source = node.sourceName else { return false }
        switch parts.count {
        case 1: return Glob.matches(source, parts[0])
        case 2: return Glob.matches(source, parts[0]) && Glob.matches(node.name, parts[1])
        case 3:
            return Glob.matches(node.packageName, parts[0]) && Glob.matches(source, parts[1])
                && Glob.matches(node.name, parts[2])
        default: return false
        }
    }

    /// `./models/gold/` and `models//gold` both mean `models/gold`.
    static func normalizedPath(_ value: String) -> String {
        value.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }

    /// dbt globs the pattern against the project and selects files it names or files under a
    /// folder it names; without touching the disk that is a match on the path or any parent folder.
    static func pathMatches(_ path: String, _ pattern: String) -> Bool {
        if Glob.matchesPath(path, pattern) { return true }
        var folder = path[...]
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            if Glob.matchesPath(String(folder), pattern) { return true }
        }
        return false
    }

    static func fileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func stem(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
