import SDBasics

/// Evaluates parsed selectors against a graph the way dbt does: criteria, graph operators, set
/// operators, indirect selection of tests, `--exclude`, then a filter by resource type.
public struct NodeSelector: Sendable {
    /// The graph selections are made from.
    public let graph: DependencyGraph
    /// Each node's fqn with dotted segments split, as dbt flattens them before matching.
    let flatFQN: [[String]]
    let testIndices: [Int]
    let sourceSet: NodeSet
    /// The project's own package, which `package:this` names (dbt 1.6+).
    public let rootPackage: String?
    /// The comparison with `--state DIR`, which `state:` selects from; nil when no state was given.
    public var states: NodeStates? = nil

    /// Prepares per-node lookups once, so each criterion is a single pass over the nodes.
    public init(graph: DependencyGraph, rootPackage: String? = nil) {
        self.graph = graph
        self.rootPackage = rootPackage
        // On both cores from a few thousand nodes: on a 100k project's saved graph this and the
        // fqn method's pass over every node were most of a selected compile's last tenth of a second.
        flatFQN = ParallelMap.map(graph.nodes, minimumCount: Self.parallelFrom) { node in
            // Scanning bytes: `String.contains(_:)` with a string argument is far slower on 10k nodes.
            guard node.fqn.contains(where: { $0.utf8.contains(UInt8(ascii: ".")) }) else { return node.fqn }
            return node.fqn.flatMap { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        }
        testIndices = graph.nodes.indices.filter { graph.nodes[$0].resourceType.isTest }
        var sources = NodeSet(capacity: graph.nodes.count)
        for i in graph.nodes.indices where graph.nodes[i].resourceType == .source { sources.insert(i) }
        sourceSet = sources
    }

    /// Parses `--select` and `--exclude` values and evaluates them. With no select values every
    /// node is a candidate, as in dbt. `resourceTypes` keeps only those kinds (nil keeps all).
    public func select(
        _ select: [String], exclude: [String] = [], indirectSelection: IndirectSelection = .eager,
        resourceTypes: Set<ResourceType>? = nil
    ) -> SelectionResult {
        var bag = DiagnosticBag()
        let included = SelectorParser.parse(select, flag: "--select", diagnostics: &bag)
        let excluded = SelectorParser.parse(exclude, flag: "--exclude", diagnostics: &bag)
        guard !bag.hasErrors else { return SelectionResult(uniqueIds: [], diagnostics: bag.diagnostics) }
        return evaluate(
            select: included, exclude: excluded, indirectSelection: indirectSelection, resourceTypes: resourceTypes)
    }

    /// Evaluates parsed expressions; an empty `select` means every node. An expression whose
    /// parse failed selects nothing, so a broken `--select` can never widen to the whole project.
    public func evaluate(
        select: SelectorExpression, exclude: SelectorExpression = SelectorExpression(members: []),
        indirectSelection: IndirectSelection = .eager, resourceTypes: Set<ResourceType>? = nil
    ) -> SelectionResult {
        guard !select.hasErrors, !exclude.hasErrors else { return SelectionResult(uniqueIds: [], diagnostics: []) }
        if let missing = missingState(select, exclude) { return SelectionResult(uniqueIds: [], diagnostics: [missing]) }
        var warnings: [Diagnostic] = []
        let count = graph.nodes.count
        var selection: Bundle
        if select.isEmpty {
            selection = Bundle(direct: NodeSet(capacity: count, all: true), indirect: NodeSet(capacity: count))
        } else {
            selection = union(select, indirectSelection, &warnings)
        }
        if !exclude.isEmpty {
            // dbt parses --exclude with eager indirect selection, so excluding a model drops its tests.
            let removed = union(exclude, .eager, &warnings)
            let direct = selection.direct.subtracting(removed.direct)
            let indirect = selection.direct.union(selection.indirect).subtracting(
                removed.direct.union(removed.indirect))
            selection = Bundle(direct: incorporate(direct, indirect, indirectSelection), indirect: indirect)
        }
        var chosen = selection.direct
        if let resourceTypes {
            for i in chosen.indices where !resourceTypes.contains(graph.nodes[i].resourceType) { chosen.remove(i) }
        }
        let ids = graph.topologicallyOrdered(chosen).map { graph.nodes[$0].uniqueId }
        return SelectionResult(uniqueIds: ids, diagnostics: warnings, index: graph.indexById, set: chosen)
    }

    /// Directly selected nodes, and tests held back by cautious or buildable selection that may
    /// join once the rest of the expression is known (dbt's direct and indirect sets).
    struct Bundle {
        var direct: NodeSet
        var indirect: NodeSet
    }

    private func union(_ expression: SelectorExpression, _ mode: IndirectSelection, _ warnings: inout [Diagnostic])
        -> Bundle
    {
        var direct = NodeSet(capacity: graph.nodes.count)
        var indirect = NodeSet(capacity: graph.nodes.count)
        for member in expression.members {
            let bundle = intersection(member, mode, &warnings)
            direct.formUnion(bundle.direct)
            indirect.formUnion(bundle.direct)
            indirect.formUnion(bundle.indirect)
        }
        return Bundle(direct: incorporate(direct, indirect, mode), indirect: indirect)
    }

    private func intersection(
        _ member: SelectorExpression.Intersection, _ mode: IndirectSelection, _ warnings: inout [Diagnostic]
    ) -> Bundle {
        var direct: NodeSet? = nil
        var indirect: NodeSet? = nil
        var unmatched: SelectorCriterion? = nil
        for criterion in member.criteria {
            let (bundle, matchedAny) = evaluate(criterion, mode)
            if !matchedAny, unmatched == nil { unmatched = criterion }
            let both = bundle.direct.union(bundle.indirect)
            direct = direct.map { $0.intersection(bundle.direct) } ?? bundle.direct
            indirect = indirect.map { $0.intersection(both) } ?? both
        }
        let empty = NodeSet(capacity: graph.nodes.count)
        let result = incorporate(direct ?? empty, indirect ?? empty, mode)
        if result.isEmpty {
            warnings.append(noMatchWarning(member, unmatched))
        }
        return Bundle(direct: result, indirect: indirect ?? empty)
    }

    /// One criterion: matching nodes, graph operators, then the tests of the result.
    private func evaluate(_ criterion: SelectorCriterion, _ mode: IndirectSelection) -> (Bundle, matchedAny: Bool) {
        let base = matches(criterion)
        var selected = base
        if criterion.childrensParents {
            let descendants = graph.reach(from: base, depth: nil, upward: false).union(base)
            selected = descendants.union(graph.reach(from: descendants, depth: nil, upward: true))
        } else {
            if let parents = criterion.parents {
                selected.formUnion(graph.reach(from: base, depth: parents.limit, upward: true))
            }
            if let children = criterion.children {
                selected.formUnion(graph.reach(from: base, depth: children.limit, upward: false))
            }
        }
        return (expand(selected, mode), !base.isEmpty)
    }

    /// dbt's `expand_selection`: tests depending on a selected node join directly (eager, or when
    /// all their dependencies are selected), or wait in the indirect set (cautious, buildable).
    private func expand(_ selected: NodeSet, _ mode: IndirectSelection) -> Bundle {
        var direct = selected
        var indirect = NodeSet(capacity: graph.nodes.count)
        guard mode != .empty else { return Bundle(direct: direct, indirect: indirect) }
        var selectedAndParents: NodeSet? = nil
        for t in testIndices where !selected.contains(t) {
            let deps = graph.testDependencies[t]
            guard deps.contains(where: selected.contains) else { continue }
            if mode == .eager || deps.allSatisfy(selected.contains) {
                direct.insert(t)
                continue
            }
            if mode == .buildable {
                if selectedAndParents == nil {
                    selectedAndParents = selected.union(graph.reach(from: selected, depth: nil, upward: true)).union(
                        sourceSet)
                }
                if let allowed = selectedAndParents, deps.allSatisfy(allowed.contains) {
                    direct.insert(t)
                    continue
                }
            }
            indirect.insert(t)
        }
        return Bundle(direct: direct, indirect: indirect)
    }

    /// dbt's `incorporate_indirect_nodes`: held-back tests join once all their dependencies
    /// (cautious) or dependencies-or-ancestors (buildable) made it into the combined selection.
    private func incorporate(_ direct: NodeSet, _ indirect: NodeSet, _ mode: IndirectSelection) -> NodeSet {
        guard mode == .cautious || mode == .buildable else { return direct }
        let pending = indirect.subtracting(direct)
        guard !pending.isEmpty else { return direct }
        var selected = direct
        let allowed = mode == .buildable ? direct.union(graph.reach(from: direct, depth: nil, upward: true)) : direct
        for t in pending.indices where graph.nodes[t].resourceType.isTest {
            if graph.testDependencies[t].allSatisfy(allowed.contains) { selected.insert(t) }
        }
        return selected
    }
}
