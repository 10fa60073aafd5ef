import SDBasics

/// One entry of a model's or a column's `constraints:` (dbt docs, resource property `constraints`:
/// https://docs.getdbt.com/reference/resource-properties/constraints; the fields are dbt-common's
/// `ColumnLevelConstraint` and `ModelLevelConstraint`, which manifest v12 records as written).
///
/// A constraint is applied only to a `table` or `incremental` model whose contract is enforced, and
/// only as far as the target enforces it (`TargetAdapter.constraintSupport`).
public struct Constraint: Sendable, Equatable {
    /// dbt's `ConstraintType`.
    public enum Kind: String, Sendable, CaseIterable {
        case check
        case notNull = "not_null"
        case unique
        case primaryKey = "primary_key"
        case foreignKey = "foreign_key"
        case custom
    }

    public var type: Kind
    public var name: String?
    public var expression: String?
    /// Model-level only: the columns the constraint covers.
    public var columns: [String]
    /// foreign_key: the referenced relation as written (`ref('customers')`), and its columns.
    public var to: String?
    public var toColumns: [String]
    public var warnUnenforced: Bool
    public var warnUnsupported: Bool
    /// Where `type:` is written, for every finding about this constraint.
    public var range: SourceRange

    public init(
        type: Kind, name: String? = nil, expression: String? = nil, columns: [String] = [], to: String? = nil,
        toColumns: [String] = [], warnUnenforced: Bool = true, warnUnsupported: Bool = true, range: SourceRange
    ) {
        self.type = type
        self.name = name
        self.expression = expression
        self.columns = columns
        self.to = to
        self.toColumns = toColumns
        self.warnUnenforced = warnUnenforced
        self.warnUnsupported = warnUnsupported
        self.range = range
    }

    /// The manifest v12 shape: every field dbt writes, `columns` only on a model-level constraint.
    public func manifestJSON(modelLevel: Bool) -> JSONValue {
        var o: [String: JSONValue] = [
            "type": .string(type.rawValue), "name": name.map { .string($0) } ?? .null,
            "expression": expression.map { .string($0) } ?? .null, "warn_unenforced": .bool(warnUnenforced),
            "warn_unsupported": .bool(warnUnsupported), "to": to.map { .string($0) } ?? .null,
            "to_columns": .array(toColumns.map { .string($0) }),
        ]
        if modelLevel { o["columns"] = .array(columns.map { .string($0) }) }
        return .object(o)
    }
}

/// How a target treats one constraint type, as dbt-adapters' `ConstraintSupport` names it: enforced
/// (the database refuses a violating row), not enforced (kept in the DDL as metadata only), not
/// supported (left out of the DDL).
public enum ConstraintSupport: String, Sendable {
    case enforced
    case notEnforced = "not_enforced"
    case notSupported = "not_supported"
}

extension PropertySet {
    static let constraintKeys: Set<String> = [
        "type", "name", "expression", "columns", "to", "to_columns", "warn_unenforced", "warn_unsupported",
    ]

