import SDProject

/// A database object a node reads or builds: catalog, schema and name.
public struct Relation: Sendable, Hashable, CustomStringConvertible {
    public var database: String
    public var schema: String
    public var identifier: String

    public init(database: String, schema: String, identifier: String) {
        self.database = database
        self.schema = schema
        self.identifier = identifier
    }

    /// The fully quoted name, as the target's SQL dialect writes it: `"db"."schema"."name"`
    /// (DuckDB and Athena/Trino both quote identifiers with double quotes).
    public var quoted: String {
        "\(Relation.quote(database)).\(Relation.quote(schema)).\(Relation.quote(identifier))"
    }

    /// `schema.name`, as dbt prints a relation in its console lines.
    public var description: String { "\(schema).\(identifier)" }

    /// Quotes an identifier, doubling embedded quotes.
    public static func quote(_ identifier: String) -> String {
        // Relations are quoted for every ref of every model; Foundation's replacingOccurrences made
        // this a tenth of a 10,000-model compile, so the common case skips it.
        guard identifier.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + identifier + "\"" }
        var out = "\""
        for ch in identifier {
            out.append(ch)
            if ch == "\"" { out.append("\"") }
        }
        return out + "\""
    }

    /// The same relation under another name (temporary build tables, backups).
    public func renamed(_ identifier: String) -> Relation {
        Relation(database: database, schema: schema, identifier: identifier)
    }
}
