import SDCompiler

/// A relation as the target's catalog describes it: its kind and its columns in order.
public struct CatalogTable: Sendable, Hashable {
    public var database: String
    public var schema: String
    public var name: String
    /// As the target reports it (`BASE TABLE`, `VIEW`, `EXTERNAL_TABLE`…).
    public var type: String
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

/// One column of a catalogued relation.
public struct CatalogColumn: Sendable, Hashable {
    public var name: String
    public var type: String
    /// 1-based position, as information_schema's `ordinal_position`.
    public var index: Int
    public var comment: String?

    public init(name: String, type: String, index: Int, comment: String? = nil) {
        self.name = name
        self.type = type
        self.index = index
        self.comment = comment
    }
}
