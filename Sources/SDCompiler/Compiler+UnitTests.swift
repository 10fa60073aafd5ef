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
        /// The parent's unique id (nil for `this`): the render replaces whatever relation `ref` or
        /// `source` resolves to for it, so `ref('m')` and `ref('m', v=2)` of the latest version read
        /// the same given input, and a deferred parent is replaced too.
        public var parentId: String?
    }

    public var spec: UnitTestSpec
    public var modelId: String
    public var inputs: [Input]
    /// The version of the model this copy of the test runs on, when the model is versioned (dbt
    /// makes one unit test per version, `unit_test.<project>.<model>.<name>_v<version>`).
    public var version: String?
    /// The model's SQL with inputs replaced; filled by `render`.
    public var modelSQL = ""
}

extension Compiler {
    /// dbt's name of the CTE that stands in for an input: the ref'd model's name, `<source>__<table>`
    /// for a source, the model's own name for `this`.
    static func unitTestCTE(_ name: String) -> String { "__dbt__cte__\(name)" }

    /// Creates one `unit_test` node per `unit_tests:` entry, after dependencies are resolved (the
    /// inputs are checked against the model's real parents). Its only dependency is the model, as
    /// in dbt's manifest; `build` runs it before the model (SDEngine/Runner+UnitTests.swift). On a
    /// versioned model there is one node per version tested (`unitTestTargets`). Configs come from
    /// project.yml's `unit_tests:` block by the test's fqn, then from the test's own `config:`.
    func addUnitTests(to nodes: inout [String: CompiledNode], diagnostics: inout DiagnosticBag) {
        let pkg = project.name
        // Looked up only for unit tests: a project without any paid for two walks of every node.
        let specs = project.properties.unitTests
        let byName = specs.isEmpty ? [:] : Compiler.refTargets(nodes)
        let modelNames = specs.isEmpty ? [] : nodes.values.filter { $0.resourceType == .model }.map(\.name)
        var usedPaths = Set<[String]>()
        for spec in specs {
            // dbt's fqn of a unit test: the package, the property file's folders below the model path,
            // the model and the test (dbt-core parser/unit_tests.py, `_build_fqn`).
            let path = Compiler.propertyFolders(spec.file.path, modelPaths: project.config.modelPaths) + [spec.model, spec.name]
            for i in 0...path.count { usedPaths.insert(Array(path.prefix(i))) }
            var config = NodeConfig(project.config.unitTests.config(for: path))
            config.merge(spec.config)
            guard config.enabled else { continue }
            guard let latestId = byName[spec.model], let latest = nodes[latestId], latest.resourceType == .model else {
                diagnostics.append(
                    Diagnostic.error("unit test '\(spec.name)' tests '\(spec.model)', which is no model", at: spec.modelRange)
                        .suggesting(spec.model, from: modelNames))
                continue
            }
            guard let targets = unitTestTargets(spec, model: latest, nodes: nodes, diagnostics: &diagnostics) else { continue }
            for model in targets {
                guard var node = unitTestNode(spec, model: model, fqn: [pkg] + path, config: config, nodes: nodes, diagnostics: &diagnostics)
                else { continue }
                if let version = model.version { node.uniqueId = "unit_test.\(pkg).\(spec.model).\(spec.name)_v\(version)" }
                if nodes[node.uniqueId] != nil {
                    diagnostics.error("unit test '\(spec.name)' of model '\(model.name)' is declared twice", at: spec.range)
                    continue
                }
                nodes[node.uniqueId] = node
            }
        }
        diagnostics.append(
            contentsOf: Compiler.unusedPathWarnings(
                project.config.unitTests, used: usedPaths, key: "unit_tests", noun: "unit test",
                hint: "configs apply by the unit test's fqn: the property file's folders below the model path, the model, the test"))
    }

