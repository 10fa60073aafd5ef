import SDBasics

/// A column of a declared ksqlDB stream or table.
public struct KsqlColumn: Sendable, Hashable {
    /// The name as ksqlDB stores it (unquoted identifiers are upper-cased).
    public var name: String
    /// The type as written, upper-cased (`VARCHAR`, `DECIMAL(10, 2)`, `ARRAY<BIGINT>`).
    public var type: String
    /// A key column (`KEY` on a stream, `PRIMARY KEY` on a table).
    public var isKey: Bool
    public var range: SourceRange?

    public init(name: String, type: String, isKey: Bool = false, range: SourceRange? = nil) {
        self.name = name
        self.type = type
        self.isKey = isKey
        self.range = range
    }

    public static func == (a: KsqlColumn, b: KsqlColumn) -> Bool {
        a.name == b.name && a.isKey == b.isKey && KsqlType.canonical(a.type) == KsqlType.canonical(b.type)
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(isKey)
        hasher.combine(KsqlType.canonical(type))
    }
}
