import SDBasics

/// One row of a unit test's `given` or `expect`: each column as written, with where it is written
/// so that a column the relation does not have is reported at that key.
public struct UnitTestRow: Sendable {
    public var values: [(column: String, value: JSONValue, range: SourceRange)]

    public init(values: [(column: String, value: JSONValue, range: SourceRange)]) { self.values = values }

    public func value(_ column: String) -> JSONValue? {
        values.first { $0.column.lowercased() == column.lowercased() }?.value
    }
}

/// The rows of an input or of the expectation, in one of dbt's three formats
/// (docs.getdbt.com/reference/resource-properties/data-formats): `dict` (a list of mappings),
/// `csv` (a string with a header line) and `sql` (a query that yields the rows; the only way to
/// feed an ephemeral parent). Either inline (`rows:`) or in a file under tests/fixtures/ (`fixture:`).
public struct UnitTestRows: Sendable {
    public enum Format: String, Sendable, CaseIterable { case dict, csv, sql }
    public var format: Format
    /// dict and csv rows (csv values are strings; an empty field is null). Empty for sql.
    public var rows: [UnitTestRow] = []
    /// The query of a `sql` fixture.
    public var sql: String?
    /// `rows:` as written, for the manifest (a list of mappings, or the csv/sql text).
    public var written: JSONValue = .null
    /// `fixture:` as written: a file name without extension under tests/fixtures/.
    public var fixture: String?
    public var fixtureRange: SourceRange?
    /// Where the block is declared (the `input:` value, or the `expect` key).
    public var range: SourceRange

    public init(format: Format, range: SourceRange) {
        self.format = format
        self.range = range
    }
}

/// One `given:` entry: the parent it stands in for (`ref('x')`, `source('s', 't')` or `this`) and its rows.
public struct UnitTestInput: Sendable {
    public var input: String
    public var rows: UnitTestRows
}

/// `versions:` of a unit test on a versioned model (docs.getdbt.com, "Unit testing versioned SQL
/// models"): run on the versions `include` names, or on all but those `exclude` names. Without it
/// the test runs on every version, dbt's default. Versions are kept as written (`2`, `'1.5'`).
public struct UnitTestVersions: Sendable {
    public var include: [(version: String, range: SourceRange)]?
    public var exclude: [(version: String, range: SourceRange)]?
    /// The `versions` key, for findings about the whole block.
    public var range: SourceRange
    /// As written, for the manifest.
    public var written: JSONValue
}

/// A unit test as written under `unit_tests:` in property YAML (dbt 1.8+,
/// docs.getdbt.com/reference/resource-properties/unit-tests): the model, its inputs' rows, the rows
/// the model must return, and overrides of macros (`is_incremental`), vars and env vars.
public struct UnitTestSpec: Sendable {
    public var name: String
    public var model: String
    public var modelRange: SourceRange
    public var description: String
    public var given: [UnitTestInput]
    public var expect: UnitTestRows
    public var macroOverrides: [String: JSONValue]
    public var varOverrides: [String: JSONValue]
    public var envOverrides: [String: String]
    /// `overrides:` as written, for the manifest.
    public var overrides: JSONValue
    /// `config:` (tags, meta, enabled).
    public var config: [String: JSONValue]
    public var file: SourceFile
    /// Where the name is written.
    public var range: SourceRange
    /// `versions:`; nil runs the test on every version of a versioned model.
    public var versions: UnitTestVersions? = nil
}

extension PropertySet {
    static let unitTestKeys: Set<String> = ["name", "model", "description", "given", "expect", "overrides", "config", "versions"]
    static let unitTestConfigKeys: Set<String> = ["tags", "meta", "enabled"]
    static let fixtureKeys: Set<String> = ["input", "rows", "format", "fixture"]

