import Foundation
import SDBasics
import SDGraph
import SDProject
import SDTemplate

/// What running one unit test needs besides its node: the model's SQL rendered with every given
/// input replaced by a CTE name, and each input's rows. The CTEs' bodies are written at run time
/// (SDEngine/UnitTestRun.swift), because dbt types the given rows with the real parent's column
/// types, which only the database knows.
public struct UnitTestPlan: Sendable {
    public struct Input: Sendable {
        /// The CTE name the model's SQL reads instead of the parent (`__dbt__cte__orders`).
        public var cte: String
        /// `ref('orders')`, `source('s', 't')` or `this`, as written.
        public var input: String
        /// The parent's relation, whose columns type the rows (nil for a `sql` fixture of an ephemeral parent).
        public var relation: Relation?
        public var rows: UnitTestRows
    }

    public var spec: UnitTestSpec
    public var modelId: String
    public var inputs: [Input]
    /// The model's SQL with inputs replaced; filled by `render`.
    public var modelSQL = ""
}

extension Compiler {
    /// dbt's name of the CTE that stands in for an input: the ref'd model's name, `<source>__<table>`
    /// for a source, the model's own name for `this`.
    static func unitTestCTE(_ name: String) -> String { "__dbt__cte__\(name)" }

    /// Creates one `unit_test` node per `unit_tests:` entry, after dependencies are resolved (the
    /// inputs are checked against the model's real parents). Its only dependency is the model, as
    /// in dbt's manifest; `build` runs it before the model (SDEngine/Runner+UnitTests.swift).
    func addUnitTests(to nodes: inout [String: CompiledNode], diagnostics: inout DiagnosticBag) {
        let pkg = project.name
        let byName = Compiler.refTargets(nodes)
        let modelNames = nodes.values.filter { $0.resourceType == .model }.map(\.name)
        for spec in project.properties.unitTests {
            let config = NodeConfig(spec.config)
            guard config.enabled else { continue }
            guard let modelId = byName[spec.model], let model = nodes[modelId], model.resourceType == .model else {
                diagnostics.append(
                    Diagnostic.error("unit test '\(spec.name)' tests '\(spec.model)', which is no model", at: spec.modelRange)
                        .suggesting(spec.model, from: modelNames))
                continue
            }
            if model.version != nil {
                // dbt runs a unit test on every version by default; here it runs on the one `ref` names.
                diagnostics.append(
                    .warning(
                        "unit test '\(spec.name)' runs on the latest version of '\(spec.model)' (v\(model.version ?? "")) only",
                        at: spec.modelRange, hint: "dbt runs a unit test on every version of the model; swiftdbt checks the latest one (versions: comes later)")
                )
            }
            var ok = true
            var inputs: [UnitTestPlan.Input] = []
            var given = Set<String>()
            for input in spec.given {
                guard let (parentId, cteName, relation) = unitTestInput(input, model: model, nodes: nodes, diagnostics: &diagnostics) else {
                    ok = false
                    continue
                }
                guard given.insert(parentId).inserted else {
                    diagnostics.error("input \(input.input) is given twice", at: input.rows.range)
                    ok = false
                    continue
                }
                var rows = input.rows
                guard resolveFixture(&rows, diagnostics: &diagnostics) else {
                    ok = false
                    continue
                }
                if let parent = nodes[parentId], parent.materialized == "ephemeral", rows.format != .sql {
                    diagnostics.error(
                        "ephemeral model '\(parent.name)' can only be given as format: sql", at: input.rows.range,
                        hint: "an ephemeral model has no table to read column types from (dbt has the same rule)")
                    ok = false
                    continue
                }
                let ephemeral = nodes[parentId]?.materialized == "ephemeral"
                inputs.append(UnitTestPlan.Input(cte: cteName, input: input.input, relation: ephemeral ? nil : relation, rows: rows))
            }
            // Every ref and source the model reads must be given, except seeds (dbt reads the seed itself).
            for p in model.dependsOn where !given.contains(p) {
                guard let parent = nodes[p], parent.resourceType != .seed else { continue }
                let call = parent.resourceType == .source ? "source('\(parent.sourceName ?? "")', '\(parent.name)')" : "ref('\(parent.name)')"
                diagnostics.append(
                    .error(
                        "unit test '\(spec.name)' gives no rows for \(call), which model '\(model.name)' reads", at: spec.range,
                        hint: "add '- input: \(call)' under 'given' with its rows ('rows: []' for none)"))
                ok = false
            }
            var expect = spec.expect
            if !resolveFixture(&expect, diagnostics: &diagnostics) { ok = false }
            guard ok else { continue }
            var planSpec = spec
            planSpec.expect = expect
            let id = "unit_test.\(pkg).\(model.name).\(spec.name)"
            var node = CompiledNode(
                uniqueId: id, name: spec.name, resourceType: .unitTest, packageName: pkg,
                fqn: Array(model.fqn.dropLast()) + [model.name, spec.name], originalFilePath: spec.file.path, path: spec.file.path,
                config: config, description: spec.description, dependsOn: [modelId], file: spec.file)
            node.attachedNode = modelId
            node.declaration = spec.range
            node.meta = config["meta"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:]
            node.unitTest = UnitTestPlan(spec: planSpec, modelId: modelId, inputs: inputs)
            if nodes[id] != nil {
                diagnostics.error("unit test '\(spec.name)' of model '\(model.name)' is declared twice", at: spec.range)
                continue
            }
            nodes[id] = node
        }
    }

