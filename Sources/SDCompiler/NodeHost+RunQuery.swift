import Foundation
import SDBasics
import SDTemplate

/// dbt's run-time query globals (docs.getdbt.com: "execute", "run_query", "statement blocks"):
///
/// - `execute` is false while parsing (the capture render, `ls`) and true when rendering for real;
/// - `run_query(sql)` runs `sql` on the target and returns a table (`QueryTableObject`); while
///   parsing it runs nothing and returns none, as dbt does, so guard its use with `<< if execute >>`;
/// - `statement(name, fetch_result=false, sql=...)` runs `sql` and, when `fetch_result`, keeps the
///   rows for `load_result(name)`, which returns `{response, data, table}` or none.
///
/// A real render without a connection refuses `run_query` and `statement` at the call,
/// since returning nothing would silently compile different SQL than a run does.
extension NodeHost {
    static let runtimeNames = ["execute", "run_query", "statement", "load_result"]

    /// Whether this render is for execution (dbt's `execute`).
    var executes: Bool { resolver != nil }

    func runtimeGlobal(named name: String) -> Value? {
        switch name {
        case "execute": return .bool(executes)
        case "run_query":
            return .function("run_query") { [unowned self] args in
                let b = try args.bind(["sql"], required: 1)
                let sql = try b.string("sql")
                guard executes else { return Value.none }
                return .object(QueryTableObject(try self.run(sql, call: args.range)))
            }
        // While parsing, `statement` runs nothing (dbt's parse); for real it is RuntimeMacros' macro,
        // which hands its SQL (the `sql=` argument or the call block's body) to `__swiftdbt_statement`.
        case "statement" where !executes:
            return .function("statement") { _ in .string("") }
        case "__swiftdbt_statement":
            return .function("statement") { [unowned self] args in try self.statement(args) }
        case "load_result":
            return .function("load_result") { [unowned self] args in
                let b = try args.bind(["name"], required: 1)
                return self.statementResults[try b.string("name")] ?? Value.none
            }
        default: return nil
        }
    }

    private func statement(_ args: CallArguments) throws -> Value {
        let b = try args.bind(["name", "fetch_result", "language", "sql"], required: 0)
        let name = try b.optionalString("name")
        let fetch = b.value("fetch_result")?.isTruthy ?? false
        if let language = try b.optionalString("language"), language != "sql" {
            throw DiagnosticError(.error("statement() runs SQL only, not '\(language)'", at: b["language"]?.range ?? args.range))
        }
        guard let sql = b.value("sql")?.renderedText, !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DiagnosticError(
                .error(
                    "statement() has no SQL to run", at: args.range,
                    hint: "write << call statement('name', fetch_result=true) >> select … << endcall >>, or pass sql='select …'"))
        }
        guard executes else { return .string("") }
        let result = try run(sql, call: args.range)
        if let name {
            let table = QueryTableObject(fetch ? result : LiveQueryResult(columns: [], rows: [], message: result.message))
            statementResults[name] = .dict([
                ("response", .dict([("_message", .string(result.message)), ("code", .string(result.message))])),
                ("data", table.attribute("rows") ?? .list([])),
                ("table", .object(table)),
            ])
        }
        return .string("")
    }

    /// Runs `sql` on the connection; a missing connection or a database error is an error at `call`.
    func run(_ sql: String, call: SourceRange) throws -> LiveQueryResult {
        guard let connection = shared.connection else {
            throw DiagnosticError(
                .error(
                    "this command has no connection to the target, so the query cannot run here", at: call,
                    hint: "run_query and statement run in the commands that connect: run, build, seed, test, compile and run-operation"))
        }
        do {
            return try connection.runQuery(sql)
        } catch let e as QueryConnectionError {
            throw DiagnosticError(.error("the query failed on the target: \(e.message)", at: call))
        }
    }
}
