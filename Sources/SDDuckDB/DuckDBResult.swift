/// The rows one statement returned, columns in the order the query named them.
///
/// Duplicate column names are kept (`select 1 as a, 2 as a` has two columns `a`). The CLI prints
/// no header for an empty result, so `columns` is empty when `rows` is; use
/// `DuckDBProcess.describe(_:)` for the names and types of a query that may return nothing.
public struct DuckDBResult: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[DuckDBValue]]

    public init(columns: [String] = [], rows: [[DuckDBValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The value of the first row's first column, the usual answer of `select count(*) …`.
    public var scalar: DuckDBValue? { rows.first?.first }

    /// The values of one named column (the first of that name).
    public func column(_ name: String) -> [DuckDBValue]? {
        guard let i = columns.firstIndex(of: name) else { return nil }
        return rows.map { $0[i] }
    }

    /// The columns a `DESCRIBE` listed (its `column_name` and `column_type`), or nil when the result
    /// does not have that shape.
    public var describedColumns: [DuckDBColumn]? {
        guard let names = column("column_name"), let types = column("column_type") else { return nil }
        return zip(names, types).map { DuckDBColumn(name: $0.description, type: $1.description) }
    }
}

/// A column of a query as DuckDB describes it.
public struct DuckDBColumn: Sendable, Hashable {
    public var name: String
    /// DuckDB's type name, e.g. `INTEGER`, `DECIMAL(10,2)`, `VARCHAR[]`.
    public var type: String
    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}
