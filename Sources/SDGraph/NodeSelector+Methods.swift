import Dispatch
import SDBasics

extension NodeSelector {
    /// The nodes a criterion's method and value match, before graph operators.
    func matches(_ criterion: SelectorCriterion) -> NodeSet {
        let nodes = graph.nodes
        var set = NodeSet(capacity: nodes.count)
        let value = criterion.value
        switch criterion.method {
        case .fqn:
            let pattern = FQNPattern(value)
            for i in Self.indices(nodes.count, where: { fqnMatches($0, pattern) }) { set.insert(i) }
        case .path:
            let pattern = PathGlob(value)
            for i in nodes.indices where pattern.matches(nodes[i].originalFilePath) { set.insert(i) }
        case .file:
            let glob = Glob(value)
            for i in nodes.indices {
                let name = Self.fileName(nodes[i].originalFilePath)
                if glob.matches(name) || glob.matches(Self.stem(name)) { set.insert(i) }
            }
        case .tag:
            let glob = Glob(value)
            for i in nodes.indices where nodes[i].tags.contains(where: glob.matches) { set.insert(i) }
        case .config(let key):
            let glob = Glob(value)
            for i in nodes.indices where nodes[i].config[key]?.matches(glob) == true { set.insert(i) }
        case .source:
            let parts = value.split(separator: ".", omittingEmptySubsequences: false).map { Glob(String($0)) }
            for i in nodes.indices where nodes[i].resourceType == .source && sourceMatches(nodes[i], parts) {
                set.insert(i)
            }
        case .resourceType:
            for i in nodes.indices where nodes[i].resourceType.rawValue == value { set.insert(i) }
        case .testType:
            // dbt 1.8+: `data` is every data test (generic and singular), `unit` the unit tests;
            // `schema` is the legacy name of generic.
            let wanted: Set<TestType> =
                switch value {
                case "generic", "schema": [.generic]
                case "singular": [.singular]
                case "data": [.generic, .singular]
                case "unit": [.unit]
                default: []
                }
            for i in nodes.indices where nodes[i].resourceType.isTest {
                if let t = nodes[i].testType, wanted.contains(t) { set.insert(i) }
            }
        case .version:
            for i in nodes.indices where nodes[i].resourceType == .model && nodes[i].versionKind == value { set.insert(i) }
        case .testName:
            let glob = Glob(value)
            for i in nodes.indices where nodes[i].resourceType == .test {
                if let name = nodes[i].testName, glob.matches(name) { set.insert(i) }
            }
        case .package:
            let glob = Glob(value == "this" ? rootPackage ?? value : value)
            for i in nodes.indices where glob.matches(nodes[i].packageName) { set.insert(i) }
        case .state:
            if let states {
                for i in nodes.indices where states.matches(nodes[i].uniqueId, value: value) { set.insert(i) }
            }
        case .unitTest:
            // `name` or `package.name` (the parser refuses more parts, as dbt does).
            let parts = value.split(separator: ".", omittingEmptySubsequences: false).map { Glob(String($0)) }
            for i in nodes.indices where nodes[i].resourceType == .unitTest {
                let named = parts.last?.matches(nodes[i].name) ?? false
                if named && (parts.count == 1 || parts[0].matches(nodes[i].packageName)) { set.insert(i) }
            }
        case .exposure:
            let glob = Glob(value)
            for i in nodes.indices where nodes[i].resourceType == .exposure && glob.matches(nodes[i].name) {
                set.insert(i)
            }
        case .semanticModel, .metric, .savedQuery:
            let kind: ResourceType = criterion.method == .metric ? .metric : criterion.method == .savedQuery ? .savedQuery : .semanticModel
            let pattern = FQNPattern(value)
            for i in nodes.indices where nodes[i].resourceType == kind && fqnMatches(i, pattern) { set.insert(i) }
        case .group, .access:
            // dbt's group: and access: methods read the node's config; ungrouped nodes match no group.
            let glob = Glob(value)
            let key = criterion.method == .group ? "group" : "access"
            for i in nodes.indices {
                // A model without `access` is protected, as dbt records it in the manifest.
                let fallback: ConfigValue? = key == "access" && nodes[i].resourceType == .model ? .string("protected") : nil
                guard case .string(let v)? = nodes[i].config[key] ?? fallback else { continue }
                if glob.matches(v) { set.insert(i) }
            }
        }
        return set
    }

