import SDCompiler

extension Runner {
    /// dbt runs a model's unit tests before the model: in `build` a failing unit test skips the model
    /// and everything below it, and a unit test reads its parents' column types, so it waits for the
    /// model's parents instead of the model. A unit test is moved to just before its model in `order`
    /// (which stays topological) and its only scheduling parents are the model's.
    public static func addUnitTestEdges(_ parents: inout [String: [String]], order: [String], nodes: [String: CompiledNode]) -> [String] {
        let selected = Set(order)
        var before: [String: [String]] = [:]
        for id in order {
            guard let node = nodes[id], node.resourceType == .unitTest, let model = node.unitTest?.modelId ?? node.dependsOn.first else { continue }
            parents[id] = (parents[model] ?? nodes[model]?.dependsOn ?? []).filter { selected.contains($0) && $0 != model }
            if selected.contains(model) {
                parents[model, default: []].append(id)
                before[model, default: []].append(id)
            }
        }
        guard !before.isEmpty else { return order }
        let moved = Set(before.values.joined())
        var out: [String] = []
        out.reserveCapacity(order.count)
        for id in order where !moved.contains(id) {
            out.append(contentsOf: before[id] ?? [])
            out.append(id)
        }
        return out
    }
}