    /// The models a unit test runs on: the model itself, or every version of a versioned model
    /// unless `versions:` includes or excludes some (dbt-core `process_models_for_unit_test`). A
    /// version that does not exist, versions on an unversioned model, or no version left are errors.
    private func unitTestTargets(
        _ spec: UnitTestSpec, model: CompiledNode, nodes: [String: CompiledNode], diagnostics: inout DiagnosticBag
    ) -> [CompiledNode]? {
        let all = nodes.values.filter {
            $0.resourceType == .model && $0.name == model.name && $0.packageName == model.packageName && $0.version != nil
        }.sorted { ModelVersion.precedes($0.version ?? "", $1.version ?? "") }
        guard model.version != nil, !all.isEmpty else {
            if let v = spec.versions, v.include != nil || v.exclude != nil {
                diagnostics.error(
                    "unit test '\(spec.name)' names versions, but model '\(model.name)' has none", at: v.range,
                    hint: "remove 'versions', or declare 'versions:' on model '\(model.name)'")
                return nil
            }
            return [model]
        }
        let known = all.compactMap(\.version)
        var ok = true
        for (v, range) in (spec.versions?.include ?? []) + (spec.versions?.exclude ?? []) where !known.contains(v) {
            diagnostics.error("model '\(model.name)' has no version \(v)", at: range, hint: "versions of '\(model.name)': \(known.joined(separator: ", "))")
            ok = false
        }
        guard ok else { return nil }
        var chosen = all
        if let include = spec.versions?.include.map({ Set($0.map(\.version)) }) { chosen = all.filter { include.contains($0.version ?? "") } }
        if let exclude = spec.versions?.exclude.map({ Set($0.map(\.version)) }) { chosen = all.filter { !exclude.contains($0.version ?? "") } }
        if chosen.isEmpty {
            diagnostics.error(
                "unit test '\(spec.name)' runs on no version of '\(model.name)'", at: spec.versions?.range ?? spec.modelRange,
                hint: "versions of '\(model.name)': \(known.joined(separator: ", "))")
            return nil
        }
        return chosen
    }

