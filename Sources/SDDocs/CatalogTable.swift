import SDCompiler

/// A relation as the target's catalog describes it: its kind and its columns in order.
public struct CatalogTable: Sendable, Hashable {
    /// The catalog (DuckDB: the database file's name; Athena: the data catalog).
    public var database: String
    /// The schema (Athena: the Glue database).
    public var schema: String
    /// The table or view name.
    public var name: String
    /// As the target reports it (`BASE TABLE`, `VIEW`, `EXTERNAL_TABLE`…).
    public var type: String
    /// Its columns, in the target's order.
    public var columns: [CatalogColumn]

    public init(database: String, schema: String, name: String, type: String, columns: [CatalogColumn] = []) {
        self.database = database
        self.schema = schema
        self.name = name
        self.type = type
        self.columns = columns
    }

    /// The key a relation is matched by: identifiers compare case-insensitively, as in both targets.
    static func key(_ database: String, _ schema: String, _ name: String) -> String {
        "\(database.lowercased())\u{1}\(schema.lowercased())\u{1}\(name.lowercased())"
    }

    var key: String { CatalogTable.key(database, schema, name) }
}
