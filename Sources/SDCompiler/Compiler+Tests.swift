import Foundation
import SDBasics
import SDGraph
import SDProject
import SDTemplate

extension Compiler {
    /// Creates test nodes: generic tests declared in property YAML on models, columns, seeds and
    /// sources, and singular tests (SQL files under test-paths).
    func addTests(
        to nodes: inout [String: CompiledNode], templates: inout [String: Template], library: MacroLibrary,
        shared: SharedContext, diagnostics: inout DiagnosticBag
    ) {
        let pkg = project.name
        let byName = Compiler.refTargets(nodes)
        // Sorted only for an error's suggestions: sorting 100,000 names for every compile cost 0.15 s.
        lazy var refNames = byName.keys.sorted()
        let known = Set(library.tests.map(\.name))
        let sourceIds = Set(nodes.keys.filter { $0.hasPrefix("source.") })
        let packageShared = makePackageShared()

        // A declared test: what it found wrong and, unless the test is unknown, its node (a test
        // whose argument names nothing is reported and kept, as before). A finding about an argument
        // naming no model carries that name, and its suggestion is added in the serial pass below,
        // from names sorted once rather than once per such argument.
        struct Made: Sendable {
            var findings: [(finding: Diagnostic, suggest: String?)]
            var node: CompiledNode?
            var range: SourceRange
        }
        func make(_ spec: TestSpec, attachedTo attached: CompiledNode, targetName: String, isSource: Bool) -> Made {
            let bare = spec.testName.split(separator: ".").last.map(String.init) ?? spec.testName
            guard known.contains(bare) else {
                let unknown = Diagnostic.error(
                    "no generic test named '\(spec.testName)'", at: spec.range,
                    hint: "define it with << test \(bare)(model, column_name) >> … << endtest >> in macros/ or tests/generic/"
                )
                return Made(findings: [(unknown.suggesting(bare, from: known), nil)], node: nil, range: spec.range)
            }
            var findings: [(finding: Diagnostic, suggest: String?)] = []
            var args = spec.arguments
            if let c = spec.columnName { args["column_name"] = .string(c) }
            var deps = [attached.uniqueId]
            for (key, value) in args {
                if case .string(let text) = value, let (name, version) = Compiler.versionedRefCall(text) {
                    let ref = RecordedRef(name: name, package: nil, range: spec.range, version: version)
                    switch Compiler.versionedTarget(ref, version: version, nodes: nodes) {
                    case .success(let id): deps.append(id)
                    case .failure(let e): findings += e.diagnostics.map { ($0, nil) }
                    }
                    continue
                }
                guard case .string(let text) = value, let call = Compiler.parseRelationCall(text) else { continue }
                switch call {
                case .ref(let name):
                    if let id = byName[name] {
                        deps.append(id)
                    } else {
                        let finding = Diagnostic.error(
                            "argument '\(key)' of test '\(spec.testName)' refers to '\(name)', which is no model or seed", at: spec.range)
                        findings.append((finding, name))
                    }
                case .source(let s, let t):
                    if let id = sourceId(s, t, from: attached.packageName, among: sourceIds) {
                        deps.append(id)
                    } else {
                        let finding = Diagnostic.error(
                            "argument '\(key)' of test '\(spec.testName)' refers to source '\(s).\(t)', which is not declared", at: spec.range)
                        findings.append((finding, nil))
                    }
                }
            }
            let (short, full) = Compiler.genericTestName(test: spec.testName, target: targetName, arguments: args, isSource: isSource)
            let name = spec.customName ?? short
            let hash = String(SHA256Digest.hex(Array((full + attached.uniqueId).utf8)).prefix(10))
            // A test declared on a package's model belongs to that package, as in dbt.
            let testPackage = attached.packageName
            let id = "test.\(testPackage).\(name).\(hash)"
            var config = NodeConfig(["severity": "ERROR", "materialized": "test"])
            config.merge(spec.config)
            var node = CompiledNode(
                uniqueId: id, name: name, resourceType: .test, packageName: testPackage,
                // Below the attached node's folder: its fqn without the name (and a version's `vN`).
                fqn: [testPackage] + attached.fqn.dropFirst().dropLast(attached.version == nil ? 1 : 2) + [name],
                originalFilePath: spec.range.file.path, path: "\(name).sql", config: config, dependsOn: Array(Set(deps)).sorted())
            node.attachedNode = attached.uniqueId
            node.columnName = spec.columnName
            node.testName = spec.testName
            node.testArguments = args
            node.declaration = spec.range
            node.meta = args
            return Made(findings: findings, node: node, range: spec.range)
        }

        // Each attached node's tests are made on both cores (a 100k project declares 60,000), then
        // added in id order, so the first of two tests with one id is the one kept, as before.
        let sourceTables = sourceTablesByKey()
        let attachedIds = ParallelMap.sorted(Array(nodes.keys))
        let made = ParallelMap.map(attachedIds) { id -> [Made] in
            guard let n = nodes[id] else { return [] }
            switch n.resourceType {
            case .model:
                guard let props = project.properties.models[n.name] else { return [] }
                if let v = n.version, let version = props.versions.first(where: { $0.v == v }) {
                    // dbt names a version's tests after its relation (unique_m_v2_id) and gives it the version's columns.
                    return (props.tests + version.tests + version.columns.flatMap(\.tests)).map {
                        make($0, attachedTo: n, targetName: version.relationName(model: n.name), isSource: false)
                    }
                }
                return (props.tests + props.columns.flatMap(\.tests)).map { make($0, attachedTo: n, targetName: n.name, isSource: false) }
            case .seed:
                guard let props = project.properties.seeds[n.name] else { return [] }
                return (props.tests + props.columns.flatMap(\.tests)).map { make($0, attachedTo: n, targetName: n.name, isSource: false) }
            case .snapshot:
                guard let props = project.properties.snapshots[n.name] else { return [] }
                return (props.tests + props.columns.flatMap(\.tests)).map { make($0, attachedTo: n, targetName: n.name, isSource: false) }
            case .source:
                guard let s = sourceTables[Compiler.sourceTableKey(package: n.packageName, source: n.sourceName, table: n.name)] else { return [] }
                return (s.tests + s.columns.flatMap(\.tests)).map { make($0, attachedTo: n, targetName: "\(s.sourceName)_\(s.name)", isSource: true) }
            default: return []
            }
        }
        for (attachedId, tests) in zip(attachedIds, made) {
            for test in tests {
                for (finding, suggest) in test.findings { diagnostics.append(suggest.map { finding.suggesting($0, from: refNames) } ?? finding) }
                guard let node = test.node else { continue }
                if nodes[node.uniqueId] != nil {
                    let on = nodes[attachedId]?.name ?? attachedId
                    diagnostics.append(.warning("test '\(node.name)' is declared twice on '\(on)'; only the first runs", at: test.range))
                    continue
                }
                nodes[node.uniqueId] = node
            }
        }

        // Singular tests: SQL returning the failing rows. A package's belong to it and read its vars.
        for file in project.singularTests {
            let testPackage = file.package ?? pkg
            let cap = Compiler.capture(
                file: file, shared: file.package.flatMap { packageShared[$0] } ?? shared, library: library, adapter: adapterPrefix,
                folderConfig: [:], properties: nil, kind: "test")
            diagnostics.append(contentsOf: cap.diagnostics)
            guard let template = cap.template else { continue }
            let id = "test.\(testPackage).\(file.name)"
            var config = NodeConfig(["severity": "ERROR", "materialized": "test"])
            config.merge(cap.config.values)
            var deps = Set<String>()
            for r in cap.refs {
                if let finding = packageRefFinding(r, target: byName[r.name].flatMap { nodes[$0] }) {
                    diagnostics.append(finding)
                } else if let target = byName[r.name] {
                    deps.insert(target)
                } else {
                    diagnostics.append(Diagnostic.error("no model or seed named '\(r.name)'", at: r.range).suggesting(r.name, from: refNames))
                }
            }
            for s in cap.sources {
                if let sid = sourceId(s.source, s.table, from: testPackage, among: sourceIds) {
                    deps.insert(sid)
                } else {
                    diagnostics.append(.error("no source named '\(s.source).\(s.table)'", at: s.range))
                }
            }
            var node = CompiledNode(
                uniqueId: id, name: file.name, resourceType: .test, packageName: testPackage,
                fqn: [testPackage] + file.folders + [file.name], originalFilePath: file.path, path: file.relativePath,
                config: config, rawCode: nil, dependsOn: deps.sorted(), file: file.file)
            node.refs = cap.refs.map { [$0.name] }
            node.sources = cap.sources.map { [$0.source, $0.table] }
            nodes[id] = node
            templates[id] = template
        }
    }