    /// Reads `unit_tests:` entries. Everything dbt documents is read or refused; nothing is dropped.
    mutating func readUnitTests(_ node: YAMLNode, file: SourceFile, diagnostics: inout DiagnosticBag) {
        if node.isNull { return }
        guard let items = node.items else {
            diagnostics.error("'unit_tests' must be a list, found \(node.kindName)", at: node.range)
            return
        }
        for item in items {
            guard item.entries != nil, let nameNode = item["name"], let name = nameNode.string else {
                diagnostics.error("unit test entry is missing 'name'", at: item.range)
                continue
            }
            checkKeys(item, PropertySet.unitTestKeys, "unit test '\(name)'", &diagnostics)
            let versions = item["versions"].flatMap { readVersions($0, key: item.entries?.first { $0.key.string == "versions" }?.key.range, &diagnostics) }
            guard let modelNode = item["model"], let model = modelNode.string else {
                diagnostics.error("unit test '\(name)' is missing 'model'", at: nameNode.range, hint: "name the model it tests: model: my_model")
                continue
            }
            let modelName = model.split(separator: ".").last.map(String.init) ?? model
            if let dup = unitTests.first(where: { $0.name == name && $0.model == modelName }) {
                diagnostics.append(
                    .error(
                        "unit test '\(name)' of model '\(modelName)' is declared twice", at: nameNode.range,
                        notes: [.note("first declared here", at: dup.range)]))
                continue
            }
            var given: [UnitTestInput] = []
            if let g = item["given"], !g.isNull {
                if let list = g.items {
                    for entry in list {
                        guard entry.entries != nil else {
                            diagnostics.error("each 'given' entry must be a mapping with 'input' and 'rows'", at: entry.range)
                            continue
                        }
                        checkKeys(entry, PropertySet.fixtureKeys, "a unit test input", &diagnostics)
                        guard let inputNode = entry["input"], let input = inputNode.string else {
                            diagnostics.error("'given' entry is missing 'input'", at: entry.range, hint: "input: ref('parent') or source('src', 'table')")
                            continue
                        }
                        if let rows = fixtureRows(entry, at: inputNode.range, &diagnostics) {
                            given.append(UnitTestInput(input: input, rows: rows))
                        }
                    }
                } else {
                    diagnostics.error("'given' must be a list, found \(g.kindName)", at: g.range)
                }
            }
            guard let expectNode = item["expect"], expectNode.entries != nil else {
                diagnostics.error(
                    "unit test '\(name)' is missing 'expect'", at: item["expect"]?.range ?? nameNode.range,
                    hint: "expect: {rows: [{column: value}]}")
                continue
            }
            for (k, _) in expectNode.entries ?? [] where k.string == "input" {
                diagnostics.error("'expect' takes no 'input'", at: k.range)
            }
            checkKeys(expectNode, ["rows", "format", "fixture"], "'expect'", &diagnostics)
            guard let expect = fixtureRows(expectNode, at: item.entries?.first { $0.key.string == "expect" }?.key.range ?? expectNode.range, &diagnostics)
            else { continue }
            let overridesNode = item["overrides"]
            var macros: [String: JSONValue] = [:]
            var vars: [String: JSONValue] = [:]
            var env: [String: String] = [:]
            if let o = overridesNode, !o.isNull {
                checkKeys(o, ["macros", "vars", "env_vars"], "'overrides'", &diagnostics)
                macros = mapping(o["macros"], "macros", &diagnostics)
                // A package's macro (`dbt_utils.current_timestamp`) would be looked up by its bare name
                // in this project; refused rather than silently not overridden.
                for (k, _) in o["macros"]?.entries ?? [] where k.string?.contains(".") == true {
                    diagnostics.error(
                        "overriding a package's macro ('\(k.string ?? "")') is not supported yet", at: k.range,
                        hint: "override a macro of the project by its name, or is_incremental")
                    macros[k.string ?? ""] = nil
                }
                vars = mapping(o["vars"], "vars", &diagnostics)
                for (k, v) in mapping(o["env_vars"], "env_vars", &diagnostics) {
                    env[k] = v.stringValue ?? v.serialized(indent: 0)
                }
            }
            let config = mapping(item["config"], "config", &diagnostics)
            for (k, _) in item["config"]?.entries ?? [] {
                guard let key = k.string, !PropertySet.unitTestConfigKeys.contains(key) else { continue }
                diagnostics.append(
                    Diagnostic.error(
                        "unit test config '\(key)' is not supported", at: k.range,
                        hint: "a unit test's config takes \(PropertySet.unitTestConfigKeys.sorted().joined(separator: ", "))"
                    ).suggesting(key, from: PropertySet.unitTestConfigKeys))
            }
            unitTests.append(
                UnitTestSpec(
                    name: name, model: modelName, modelRange: modelNode.range, description: item["description"]?.string ?? "",
                    given: given, expect: expect, macroOverrides: macros, varOverrides: vars, envOverrides: env,
                    overrides: overridesNode.map(\.json) ?? .null, config: config, file: file, range: nameNode.range,
                    versions: versions))
        }
    }

