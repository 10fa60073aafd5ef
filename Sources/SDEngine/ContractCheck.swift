import SDBasics
import SDCompiler
import SDProject

/// One column of a query's result as the target types it.
public struct QueryColumn: Sendable, Equatable {
    public var name: String
    public var type: String
    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

/// Model contracts (`contract: {enforced: true}`), checked before the build so a model whose SQL no
/// longer matches its declared columns fails without touching the table it would replace.
///
/// dbt-adapters' `assert_columns_equivalent` compares the query's columns (obtained without running
/// it) with the YAML's `name`/`data_type`, and prints a table of the differences. Here both sides are
/// typed by the target itself: the declared types are canonicalised by asking the engine for the
/// columns of `select cast(null as <data_type>) as "<name>", …`, so `int` and `integer` (DuckDB) or
/// `varchar` and `varchar` (Athena) compare as the database sees them, which is what dbt's
/// `alias_types: true` aims at.
public enum ContractCheck {
    /// One row of dbt's mismatch table.
    public struct Mismatch: Sendable, Equatable {
        public var column: String
        public var definitionType: String
        public var contractType: String
        public var reason: String
    }

    /// Whether the node's config enforces a contract.
    public static func enforced(_ node: CompiledNode) -> Bool {
        guard case .object(let o)? = node.config.values["contract"] else { return false }
        switch o["enforced"] {
        case .bool(let b)?: return b
        case .string(let s)?: return ["true", "yes"].contains(s.lowercased())
        default: return false
        }
    }

    /// Checks an enforced contract on `engine` before `node` is built; throws an engine error with
    /// dbt's text when the query's columns differ from the declared ones, so the node fails and its
    /// relation stays as it was.
    public static func enforce(_ node: CompiledNode, on engine: any Engine) async throws {
        guard node.resourceType == .model, enforced(node) else { return }
        let undeclared = node.columns.filter { ($0.dataType ?? "").isEmpty }.map(\.name)
        guard !node.columns.isEmpty, undeclared.isEmpty else {
            throw EngineError(
                .database,
                "Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type "
                    + "are defined within the YAML configuration for the \(undeclared.isEmpty ? "model's" : "\(undeclared)") column(s).")
        }
        let actual = try await engine.columnTypes(of: node.compiledCode)
        let probe = node.columns.map { "cast(null as \($0.dataType ?? "")) as \(quoted($0.name))" }.joined(separator: ", ")
        let declaredTypes: [QueryColumn]
        do {
            declaredTypes = try await engine.columnTypes(of: "select " + probe)
        } catch let e as EngineError {
            throw EngineError(.database, "a data_type in the contract is not a type of this target: \(e.message)")
        }
        let declared = zip(node.columns, declaredTypes).map { QueryColumn(name: $0.0.name, type: $0.1.type) }
        let mismatches = diff(declared: declared, actual: actual)
        if !mismatches.isEmpty { throw EngineError(.database, message(mismatches)) }
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// dbt's comparison: a declared column the query lacks is "missing in definition", a query column
    /// the contract lacks "missing in contract", a type that differs "data type mismatch". Names
    /// compare case-insensitively (both targets fold unquoted names), types after the engine typed them.
    public static func diff(declared: [QueryColumn], actual: [QueryColumn]) -> [Mismatch] {
        var out: [Mismatch] = []
        let actualByName = Dictionary(actual.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let declaredNames = Set(declared.map { $0.name.lowercased() })
        for d in declared {
            guard let a = actualByName[d.name.lowercased()] else {
                out.append(Mismatch(column: d.name, definitionType: "", contractType: d.type, reason: "missing in definition"))
                continue
            }
            if a.type.lowercased() != d.type.lowercased() {
                out.append(Mismatch(column: d.name, definitionType: a.type, contractType: d.type, reason: "data type mismatch"))
            }
        }
        for a in actual where !declaredNames.contains(a.name.lowercased()) {
            out.append(Mismatch(column: a.name, definitionType: a.type, contractType: "", reason: "missing in contract"))
        }
        return out
    }

    /// dbt's error text with its Markdown table of mismatches, columns padded to their widest cell.
    public static func message(_ mismatches: [Mismatch]) -> String {
        let header = ["column_name", "definition_type", "contract_type", "mismatch_reason"]
        let rows = mismatches.map { [$0.column, $0.definitionType, $0.contractType, $0.reason] }
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        let rule = "| " + widths.map { String(repeating: "-", count: $0) }.joined(separator: " | ") + " |"
        return """
            This model has an enforced contract that failed.
            Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.

            \(([line(header), rule] + rows.map(line)).joined(separator: "\n"))
            """
    }
}

extension Engine {
    /// Engines that cannot type a query without running it do not support contracts.
    public func columnTypes(of sql: String) async throws -> [QueryColumn] {
        throw EngineError(.internalError, "this target cannot check model contracts")
    }
}