    /// The parent an input stands for, its CTE name and relation; a diagnostic when the input is not
    /// `ref`/`source`/`this` or names no parent of the model.
    private func unitTestInput(
        _ input: UnitTestInput, model: CompiledNode, nodes: [String: CompiledNode], diagnostics: inout DiagnosticBag
    ) -> (String, String, Relation?)? {
        let text = input.input.trimmingCharacters(in: .whitespaces)
        let parents = model.dependsOn.compactMap { nodes[$0] }
        let written = parents.map { p in
            p.resourceType == .source ? "source('\(p.sourceName ?? "")', '\(p.name)')" : "ref('\(p.name)')"
        }
        if text == "this" {
            return (model.uniqueId, Compiler.unitTestCTE(model.name), model.relation)
        }
        guard let call = Compiler.parseRelationCall(text) else {
            diagnostics.append(
                .error(
                    "unit test input '\(text)' is not a ref, a source or this", at: input.rows.range,
                    hint: "write input: ref('model'), source('source', 'table') or this"))
            return nil
        }
        let found: CompiledNode?
        let cte: String
        switch call {
        case .ref(let name):
            found = parents.first { $0.name == name && $0.resourceType != .source }
            cte = Compiler.unitTestCTE(name)
        case .source(let s, let t):
            found = parents.first { $0.resourceType == .source && $0.sourceName == s && $0.name == t }
            cte = Compiler.unitTestCTE("\(s)__\(t)")
        }
        guard let parent = found else {
            let hint = written.isEmpty ? "model '\(model.name)' reads no other relation" : "model '\(model.name)' reads \(written.joined(separator: ", "))"
            diagnostics.append(.error("\(text) is not an input of model '\(model.name)'", at: input.rows.range, hint: hint))
            return nil
        }
        return (parent.uniqueId, cte, parent.relation)
    }

    /// Reads a `fixture:` file (tests/fixtures/NAME.csv or .sql) into the rows.
    private func resolveFixture(_ rows: inout UnitTestRows, diagnostics: inout DiagnosticBag) -> Bool {
        guard let name = rows.fixture else { return true }
        let ext = rows.format == .csv ? "csv" : "sql"
        guard let file = project.fixtures["\(name).\(ext)"] else {
            let known = project.fixtures.keys.filter { $0.hasSuffix("." + ext) }.map { String($0.dropLast(ext.count + 1)) }
            diagnostics.append(
                Diagnostic.error(
                    "no fixture file '\(name).\(ext)'", at: rows.fixtureRange ?? rows.range,
                    hint: "fixture files live under the test path's fixtures/ folder (tests/fixtures/\(name).\(ext))"
                ).suggesting(name, from: known))
            return false
        }
        let whole = SourceRange(file: file, bytes: 0..<min(file.utf8.count, file.text.prefix { $0 != "\n" }.utf8.count))
        if rows.format == .csv {
            rows.rows = UnitTestCSV.rows(file.text, range: whole)
        } else {
            rows.sql = file.text
        }
        return true
    }

