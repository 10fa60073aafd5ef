import SDBasics
import SDCompiler
import SDEngine
import SDGraph

/// The target's catalog for a project: what `docs generate` reads from information_schema and
/// writes as `catalog.json` in dbt's catalog v1 shape (schemas.getdbt.com/dbt/catalog/v1.json:
/// `metadata`, `nodes`, `sources`, `errors`; each entry `metadata`, `columns`, `stats`, `unique_id`).
public struct Catalog: Sendable {
    /// Every relation found, by its case-insensitive key.
    public private(set) var tables: [String: CatalogTable]

    /// A catalog of the given relations.
    public init(tables: [CatalogTable]) {
        var byKey: [String: CatalogTable] = [:]
        for t in tables { byKey[t.key] = t }
        self.tables = byKey
    }

    /// The schemas the project's nodes live in, lower-cased and sorted, for the catalog query.
    public static func schemas(of compiled: CompiledProject) -> [String] {
        Set(compiled.nodes.values.compactMap { $0.relation?.schema.lowercased() }).sorted()
    }

    /// One query over information_schema for the columns of every relation in `schemas`. Both
    /// DuckDB and Athena (Trino over Glue) answer it; `ordinal_position` keeps column order.
    public static func sql(schemas: [String]) -> String {
        let list = schemas.isEmpty ? "''" : schemas.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
        return """
            select c.table_catalog, c.table_schema, c.table_name, t.table_type, c.column_name, c.ordinal_position, c.data_type
            from information_schema.columns as c
            join information_schema.tables as t
              on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema and t.table_name = c.table_name
            where lower(c.table_schema) in (\(list))
            order by c.table_catalog, c.table_schema, c.table_name, c.ordinal_position
            """
    }

    /// Reads the rows of `sql(schemas:)` (by column name, so a target that orders them otherwise still works).
    public static func parse(_ result: QueryResult) -> Catalog {
        func column(_ name: String) -> Int? { result.columns.firstIndex { $0.lowercased() == name } }
        guard let cat = column("table_catalog"), let sch = column("table_schema"), let tab = column("table_name"),
            let col = column("column_name")
        else { return Catalog(tables: []) }
        let kind = column("table_type")
        let pos = column("ordinal_position")
        let typ = column("data_type")
        var order: [String] = []
        var tables: [String: CatalogTable] = [:]
        for row in result.rows {
            func text(_ i: Int?) -> String {
                guard let i, i < row.count else { return "" }
                if case .string(let s) = row[i] { return s }
                if case .int(let n) = row[i] { return String(n) }
                return ""
            }
            let key = CatalogTable.key(text(cat), text(sch), text(tab))
            if tables[key] == nil {
                order.append(key)
                tables[key] = CatalogTable(database: text(cat), schema: text(sch), name: text(tab), type: text(kind))
            }
            let index: Int
            switch pos.flatMap({ $0 < row.count ? row[$0] : nil }) {
            case .int(let n)?: index = n
            case .string(let s)?: index = Int(s) ?? 0
            case .double(let d)?: index = Int(d)
            default: index = (tables[key]?.columns.count ?? 0) + 1
            }
            tables[key]?.columns.append(CatalogColumn(name: text(col), type: text(typ), index: index))
        }
        return Catalog(tables: order.compactMap { tables[$0] })
    }

    /// The catalogued relation a node builds or reads, if the target has it. A relation in another
    /// database with the same schema and name is accepted when no exact match exists: DuckDB names
    /// its catalog after the file, which a profile need not repeat.
    public func table(for relation: Relation) -> CatalogTable? {
        if let t = tables[CatalogTable.key(relation.database, relation.schema, relation.identifier)] { return t }
        let schema = relation.schema.lowercased()
        let name = relation.identifier.lowercased()
        let matches = tables.values.filter { $0.schema.lowercased() == schema && $0.name.lowercased() == name }
        return matches.count == 1 ? matches.first : nil
    }

    /// `catalog.json`: every model, seed and source the target has, in dbt's catalog v1 shape.
    public func document(
        _ compiled: CompiledProject, version: String, invocationId: String, generatedAt: String?,
        errors: [String] = []
    ) -> JSONValue {
        var nodes: [String: JSONValue] = [:]
        var sources: [String: JSONValue] = [:]
        for (id, n) in compiled.nodes {
            guard let relation = n.relation, let t = table(for: relation) else { continue }
            guard n.resourceType == .model || n.resourceType == .seed || n.resourceType == .source || n.resourceType == .snapshot
            else { continue }
            let entry = Catalog.entry(t, uniqueId: id)
            if n.resourceType == .source { sources[id] = entry } else { nodes[id] = entry }
        }
        var metadata: [String: JSONValue] = [
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v1.json", "dbt_version": .string(version),
            "invocation_id": .string(invocationId), "env": [:],
        ]
        metadata["generated_at"] = generatedAt.map { JSONValue.string($0) } ?? JSONValue.null
        return .object([
            "metadata": .object(metadata), "nodes": .object(nodes), "sources": .object(sources),
            "errors": errors.isEmpty ? .null : .array(errors.map { .string($0) }),
        ])
    }

    static func entry(_ t: CatalogTable, uniqueId: String) -> JSONValue {
        var columns: [String: JSONValue] = [:]
        for c in t.columns {
            columns[c.name] = .object([
                "type": .string(c.type), "index": .int(c.index), "name": .string(c.name),
                "comment": c.comment.map { .string($0) } ?? .null,
            ])
        }
        return .object([
            "metadata": .object([
                "type": .string(t.type), "schema": .string(t.schema), "name": .string(t.name),
                "database": .string(t.database), "comment": nil, "owner": nil,
            ]),
            "columns": .object(columns),
            // dbt always writes this placeholder when an adapter reports no statistics.
            "stats": [
                "has_stats": [
                    "id": "has_stats", "label": "Has Stats?", "value": false, "include": false,
                    "description": "Indicates whether there are statistics for this table",
                ]
            ],
            "unique_id": .string(uniqueId),
        ])
    }
}