    /// Reads a `constraints:` list. `modelColumns` are the names a model-level constraint's `columns`
    /// may use; nil for a column-level list, where `columns` is refused (dbt-common's
    /// `ColumnLevelConstraint` has no such field).
    func constraints(_ node: YAMLNode?, modelColumns: [String]?, _ diagnostics: inout DiagnosticBag) -> [Constraint] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else {
            diagnostics.error("'constraints' must be a list, found \(node.kindName)", at: node.range, hint: "for example: constraints: [{type: not_null}]")
            return []
        }
        var out: [Constraint] = []
        for item in items {
            if let c = constraint(item, modelColumns: modelColumns, &diagnostics) { out.append(c) }
        }
        return out
    }

    private func constraint(_ item: YAMLNode, modelColumns: [String]?, _ diagnostics: inout DiagnosticBag) -> Constraint? {
        guard let entries = item.entries else {
            diagnostics.error(
                "a constraint must be a mapping with a 'type'", at: item.range,
                hint: "for example: - type: not_null")
            return nil
        }
        var known = PropertySet.constraintKeys
        if modelColumns == nil { known.remove("columns") }
        var ok = true
        for (k, _) in entries {
            guard let key = k.string, !known.contains(key) else { continue }
            ok = false
            let hint = key == "columns" ? "a column's constraint applies to that column; declare multi-column ones under the model's 'constraints:'" : nil
            diagnostics.append(Diagnostic.error("unknown constraint key '\(key)'", at: k.range, hint: hint).suggesting(key, from: known))
        }
        let kinds = Constraint.Kind.allCases.map(\.rawValue)
        guard let typeNode = item["type"] else {
            diagnostics.error("constraint is missing 'type'", at: item.range, hint: "type is one of \(kinds.joined(separator: ", "))")
            return nil
        }
        guard let written = typeNode.string, let kind = Constraint.Kind(rawValue: written) else {
            diagnostics.append(
                Diagnostic.error(
                    "unknown constraint type '\(typeNode.string ?? typeNode.kindName)'", at: typeNode.range,
                    hint: "type is one of \(kinds.joined(separator: ", "))"
                ).suggesting(typeNode.string ?? "", from: kinds))
            return nil
        }
        func text(_ key: String) -> String? {
            guard let n = item[key], !n.isNull else { return nil }
            guard let s = n.string else {
                diagnostics.error("constraint '\(key)' must be a string, found \(n.kindName)", at: n.range)
                ok = false
                return nil
            }
            return s
        }
        func names(_ key: String) -> [String] {
            guard let n = item[key], !n.isNull else { return [] }
            if let s = n.string { return [s] }
            guard let list = n.items, list.allSatisfy({ $0.string != nil }) else {
                diagnostics.error("constraint '\(key)' must be a list of column names", at: n.range)
                ok = false
                return []
            }
            return list.compactMap(\.string)
        }
        func flag(_ key: String) -> Bool {
            guard let n = item[key], !n.isNull else { return true }
            guard case .bool(let b) = n.json else {
                diagnostics.error("constraint '\(key)' must be true or false", at: n.range)
                ok = false
                return true
            }
            return b
        }
        let c = Constraint(
            type: kind, name: text("name"), expression: text("expression"), columns: names("columns"), to: text("to"),
            toColumns: names("to_columns"), warnUnenforced: flag("warn_unenforced"), warnUnsupported: flag("warn_unsupported"),
            range: typeNode.range)
        if [.check, .custom].contains(kind), (c.expression ?? "").isEmpty {
            diagnostics.error(
                "a \(kind.rawValue) constraint needs an 'expression'", at: typeNode.range,
                hint: kind == .check ? "for example: expression: \"amount >= 0\"" : "write the constraint's SQL in 'expression'")
            ok = false
        }
        if kind == .foreignKey, c.to == nil, (c.expression ?? "").isEmpty {
            diagnostics.error(
                "a foreign_key constraint needs 'to' and 'to_columns', or an 'expression'", at: typeNode.range,
                hint: "for example: to: ref('customers'), to_columns: [id]")
            ok = false
        }
        if kind == .foreignKey, c.to != nil, c.toColumns.isEmpty {
            diagnostics.error("a foreign_key constraint with 'to' needs 'to_columns'", at: item["to"]?.range ?? typeNode.range)
            ok = false
        }
        if kind != .foreignKey, let to = item["to"] ?? item["to_columns"] {
            diagnostics.error("only a foreign_key constraint takes 'to' and 'to_columns'", at: to.range)
            ok = false
        }
        if let modelColumns {
            ok = checkModelColumns(c, item, modelColumns, &diagnostics) && ok
        }
        return ok ? c : nil
    }

    /// A model-level constraint names its columns, and each must be one the model declares (dbt-core
    /// refuses one naming no column, except `check` and `custom`, whose expression says it all).
    private func checkModelColumns(_ c: Constraint, _ item: YAMLNode, _ declared: [String], _ diagnostics: inout DiagnosticBag) -> Bool {
        if c.type == .notNull {
            diagnostics.error(
                "a not_null constraint belongs on its column", at: c.range,
                hint: "move it under the column: columns: [{name: x, constraints: [{type: not_null}]}]")
            return false
        }
        if c.columns.isEmpty, ![.check, .custom].contains(c.type) {
            diagnostics.error("a model-level \(c.type.rawValue) constraint needs 'columns'", at: c.range, hint: "for example: columns: [id]")
            return false
        }
        var ok = true
        let lowered = Set(declared.map { $0.lowercased() })
        let listed = item["columns"]?.items ?? (item["columns"].map { [$0] } ?? [])
        for (name, node) in zip(c.columns, listed) where !lowered.contains(name.lowercased()) {
            diagnostics.append(
                Diagnostic.error(
                    "constraint column '\(name)' is not a column of the model", at: node.range,
                    hint: "declare it under the model's 'columns:'"
                ).suggesting(name, from: declared))
            ok = false
        }
        return ok
    }
}