    /// One unit test node on one model (or one version of it): its inputs checked against the
    /// model's parents, fixtures read; nil after reporting when anything is wrong.
    private func unitTestNode(
        _ spec: UnitTestSpec, model: CompiledNode, fqn: [String], config: NodeConfig, nodes: [String: CompiledNode],
        diagnostics: inout DiagnosticBag
    ) -> CompiledNode? {
        let pkg = project.name
        let modelId = model.uniqueId
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
            var planned = UnitTestPlan.Input(cte: cteName, input: input.input, relation: ephemeral ? nil : relation, rows: rows)
            planned.parentId = parentId == modelId ? nil : parentId
            inputs.append(planned)
        }
        // Every ref and source the model reads must be given, except seeds (dbt reads the seed itself).
        for p in model.dependsOn where !given.contains(p) {
            guard let parent = nodes[p], parent.resourceType != .seed else { continue }
            let call = Compiler.unitTestCall(parent)
            diagnostics.append(
                .error(
                    "unit test '\(spec.name)' gives no rows for \(call), which model \(Compiler.unitTestModelLabel(model)) reads",
                    at: spec.range, hint: "add '- input: \(call)' under 'given' with its rows ('rows: []' for none)"))
            ok = false
        }
        var expect = spec.expect
        if !resolveFixture(&expect, diagnostics: &diagnostics) { ok = false }
        guard ok else { return nil }
        var planSpec = spec
        planSpec.expect = expect
        var node = CompiledNode(
            uniqueId: "unit_test.\(pkg).\(model.name).\(spec.name)", name: spec.name, resourceType: .unitTest, packageName: pkg,
            fqn: fqn, originalFilePath: spec.file.path, path: spec.file.path,
            config: config, description: spec.description, dependsOn: [modelId], file: spec.file)
        node.attachedNode = modelId
        node.declaration = spec.range
        node.meta = config["meta"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:]
        var plan = UnitTestPlan(spec: planSpec, modelId: modelId, inputs: inputs)
        plan.version = model.version
        node.unitTest = plan
        return node
    }

    /// How an input names a parent: `ref('m')`, `ref('m', v=1)` for a version other than the
    /// latest, `source('s', 't')`.
    static func unitTestCall(_ parent: CompiledNode) -> String {
        if parent.resourceType == .source { return "source('\(parent.sourceName ?? "")', '\(parent.name)')" }
        if let v = parent.version, v != parent.latestVersion { return "ref('\(parent.name)', v=\(v))" }
        return "ref('\(parent.name)')"
    }

    /// How findings name the tested model: `'orders'`, or `'orders' v2` for one version of it.
    static func unitTestModelLabel(_ model: CompiledNode) -> String {
        "'\(model.name)'" + (model.version.map { " v\($0)" } ?? "")
    }

    /// The parent an input stands for, its CTE name and relation; a diagnostic when the input is not
    /// `ref`/`source`/`this` or names no parent of the model. `ref('m', v=2)` names one version of a
    /// versioned parent; plain `ref('m')` its latest, as in the model's SQL.
    private func unitTestInput(
        _ input: UnitTestInput, model: CompiledNode, nodes: [String: CompiledNode], diagnostics: inout DiagnosticBag
    ) -> (String, String, Relation?)? {
        let text = input.input.trimmingCharacters(in: .whitespaces)
        let parents = model.dependsOn.compactMap { nodes[$0] }
        let written = parents.map(Compiler.unitTestCall)
        if text == "this" {
            return (model.uniqueId, Compiler.unitTestCTE(model.name), model.relation)
        }
        let found: CompiledNode?
        let cte: String
        if let (name, version) = Compiler.versionedRefCall(text) {
            found = parents.first { $0.name == name && $0.resourceType == .model && $0.version == version }
            cte = Compiler.unitTestCTE("\(name)_v\(version)")
        } else if let call = Compiler.parseRelationCall(text) {
            switch call {
            case .ref(let name):
                found = parents.first { $0.name == name && $0.resourceType != .source && $0.version == $0.latestVersion }
                cte = Compiler.unitTestCTE(name)
            case .source(let s, let t):
                found = parents.first { $0.resourceType == .source && $0.sourceName == s && $0.name == t }
                cte = Compiler.unitTestCTE("\(s)__\(t)")
            }
        } else {
            diagnostics.append(
                .error(
                    "unit test input '\(text)' is not a ref, a source or this", at: input.rows.range,
                    hint: "write input: ref('model'), ref('model', v=2), source('source', 'table') or this"))
            return nil
        }
        guard let parent = found else {
            let label = Compiler.unitTestModelLabel(model)
            let hint = written.isEmpty ? "model \(label) reads no other relation" : "model \(label) reads \(written.joined(separator: ", "))"
            diagnostics.append(.error("\(text) is not an input of model \(label)", at: input.rows.range, hint: hint))
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

    /// Where dbt writes a unit test's compiled SQL below target/compiled/<package>/: the property
    /// file, then the file's folder and the test's name, `_v<version>` for one version of a model
    /// (dbt-core `get_target_write_path` on the node `get_pseudo_test_path` names), e.g.
    /// `models/unit.yml/models/counts_by_status.sql`.
    static func unitTestFile(_ node: CompiledNode, _ plan: UnitTestPlan) -> String {
        let folder = (node.originalFilePath as NSString).deletingLastPathComponent
        let name = node.name + (plan.version.map { "_v\($0)" } ?? "") + ".sql"
        return node.originalFilePath + "/" + (folder.isEmpty ? name : folder + "/" + name)
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
            var ctes: [Relation: String] = [:]
            for input in plan.inputs {
                if let id = input.parentId, let r = compiled.nodes[id]?.refRelation { ctes[r] = input.cte }
            }
            let resolver = UnitTestResolver(base: base, ctes: ctes)
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
                compiled.nodes[id]?.compiledPath = "\(compiled.project.config.targetPath)/compiled/\(node.packageName)/\(Compiler.unitTestFile(node, plan))"
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

/// The model's refs and sources during a unit test's render: a given input renders as its CTE,
/// found by the relation the call resolves to; a seed that is not given reads the real seed (dbt's
/// rule for seeds).
struct UnitTestResolver: RelationResolver {
    let base: ProjectResolver
    /// Each given parent's relation (as `ref`/`source` resolve it) and the CTE that stands for it.
    let ctes: [Relation: String]

    private func given(_ found: RelationObject) -> RelationObject {
        guard let cte = ctes[found.relation] else { return found }
        return RelationObject(found.relation, rendered: cte)
    }

    func resolveRef(_ name: String, package: String?, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        given(try base.resolveRef(name, package: package, range: range))
    }

    func resolveSource(_ source: String, _ table: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        given(try base.resolveSource(source, table, range: range))
    }

    func resolveVersionedRef(_ name: String, version: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        given(try base.resolveVersionedRef(name, version: version, range: range))
    }
}