    /// Renders each selected unit test's model with its inputs as CTE names, `is_incremental()`,
    /// other macros, vars and env vars as the test's `overrides` say.
    func renderUnitTests(_ compiled: inout CompiledProject, ids: Set<String>?, library: MacroLibrary, diagnostics: inout DiagnosticBag) {
        // Unit test nodes come only from property files' `unit_tests:` (addUnitTests); without any,
        // indexing every node into a second resolver is a copy of the whole project for nothing.
        guard !project.properties.unitTests.isEmpty else { return }
        let base = ProjectResolver(nodes: compiled.nodes)
        for id in compiled.nodes.keys.sorted() {
            guard ids?.contains(id) ?? true, let node = compiled.nodes[id], var plan = node.unitTest,
                let model = compiled.nodes[plan.modelId], let template = compiled.templates[plan.modelId]
            else { continue }
            var options = self.options
            for (k, v) in plan.spec.varOverrides { options.cliVars[k] = v }
            for (k, v) in plan.spec.envOverrides { options.environment[k] = v }
            let shared = Compiler(project: project, options: options).makeShared()
            let resolver = UnitTestResolver(base: base, inputs: plan.inputs)
            let incremental = plan.spec.macroOverrides["is_incremental"].map { $0 == .bool(true) } ?? false
            var this = model.relation.map { RelationObject($0) }
            if let given = plan.inputs.first(where: { $0.input.trimmingCharacters(in: .whitespaces) == "this" }), let r = model.relation {
                this = RelationObject(r, rendered: given.cte)
            }
            let host = NodeHost(shared: shared, config: model.config, this: model.relation, resolver: resolver, isIncremental: incremental)
            if let this { host.extraGlobals["this"] = .object(this) }
            for (name, value) in plan.spec.macroOverrides where name != "is_incremental" {
                host.extraGlobals[name] = .function(name) { _ in Value(json: value) }
            }
            do {
                plan.modelSQL = try TemplateRenderer(host: host, library: library, adapterPrefix: adapterPrefix).render(template)
                compiled.nodes[id]?.compiledCode = plan.modelSQL
                compiled.nodes[id]?.unitTest = plan
                compiled.nodes[id]?.renderedIncremental = incremental
            } catch {
                // The model's own findings, with a note that they came from this unit test.
                let notes = [Diagnostic.note("while rendering model '\(model.name)' for unit test '\(node.name)'", at: plan.spec.range)]
                diagnostics.append(
                    contentsOf: error.diagnostics.map { d in
                        var d = d
                        d.notes += notes
                        return d
                    })
            }
        }
    }
}

/// The model's refs and sources during a unit test's render: a given input renders as its CTE; a
/// seed that is not given reads the real seed (dbt's rule for seeds).
struct UnitTestResolver: RelationResolver {
    let base: ProjectResolver
    let inputs: [UnitTestPlan.Input]

    func resolveRef(_ name: String, package: String?, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        let found = try base.resolveRef(name, package: package, range: range)
        if let given = inputs.first(where: { $0.cte == Compiler.unitTestCTE(name) }) {
            return RelationObject(found.relation, rendered: given.cte)
        }
        return found
    }

    func resolveSource(_ source: String, _ table: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        let found = try base.resolveSource(source, table, range: range)
        if let given = inputs.first(where: { $0.cte == Compiler.unitTestCTE("\(source)__\(table)") }) {
            return RelationObject(found.relation, rendered: given.cte)
        }
        return found
    }

    func resolveVersionedRef(_ name: String, version: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        try base.resolveVersionedRef(name, version: version, range: range)
    }
}
