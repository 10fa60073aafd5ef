import Foundation
import SDBasics
import SDCompiler
import SDProject

extension Engine {
    /// Engines whose catalog is `information_schema` (DuckDB) read a relation's columns there; the
    /// type names it reports (`INTEGER`, `DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE`) are what CAST takes.
    public func columns(of relation: Relation) async throws -> [(name: String, type: String)] {
        let sql = """
            select column_name, data_type from information_schema.columns
            where table_catalog = \(SeedLiteral.quoted(relation.database)) and table_schema = \(SeedLiteral.quoted(relation.schema))
              and table_name = \(SeedLiteral.quoted(relation.identifier))
            order by ordinal_position
            """
        return try await query(sql, limit: nil).rows.compactMap { row in
            guard row.count == 2, let name = row[0].stringValue, let type = row[1].stringValue else { return nil }
            return (name, type)
        }
    }
}

/// Runs one dbt unit test the way dbt-core does (dbt-adapters' `unit` materialization): each given
/// input becomes a CTE of its rows cast to the parent's real column types (a column not given is a
/// typed null), the model's SQL runs over those CTEs, and the rows of the columns named in `expect`
/// are compared with the expected rows regardless of order. A difference fails the test with a
/// table of the rows only one side has.
public enum UnitTestRun {
    /// The verdict of one run: the failing rows (0 when the test passes) and the diff to print.
    public struct Outcome: Sendable {
        public var differences: Int
        public var diff: QueryResult?
        public var message: String
    }

