import SDCompiler
import SDProject

/// The DDL that applies a model's constraints: the table is created with its declared columns, types
/// and constraints, then filled from the model's query, so the database refuses a violating row and
/// the whole build fails (dbt-adapters' `get_table_columns_and_constraints` and
/// `get_select_subquery`, rendered as `render_column_constraint`/`render_model_constraint` do).
///
/// Only a `table` or `incremental` model with an enforced contract gets it (docs.getdbt.com,
/// resource property `constraints`); a type the target does not support is left out, one it does
/// not enforce is written anyway, as dbt does (ConstraintFindings told the user at compile time).
public enum ConstraintDDL {
    /// Whether `node` is built with column definitions and constraints.
    public static func applies(to node: CompiledNode) -> Bool {
        guard node.resourceType == .model, let materialization = node.config.materialization,
            [.table, .incremental].contains(materialization), ConstraintFindings.contractEnforced(node.config)
        else { return false }
        return !ConstraintFindings.all(model: node.constraints, columns: node.columns).isEmpty
    }

    /// `create table <table> (<columns and constraints>)`, then the insert of the model's rows in the
    /// declared column order.
    public static func statements(
        _ node: CompiledNode, into table: String, support: (Constraint.Kind) -> ConstraintSupport, quote: (String) -> String
    ) -> [String] {
        let kept = Set(Constraint.Kind.allCases.filter { support($0) != .notSupported })
        var lines = node.columns.map { column in
            ([quote(column.name), column.dataType ?? ""] + column.constraints.filter { kept.contains($0.type) }.compactMap(columnConstraint))
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
        lines += node.constraints.filter { kept.contains($0.type) }.compactMap { modelConstraint($0, quote: quote) }
        let names = node.columns.map { quote($0.name) }.joined(separator: ", ")
        return [
            "create table \(table) (\n    \(lines.joined(separator: ",\n    "))\n)",
            "insert into \(table) (\(names))\nselect \(names) from (\n\(node.compiledCode.trimmedForDDL)\n) as model_subq",
        ]
    }

    /// A column's constraint as a column-definition clause.
    static func columnConstraint(_ c: Constraint) -> String? {
        let expression = c.expression ?? ""
        switch c.type {
        case .check: return "check (\(expression))"
        case .notNull: return "not null"
        case .unique: return "unique"
        case .primaryKey: return "primary key"
        case .foreignKey:
            if let to = c.to { return "references \(to) (\(c.toColumns.joined(separator: ", ")))" }
            return "references \(expression)"
        case .custom: return expression
        }
    }

    /// A model-level constraint as a table constraint, with its `name` when it has one.
    static func modelConstraint(_ c: Constraint, quote: (String) -> String) -> String? {
        let prefix = c.name.map { "constraint \(quote($0)) " } ?? ""
        let columns = "(" + c.columns.map(quote).joined(separator: ", ") + ")"
        switch c.type {
        case .check: return prefix + "check (\(c.expression ?? ""))"
        case .unique: return prefix + "unique \(columns)"
        case .primaryKey: return prefix + "primary key \(columns)"
        case .foreignKey:
            if let to = c.to { return prefix + "foreign key \(columns) references \(to) (\(c.toColumns.map(quote).joined(separator: ", ")))" }
            return prefix + "foreign key \(columns) references \(c.expression ?? "")"
        case .custom: return prefix + (c.expression ?? "")
        case .notNull: return nil  // refused at parse: a not_null constraint belongs on its column
        }
    }
}

extension String {
    /// The query without surrounding whitespace or trailing semicolons, to nest it in a subquery.
    fileprivate var trimmedForDDL: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace || last == ";" { s = s.dropLast() }
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        return String(s)
    }
}
