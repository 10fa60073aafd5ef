import SDBasics

/// One selector of dbt's `selectors.yml`, reduced to what selection needs: a CLI-style expression
/// (`tag:nightly+`, what a `method`/`value` entry stands for), or a union, intersection or exclusion
/// of others (docs.getdbt.com, "YAML selectors"). Reading the YAML, with positions, is the caller's
/// job; this is the pure evaluation over the graph.
public indirect enum SelectorDefinition: Sendable, Equatable {
    case expression(String)
    case union([SelectorDefinition])
    case intersection([SelectorDefinition])
    /// Inside a union or intersection: nodes removed from its result. Alone: every node but these.
    case exclude([SelectorDefinition])
}

extension SelectorDefinition {
    var text: String? { if case .expression(let s) = self { s } else { nil } }
    var isExclude: Bool { if case .exclude = self { true } else { false } }
}

extension NodeSelector {
    /// Evaluates a YAML selector. Each expression selects as `--select` would (with
    /// `indirectSelection` for tests); the result is in topological order, kept to `resourceTypes`.
    public func select(
        definition: SelectorDefinition, indirectSelection: IndirectSelection = .eager,
        resourceTypes: Set<ResourceType>? = nil
    ) -> SelectionResult {
        var diagnostics: [Diagnostic] = []
        let chosen = evaluate(definition, indirectSelection, &diagnostics)
        if diagnostics.contains(where: { $0.severity == .error }) { return SelectionResult(uniqueIds: [], diagnostics: diagnostics) }
        let ordered = select([], resourceTypes: resourceTypes).uniqueIds
        return SelectionResult(uniqueIds: ordered.filter { chosen.contains($0) }, diagnostics: diagnostics)
    }

    private func evaluate(_ d: SelectorDefinition, _ mode: IndirectSelection, _ diagnostics: inout [Diagnostic]) -> Set<String> {
        switch d {
        case .expression(let text):
            let r = select([text], indirectSelection: mode)
            diagnostics += r.diagnostics
            return Set(r.uniqueIds)
        case .union(let items):
            // Plain expressions (and plain excludes) select exactly as `--select a b --exclude c`,
            // so cautious/buildable selection sees the whole union, as dbt's does.
            let plain = items.compactMap(\.text)
            let excluded = items.flatMap { item -> [SelectorDefinition] in if case .exclude(let e) = item { e } else { [] } }
            let plainExcluded = excluded.compactMap(\.text)
            if !plain.isEmpty, plain.count + items.filter(\.isExclude).count == items.count, plainExcluded.count == excluded.count {
                let r = select(plain, exclude: plainExcluded, indirectSelection: mode)
                diagnostics += r.diagnostics
                return Set(r.uniqueIds)
            }
            let (kept, removed) = split(items, mode, &diagnostics)
            return kept.reduce(into: Set<String>()) { $0.formUnion($1) }.subtracting(removed)
        case .intersection(let items):
            let (kept, removed) = split(items, mode, &diagnostics)
            guard let first = kept.first else { return [] }
            return kept.dropFirst().reduce(first) { $0.intersection($1) }.subtracting(removed)
        case .exclude(let items):
            let all = Set(select([]).uniqueIds)
            return all.subtracting(items.reduce(into: Set<String>()) { $0.formUnion(evaluate($1, .eager, &diagnostics)) })
        }
    }

    /// The sets of a union's or intersection's members, and what its `exclude` members remove
    /// (excluded with eager indirect selection, as `--exclude` is, so an excluded model takes its tests).
    private func split(_ items: [SelectorDefinition], _ mode: IndirectSelection, _ diagnostics: inout [Diagnostic])
        -> (kept: [Set<String>], removed: Set<String>)
    {
        var kept: [Set<String>] = []
        var removed = Set<String>()
        for item in items {
            if case .exclude(let ex) = item {
                for e in ex { removed.formUnion(evaluate(e, .eager, &diagnostics)) }
            } else {
                kept.append(evaluate(item, mode, &diagnostics))
            }
        }
        return (kept, removed)
    }
}