extension PropertySet {
    /// Only models are built with constraints; on a seed, snapshot, analysis or source they would be
    /// kept and never applied, so each is refused where it is written.
    func refuseConstraints(_ item: YAMLNode?, _ columns: [ColumnProperties], kind: String, _ diagnostics: inout DiagnosticBag) {
        let hint = "constraints apply to table and incremental models; test a \(kind) with data tests (not_null, unique, relationships)"
        if let node = item?["constraints"], !node.isNull {
            diagnostics.error("only models take constraints, not a \(kind)", at: node.range, hint: hint)
        }
        for c in columns {
            for constraint in c.constraints {
                diagnostics.error("only models take constraints, not a \(kind)", at: constraint.range, hint: hint)
            }
        }
    }
}

extension TargetAdapter {
    /// A target that declares nothing applies no constraint, and says so for each.
    public var constraintSupport: [Constraint.Kind: ConstraintSupport] { [:] }

    /// How this target treats `kind`. dbt-adapters' `process_parsed_constraint` renders `custom` into
    /// the DDL without a support check; a target whose DDL has no place for it (Athena's CTAS) says
    /// so here instead of dropping it silently.
    public func support(for kind: Constraint.Kind) -> ConstraintSupport {
        constraintSupport[kind] ?? .notSupported
    }
}

extension Constraint {
    /// Python's `repr` of dbt-common's constraint dataclass, which dbt-core's `build_contract_checksum`
    /// hashes (`ColumnLevelConstraint(type=<ConstraintType.not_null: 'not_null'>, name=None, …)`), so
    /// a changed constraint changes the contract's checksum as it does in dbt.
    public func pythonRepr(modelLevel: Bool) -> String {
        func str(_ s: String?) -> String { s.map(Constraint.pythonString) ?? "None" }
        func list(_ l: [String]) -> String { "[" + l.map(Constraint.pythonString).joined(separator: ", ") + "]" }
        var fields = [
            "type=<ConstraintType.\(type.rawValue): '\(type.rawValue)'>", "name=\(str(name))", "expression=\(str(expression))",
            "warn_unenforced=\(warnUnenforced ? "True" : "False")", "warn_unsupported=\(warnUnsupported ? "True" : "False")",
            "to=\(str(to))", "to_columns=\(list(toColumns))",
        ]
        if modelLevel { fields.append("columns=\(list(columns))") }
        return (modelLevel ? "ModelLevelConstraint(" : "ColumnLevelConstraint(") + fields.joined(separator: ", ") + ")"
    }

    /// Python's `repr` of a str: single quotes unless the text has a single quote and no double one.
    static func pythonString(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case quote: out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out + String(quote)
    }
}