    enum RelationCall { case ref(String), source(String, String) }

    /// `ref('x')` or `source('s', 't')` written as a test argument string (dbt renders these).
    static func parseRelationCall(_ text: String) -> RelationCall? {
        let t = text.trimmingCharacters(in: .whitespaces)
        func quoted(_ s: Substring) -> [String] {
            var out: [String] = []
            var cur = ""
            var quote: Character? = nil
            for c in s {
                if let q = quote {
                    if c == q { out.append(cur); cur = ""; quote = nil } else { cur.append(c) }
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if !(c == "," || c == " ") {
                    return []
                }
            }
            return quote == nil ? out : []
        }
        if t.hasPrefix("ref("), t.hasSuffix(")") {
            let args = quoted(t.dropFirst(4).dropLast())
            if args.count == 1 { return .ref(args[0]) }
            if args.count == 2 { return .ref(args[1]) }
        }
        if t.hasPrefix("source("), t.hasSuffix(")") {
            let args = quoted(t.dropFirst(7).dropLast())
            if args.count == 2 { return .source(args[0], args[1]) }
        }
        return nil
    }

    /// dbt's generic test naming (`synthesize_generic_test_names`): the test, the tested node, then every
    /// argument but `model` in sorted order, non-identifier characters replaced by `_`, joined with `__`.
    /// Names of 64 characters or more become the first 30 characters, `_` and the MD5 hex digest of the
    /// full name, exactly as dbt names them (so aliases and target/ paths match dbt's).
    public static func genericTestName(test: String, target: String, arguments: [String: JSONValue], isSource: Bool) -> (short: String, full: String) {
        func text(_ v: JSONValue) -> String {
            switch v {
            case .string(let s): s
            case .bool(let b): b ? "True" : "False"
            case .int(let i): String(i)
            case .double(let d): String(d)
            case .null: "None"
            default: v.serialized(indent: 0)
            }
        }
        var flat: [String] = []
        for key in arguments.keys.sorted() where key != "model" {
            switch arguments[key] ?? .null {
            case .array(let a): flat.append(contentsOf: a.map(text))
            case .object(let o): flat.append(contentsOf: o.keys.sorted().compactMap { o[$0] }.map(text))
            case let v: flat.append(text(v))
            }
        }
        let clean = flat.map { s -> String in
            var out = ""
            var inRun = false
            for ch in s.unicodeScalars {
                if (ch >= "0" && ch <= "9") || (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || ch == "_" {
                    out.unicodeScalars.append(ch)
                    inRun = false
                } else if !inRun {
                    out.append("_")
                    inRun = true
                }
            }
            return out
        }
        let testPart = test.replacingOccurrences(of: ".", with: "_")
        let identifier = (isSource ? "source_" : "") + testPart + "_" + target
        let full = clean.isEmpty ? identifier : identifier + "_" + clean.joined(separator: "__")
        if full.count >= 64 {
            return (String(identifier.prefix(30)) + "_" + MD5Digest.hex(Array(full.utf8)), full)
        }
        return (full, full)
    }
}
