import ArgumentParser
import SDGraph

/// `--resource-type` and `--exclude-resource-type` on `build` and `test` (dbt 1.8+): keep or drop
/// kinds among what the command runs, e.g. `swiftdbt test --resource-type unit_test` or
/// `swiftdbt build --exclude-resource-type unit_test`. An unknown kind is a usage error naming the
/// known ones.
struct ResourceTypeOptions: ParsableArguments {
    @Option(name: .customLong("resource-type"), parsing: .upToNextOption, help: "Run only these kinds (model, seed, test, unit_test, …).")
    var resourceType: [String] = []

    @Option(name: .customLong("exclude-resource-type"), parsing: .upToNextOption, help: "Leave out these kinds (e.g. unit_test).")
    var excludeResourceType: [String] = []

    func validate() throws {
        let known = ResourceType.known.map(\.rawValue)
        for t in resourceType + excludeResourceType where !known.contains(t) {
            throw ValidationError("unknown resource type '\(t)'; expected one of \(known.joined(separator: ", "))")
        }
    }

    /// The kinds of `types` (what the command runs) that `keep` (all when empty) and `drop` leave.
    static func narrowing(_ types: Set<ResourceType>, keep: [String], drop: [String]) -> Set<ResourceType> {
        var out = types
        if !keep.isEmpty { out.formIntersection(keep.map { ResourceType(rawValue: $0) }) }
        out.subtract(drop.map { ResourceType(rawValue: $0) })
        return out
    }
}