    /// An fqn selector split at its dots, with the dotted rest compiled from the first wildcard part.
    struct FQNPattern {
        let value: String
        let parts: [String]
        let firstWildcard: Int?
        let rest: Glob?
        let whole: Glob

        init(_ value: String) {
            self.value = value
            let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let first = parts.firstIndex(where: Glob.hasWildcard)
            self.parts = parts
            firstWildcard = first
            rest = first.map { Glob(parts[$0...].joined(separator: ".")) }
            whole = Glob(value)
        }
    }

    /// From this many nodes, a pass over them is split over the cores.
    static let parallelFrom = 4_096

    /// The indices below `count` that `test` holds for, ascending; on every core from
    /// `parallelFrom` of them. `test` must only read.
    static func indices(_ count: Int, where test: (Int) -> Bool) -> [Int] {
        guard count >= parallelFrom else { return (0..<count).filter(test) }
        let chunks = 8
        let size = (count + chunks - 1) / chunks
        var found = [[Int]](repeating: [], count: chunks)
        found.withUnsafeMutableBufferPointer { out in
            withoutActuallyEscaping(test) { test in
                let shared = UnsafeSendable((out, test))
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let (out, test) = shared.value
                    out[c] = (min(count, c * size)..<min(count, c * size + size)).filter(test)
                }
            }
        }
        return found.flatMap { $0 }
    }

    /// dbt's fqn method: the node's name, or a prefix of its fqn with or without the package
    /// (`gold`, `rtsa.gold`), where a wildcard part matches the rest of the fqn joined by dots.
    /// swiftdbt also matches a wildcard value against the node name, so `gold_*` finds nested models.
    private func fqnMatches(_ i: Int, _ pattern: FQNPattern) -> Bool {
        let flat = flatFQN[i]
        if flat.last == pattern.value || graph.nodes[i].name == pattern.value { return true }
        if versionMatches(flat, name: graph.nodes[i].name, pattern) { return true }
        if fqnPrefixMatches(i, from: 0, pattern) { return true }
        if flat.count > 1, fqnPrefixMatches(i, from: 1, pattern) { return true }
        return pattern.firstWildcard != nil && pattern.whole.matches(graph.nodes[i].name)
    }

    /// A version of a versioned model (fqn `[…, m, v2]`, name `m`) is also selected by `m.v2` and
    /// `m_v2`, as dbt's fqn method allows (dbt-core graph/selector_methods.py, `is_selected_node`).
    private func versionMatches(_ flat: [String], name: String, _ pattern: FQNPattern) -> Bool {
        guard flat.count >= 2, flat[flat.count - 2] == name, flat.last != name, pattern.parts.count <= 2 else { return false }
        return flat.suffix(2).joined(separator: "_") == pattern.parts.joined(separator: "_")
    }

    private func fqnPrefixMatches(_ i: Int, from base: Int, _ pattern: FQNPattern) -> Bool {
        let flat = flatFQN[i]
        guard flat.count - base >= pattern.parts.count else { return false }
        for (offset, part) in pattern.parts.enumerated() {
            if offset == pattern.firstWildcard, let rest = pattern.rest {
                // dbt's wildcard rule matches the rest of the fqn as one dotted string. It is joined
                // here, for the few nodes whose fqn gets this far, rather than for every node up front.
                let start = flat[..<(base + offset)].reduce(0) { $0 + $1.utf8.count + 1 }
                return rest.matches(flat.joined(separator: "."), fromByte: start)
            }
            if flat[base + offset] != part { return false }
        }
        return true
    }

    /// `source:lake`, `source:lake.ticks` or `source:rtsa.lake.ticks`, each part a glob.
    private func sourceMatches(_ node: GraphNode, _ parts: [Glob]) -> Bool {
        guard let source = node.sourceName else { return false }
        switch parts.count {
        case 1: return parts[0].matches(source)
        case 2: return parts[0].matches(source) && parts[1].matches(node.name)
        case 3: return parts[0].matches(node.packageName) && parts[1].matches(source) && parts[2].matches(node.name)
        default: return false
        }
    }

    static func fileName(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    static func stem(_ name: String) -> String {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