    /// `versions: {include: [1, 2]}` or `{exclude: [1]}`. Both at once would leave one silently
    /// unused (dbt-core applies `exclude` and drops `include`), so that is an error here.
    private func readVersions(_ node: YAMLNode, key: SourceRange?, _ diagnostics: inout DiagnosticBag) -> UnitTestVersions? {
        if node.isNull { return nil }
        guard node.entries != nil else {
            diagnostics.error(
                "'versions' must be a mapping with 'include' or 'exclude', found \(node.kindName)", at: node.range,
                hint: "versions: {include: [2]} or versions: {exclude: [1]}")
            return nil
        }
        checkKeys(node, ["include", "exclude"], "'versions'", &diagnostics)
        func list(_ name: String) -> [(version: String, range: SourceRange)]? {
            guard let n = node[name], !n.isNull else { return nil }
            var out: [(version: String, range: SourceRange)] = []
            for item in n.items ?? [n] {
                switch item.json {
                case .int(let i): out.append((String(i), item.range))
                case .double(let d): out.append((d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d), item.range))
                case .string(let str): out.append((str, item.range))
                default: diagnostics.error("a version must be a number or a string, found \(item.kindName)", at: item.range)
                }
            }
            return out
        }
        let include = list("include")
        let exclude = list("exclude")
        if include != nil, exclude != nil, let e = node["exclude"] {
            diagnostics.error(
                "give 'include' or 'exclude' under 'versions', not both", at: e.range,
                hint: "list the versions to test under 'include', or the ones to skip under 'exclude'")
            return nil
        }
        return UnitTestVersions(include: include, exclude: exclude, range: key ?? node.range, written: node.json)
    }

    /// `rows`/`format`/`fixture` of one input or of `expect`.
    private func fixtureRows(_ node: YAMLNode, at range: SourceRange, _ diagnostics: inout DiagnosticBag) -> UnitTestRows? {
        var format = UnitTestRows.Format.dict
        if let f = node["format"], !f.isNull {
            guard let s = f.string, let known = UnitTestRows.Format(rawValue: s) else {
                diagnostics.append(
                    Diagnostic.error("unknown fixture format '\(f.string ?? f.kindName)'", at: f.range, hint: "use dict, csv or sql")
                        .suggesting(f.string ?? "", from: UnitTestRows.Format.allCases.map(\.rawValue)))
                return nil
            }
            format = known
        }
        var out = UnitTestRows(format: format, range: range)
        let rowsNode = node["rows"]
        if let fx = node["fixture"], !fx.isNull {
            guard let name = fx.string else {
                diagnostics.error("'fixture' must be a file name", at: fx.range)
                return nil
            }
            if let rowsNode, !rowsNode.isNull {
                diagnostics.error("give either 'rows' or 'fixture', not both", at: fx.range)
                return nil
            }
            if format == .dict {
                diagnostics.error(
                    "a fixture file needs format csv or sql", at: fx.range,
                    hint: "add format: csv (tests/fixtures/\(name).csv) or format: sql (tests/fixtures/\(name).sql)")
                return nil
            }
            out.fixture = name
            out.fixtureRange = fx.range
            return out
        }
        guard let rowsNode, !rowsNode.isNull else {
            // `rows: []` is dbt's empty input; a missing `rows` is the same in dbt's parser.
            out.written = .array([])
            return out
        }
        out.written = rowsNode.json
        switch format {
        case .dict:
            guard let items = rowsNode.items else {
                diagnostics.error(
                    "'rows' must be a list of mappings for format dict, found \(rowsNode.kindName)", at: rowsNode.range,
                    hint: "write rows as [{id: 1}], or set format: csv for a CSV string")
                return nil
            }
            for r in items {
                guard let entries = r.entries else {
                    diagnostics.error("each row must be a mapping of column to value, found \(r.kindName)", at: r.range)
                    return nil
                }
                out.rows.append(UnitTestRow(values: entries.map { (column: $0.key.string ?? "", value: $0.value.json, range: $0.key.range) }))
            }
        case .csv:
            guard let text = rowsNode.string else {
                diagnostics.error("'rows' must be a CSV string for format csv, found \(rowsNode.kindName)", at: rowsNode.range)
                return nil
            }
            out.rows = UnitTestCSV.rows(text, range: rowsNode.range)
        case .sql:
            guard let text = rowsNode.string else {
                diagnostics.error("'rows' must be a SQL query for format sql, found \(rowsNode.kindName)", at: rowsNode.range)
                return nil
            }
            out.sql = text
        }
        return out
    }
}

/// The CSV of a `format: csv` fixture: a header line, then one line per row; fields may be quoted
/// with `"` (a doubled quote inside); an empty field is null, as dbt's CSV fixtures read.
public enum UnitTestCSV {
    public static func rows(_ text: String, range: SourceRange) -> [UnitTestRow] {
        let records = parse(text).filter { !($0.count == 1 && $0[0].isEmpty) }
        guard let header = records.first else { return [] }
        return records.dropFirst().map { fields in
            UnitTestRow(
                values: header.enumerated().map { i, column in
                    let raw = i < fields.count ? fields[i] : ""
                    return (column: column.trimmingSpaces, value: raw.isEmpty ? .null : .string(raw), range: range)
                })
        }
    }

    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars = chars.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(fields)
        }
        return records.map { $0.map(\.trimmingSpaces) }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
