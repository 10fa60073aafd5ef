/// Which tests a selection pulls in because they test selected nodes (dbt `--indirect-selection`).
public enum IndirectSelection: String, Hashable, Sendable, CaseIterable {
    /// A test is selected when any node it depends on is selected (dbt's default).
    case eager
    /// A test is selected only when every node it depends on is selected.
    case cautious
    /// As cautious, but a dependency may also be an ancestor of the selection (or any source).
    case buildable
    /// No tests are selected indirectly, only those chosen by the criteria themselves.
    case empty
}
