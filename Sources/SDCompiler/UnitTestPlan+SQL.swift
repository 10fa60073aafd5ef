import Foundation
import SDBasics
import SDProject

extension UnitTestPlan {
    /// `with <inputs> select * from (<model>) as dbt_unit_test_actual`: the model's SQL stays whole
    /// (its own `with` included) inside a subquery that sees the input CTEs. The run
    /// (SDEngine/UnitTestRun.swift) and `compile` both build the test's query with it.
    public static func query(ctes: [(String, String)], model: String) -> String {
        var body = model.trimmingCharacters(in: .whitespacesAndNewlines)
        while body.hasSuffix(";") { body = String(body.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        let select = "select * from (\n\(body)\n) as dbt_unit_test_actual"
        guard !ctes.isEmpty else { return select }
        return "with " + ctes.map { "\($0.0) as (\n\($0.1)\n)" }.joined(separator: ",\n") + "\n" + select
    }

    /// The test's query as `swiftdbt compile` writes it to target/compiled (dbt writes a unit test's
    /// SQL there too): each given input as a CTE of its rows, then the model over them. Compiling
    /// reads no database, so dict and csv rows are plain literals here, and an input without rows
    /// reads its parent with `where 1 = 0`; when the test runs, every row is cast to the parent's
    /// column types and every column of the parent is present (UnitTestRun.inputSQL), as dbt does.
    public var compiledSQL: String {
        let header = """
            -- unit test '\(spec.name)' of model '\(spec.model)'\(version.map { " v\($0)" } ?? ""): its given rows, then the model's SQL over them.
            -- When it runs, each input's rows are cast to the parent relation's column types.

            """
        let ctes = inputs.map { input -> (String, String) in
            if input.rows.format == .sql {
                var text = (input.rows.sql ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                while text.hasSuffix(";") { text = String(text.dropLast()) }
                return (input.cte, text)
            }
            return (input.cte, UnitTestPlan.literalRows(input.rows.rows, parent: input.relation))
        }
        return header + UnitTestPlan.query(ctes: ctes, model: modelSQL)
    }

    /// Rows as `select <literal> as "col", …` joined by `union all`, every row with every column
    /// any row names (null where a row leaves it out).
    static func literalRows(_ rows: [UnitTestRow], parent: Relation?) -> String {
        var columns: [String] = []
        for row in rows {
            for v in row.values where !columns.contains(where: { $0.lowercased() == v.column.lowercased() }) { columns.append(v.column) }
        }
        guard !rows.isEmpty, !columns.isEmpty else {
            return parent.map { "select * from \($0.quoted) where 1 = 0" } ?? "select null as \"no_rows\" where 1 = 0"
        }
        return rows.map { row in
            "select " + columns.map { "\(literal(row.value($0) ?? .null)) as \(Relation.quote($0))" }.joined(separator: ", ")
        }.joined(separator: "\nunion all\n")
    }

    /// A YAML value as a SQL literal; strings with quotes doubled.
    static func literal(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .string(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        case .array, .object: "'" + v.serialized(indent: 0).replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