    /// Queries the parents' columns, runs the test's query and compares; bad input (a column the
    /// parent or the model does not have, a missing parent relation) throws positioned diagnostics.
    public static func run(_ node: CompiledNode, engine: any Engine, log: StatementLog) async throws -> Outcome {
        guard let plan = node.unitTest else { throw DiagnosticError(.error("unit test \(node.name) was not compiled", path: node.originalFilePath)) }
        var ctes: [(String, String)] = []
        for input in plan.inputs {
            ctes.append((input.cte, try await inputSQL(input, engine: engine, model: plan.spec.model)))
        }
        let sql = query(ctes: ctes, model: plan.modelSQL)
        log.record(sql)
        let actual = try await engine.query(sql, limit: nil)
        let expected: (columns: [String], rows: [[JSONValue]], ranges: [String: SourceRange])
        if plan.spec.expect.format == .sql, let text = plan.spec.expect.sql {
            let e = try await engine.query(text, limit: nil)
            expected = (e.columns, e.rows, [:])
        } else {
            expected = expectedRows(plan.spec.expect)
        }
        // Only the columns named in `expect` are compared, as in dbt.
        var positions: [Int] = []
        for column in expected.columns {
            guard let i = actual.columns.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
                throw DiagnosticError(
                    Diagnostic.error(
                        "column '\(column)' is not in the output of model '\(plan.spec.model)'",
                        at: expected.ranges[column.lowercased()] ?? plan.spec.expect.range,
                        hint: "the model returns \(actual.columns.joined(separator: ", "))"
                    ).suggesting(column, from: actual.columns))
            }
            positions.append(i)
        }
        let actualRows = actual.rows.map { row in positions.map { $0 < row.count ? row[$0] : .null } }
        return compare(columns: expected.columns, expected: expected.rows, actual: actualRows)
    }

    /// `with <inputs> select * from (<model>) as dbt_unit_test_actual`: the model's SQL stays
    /// whole (its own `with` included) inside a subquery that sees the input CTEs.
    /// (UnitTestPlan.query, shared with `compile`.)
    public static func query(ctes: [(String, String)], model: String) -> String {
        UnitTestPlan.query(ctes: ctes, model: model)
    }

    /// An input's rows as SQL: `sql` fixtures as written; dict and csv rows cast to the parent's
    /// column types, every column of the parent present (null when not given), as dbt builds them.
    static func inputSQL(_ input: UnitTestPlan.Input, engine: any Engine, model: String) async throws -> String {
        if input.rows.format == .sql {
            var text = (input.rows.sql ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            while text.hasSuffix(";") { text = String(text.dropLast()) }
            return text
        }
        guard let relation = input.relation else {
            throw DiagnosticError(.error("\(input.input) can only be given as format: sql", at: input.rows.range))
        }
        let columns = try await engine.columns(of: relation)
        guard !columns.isEmpty else {
            throw DiagnosticError(
                .error(
                    "\(input.input) has no relation \(relation) in the database to take its column types from",
                    at: input.rows.range,
                    hint: "build the model's parents first (swiftdbt build runs unit tests after them), or give the input as format: sql"))
        }
        let byName = Dictionary(columns.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for row in input.rows.rows {
            for v in row.values where byName[v.column.lowercased()] == nil {
                throw DiagnosticError(
                    Diagnostic.error(
                        "column '\(v.column)' is not a column of \(input.input)", at: v.range,
                        hint: "\(relation) has \(columns.map(\.name).joined(separator: ", "))"
                    ).suggesting(v.column, from: columns.map(\.name)))
            }
        }
        func select(_ row: UnitTestRow?) -> String {
            "select "
                + columns.map { c in
                    "cast(\(literal(row?.value(c.name) ?? .null)) as \(c.type)) as \(Relation.quote(c.name))"
                }.joined(separator: ", ")
        }
        if input.rows.rows.isEmpty { return select(nil) + " where 1 = 0" }
        return input.rows.rows.map { select($0) }.joined(separator: "\nunion all\n")
    }

    static func literal(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .string(let s): SeedLiteral.quoted(s)
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        case .array, .object: SeedLiteral.quoted(v.serialized(indent: 0))
        }
    }

    /// Expected columns (in the order first written) and rows; a column a row leaves out is null.
    static func expectedRows(_ rows: UnitTestRows) -> (columns: [String], rows: [[JSONValue]], ranges: [String: SourceRange]) {
        var columns: [String] = []
        var ranges: [String: SourceRange] = [:]
        for row in rows.rows {
            for v in row.values where ranges[v.column.lowercased()] == nil {
                columns.append(v.column)
                ranges[v.column.lowercased()] = v.range
            }
        }
        return (columns, rows.rows.map { row in columns.map { row.value($0) ?? .null } }, ranges)
    }

    /// Order-insensitive comparison of two bags of rows. `---` rows are expected and missing,
    /// `+++` rows are returned and not expected (the markers of dbt's diff, from daff).
    public static func compare(columns: [String], expected: [[JSONValue]], actual: [[JSONValue]]) -> Outcome {
        var pending: [[String?]: Int] = [:]
        for row in actual { pending[row.map(canonical), default: 0] += 1 }
        var missing: [[JSONValue]] = []
        for row in expected {
            let key = row.map(canonical)
            if let n = pending[key], n > 0 {
                pending[key] = n - 1
            } else {
                missing.append(row)
            }
        }
        // What remains in `pending` are actual rows no expected row matched, kept in the order returned.
        var extra: [[JSONValue]] = []
        for row in actual {
            let key = row.map(canonical)
            if let n = pending[key], n > 0 {
                pending[key] = n - 1
                extra.append(row)
            }
        }
        let differences = missing.count + extra.count
        guard differences > 0 else { return Outcome(differences: 0, diff: nil, message: "PASS") }
        let rows = missing.map { [JSONValue.string("---")] + $0 } + extra.map { [JSONValue.string("+++")] + $0 }
        return Outcome(
            differences: differences, diff: QueryResult(columns: ["@@"] + columns, rows: rows),
            message: "actual differs from expected (--- expected, not returned; +++ returned, not expected):")
    }

    /// A value as compared: numbers by value (`1`, `1.0` and `'1'` are equal, as dbt compares after
    /// casting the expected rows to the model's types), booleans by truth, timestamps with `T` or a
    /// space, with or without zero fractions, and a midnight timestamp equal to its date.
    static func canonical(_ v: JSONValue) -> String? {
        switch v {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return number(d)
        case .array, .object: return v.serialized(indent: 0)
        case .string(let raw):
            let s = raw.trimmingCharacters(in: .whitespaces)
            let lower = s.lowercased()
            if lower == "true" || lower == "false" { return lower }
            if let d = Double(s), s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) ?? false { return number(d) }
            return timestamp(s)
        }
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    static func timestamp(_ s: String) -> String {
        let chars = Array(s)
        guard chars.count >= 10, chars[4] == "-", chars[7] == "-", chars[0...3].allSatisfy(\.isNumber) else { return s }
        var t = s
        if chars.count > 10, chars[10] == "T" { t = String(chars[0..<10]) + " " + String(chars[11...]) }
        if let dot = t.firstIndex(of: "."), t[t.index(after: dot)...].allSatisfy({ $0 == "0" }) { t = String(t[..<dot]) }
        if t.hasSuffix(" 00:00:00") { t = String(t.dropLast(9)) }
        return t
    }
}
