import SDGraph

/// The commands that execute nodes. The raw value is dbt's name for the command, written as
/// `args.which` in run_results.json, so artifacts read the same as dbt's.
public enum ExecutionCommand: String, Sendable, CaseIterable {
    case run, seed, build, test, snapshot

    /// The resource types the command selects. `run` includes sources because a selected source
    /// with an `external:` location is (re)built as a view over the lake.
    public var resourceTypes: Set<ResourceType> {
        switch self {
        case .run: [.model, .source]
        case .seed: [.seed]
        case .build: [.model, .seed, .source, .test, .snapshot, .unitTest]
        case .test: [.test, .unitTest]
        case .snapshot: [.snapshot]
        }
    }

    /// `build` runs a model's tests before the model's children, so a failing test stops what would
    /// be built on bad data (dbt's build graph); the other commands have no tests mixed with models.
    public var testsBlockChildren: Bool { self == .build }
}
