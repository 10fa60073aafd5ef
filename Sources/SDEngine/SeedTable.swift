/// A seed CSV read into typed columns and rows, ready to become INSERT statements.
public struct SeedTable: Sendable, Hashable {
    public var columns: [SeedColumn]
    /// Each row has one value per column.
    public var rows: [[SeedValue]]

    public init(columns: [SeedColumn], rows: [[SeedValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// A seed column: its header name and its type.
public struct SeedColumn: Sendable, Hashable {
    public var name: String
    public var type: SeedLogicalType
    /// True when the type came from `column_types` rather than inference.
    public var isOverridden: Bool

    public init(name: String, type: SeedLogicalType, isOverridden: Bool = false) {
        self.name = name
        self.type = type
        self.isOverridden = isOverridden
    }
}
