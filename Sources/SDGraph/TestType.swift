/// Whether a test is generic (declared in property YAML) or singular (a SQL file under tests/).
public enum TestType: String, Hashable, Sendable {
    case generic
    case singular
    /// A dbt unit test (resource type `unit_test`).
    case unit
}
