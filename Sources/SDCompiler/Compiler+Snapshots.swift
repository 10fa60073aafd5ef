import SDBasics
import SDGraph
import SDProject
import SDTemplate

extension Compiler {
    /// Creates snapshot nodes (`snapshot.<project>.<name>`): each `<< snapshot >>` block and each YAML
    /// snapshot with a `relation:` (dbt 1.9). Configs merge project.yml's `snapshots:` folders < the
    /// property entry < `config(...)`, and are checked (`SnapshotSpec.read`) where they were written.
    func addSnapshots(
        to nodes: inout [String: CompiledNode], templates: inout [String: Template],
        refCalls: inout [String: [RecordedRef]], sourceCalls: inout [String: [RecordedSource]],
        library: MacroLibrary, schemaMacro: SchemaNameMacro?, diagnostics: inout DiagnosticBag
    ) {
        let pkg = project.name
        let shared = makeShared(configKeys: project.config.configKeys.forSnapshots)
        let tree = project.config.snapshots
        var used = Set<[String]>()
        var blockNames: [String: SourceRange] = [:]
        for block in project.snapshots {
            let folders = block.file.folders + [block.name]
            for i in 0...folders.count { used.insert(Array(folders.prefix(i))) }
            blockNames[block.name] = block.nameRange
            let file = block.bodyFile
            let props = project.properties.snapshots[block.name]
            let cap = Compiler.capture(
                file: file, shared: shared, library: library, adapter: adapterPrefix, folderConfig: tree.config(for: folders),
                folderRanges: tree.configRanges(for: folders), properties: props, kind: "snapshot")
            diagnostics.append(contentsOf: cap.diagnostics)
            guard let template = cap.template else { continue }
            var ranges = cap.folderRanges
            for (k, r) in props?.configRanges ?? [:] { ranges[k] = r }
            for (k, r) in cap.configRanges { ranges[k] = r }
            let id = "snapshot.\(pkg).\(block.name)"
            guard
                var node = snapshotNode(
                    id: id, name: block.name, fqn: [pkg] + folders, path: block.file.path, relativePath: block.file.relativePath,
                    config: cap.config, ranges: ranges, at: block.nameRange, props: props, schemaMacro: schemaMacro, diagnostics: &diagnostics)
            else { continue }
            node.rawCode = block.body.text.trimmingCharacters(in: .whitespacesAndNewlines)
            node.file = block.body
            node.refs = cap.refs.map { r in r.package.map { [$0, r.name] } ?? [r.name] }
            node.sources = cap.sources.map { [$0.source, $0.table] }
            nodes[id] = node
            templates[id] = template
            refCalls[id] = cap.refs
            sourceCalls[id] = cap.sources
        }
        for name in project.properties.snapshotRelations.keys.sorted() {
            guard let relation = project.properties.snapshotRelations[name], let props = project.properties.snapshots[name] else { continue }
            if let block = blockNames[name] {
                diagnostics.append(
                    .error(
                        "snapshot '\(name)' is defined twice", at: relation.range, notes: [.note("the << snapshot >> block", at: block)],
                        hint: "keep the SQL block or the YAML 'relation:', not both"))
                continue
            }
            addYAMLSnapshot(
                name, relation: relation, props: props, to: &nodes, templates: &templates, refCalls: &refCalls, sourceCalls: &sourceCalls,
                schemaMacro: schemaMacro, used: &used, diagnostics: &diagnostics)
        }
        for (name, props) in project.properties.snapshots where nodes["snapshot.\(pkg).\(name)"] == nil && blockNames[name] == nil {
            guard project.properties.snapshotRelations[name] == nil else { continue }
            diagnostics.append(
                Diagnostic.warning(
                    "property file describes snapshot '\(name)', but there is no << snapshot \(name) >> block and no 'relation:'",
                    at: props.range, hint: "add relation: ref('…') to define the snapshot in YAML"
                )
                .suggesting(name, from: project.snapshots.map(\.name)))
        }
        diagnostics.append(
            contentsOf: Compiler.unusedPathWarnings(
                tree, used: used, key: "snapshots", noun: "snapshot",
                hint: "configs under a folder name apply to the snapshots in that folder below the snapshot path"))
    }

    /// A YAML snapshot: `select * from` the relation, rendered like a block's body would be.
    private func addYAMLSnapshot(
        _ name: String, relation: SnapshotRelation, props: NodeProperties, to nodes: inout [String: CompiledNode],
        templates: inout [String: Template], refCalls: inout [String: [RecordedRef]], sourceCalls: inout [String: [RecordedSource]],
        schemaMacro: SchemaNameMacro?, used: inout Set<[String]>, diagnostics: inout DiagnosticBag
    ) {
        let pkg = project.name
        guard let call = Compiler.parseRelationCall(relation.text) else {
            diagnostics.append(
                .error(
                    "'relation' of snapshot '\(name)' must be ref('model') or source('source', 'table')", at: relation.range,
                    hint: "write relation: ref('orders') or relation: source('shop', 'orders')"))
            return
        }
        // Below the snapshot path, like a block's folders: `snapshots/shop/s.yml` → ["shop"].
        let base = project.config.snapshotPaths.first { props.file.path.hasPrefix($0 + "/") }
        let relativePath = base.map { String(props.file.path.dropFirst($0.count + 1)) } ?? props.file.path
        let folders = relativePath.split(separator: "/").dropLast().map(String.init) + [name]
        for i in 0...folders.count { used.insert(Array(folders.prefix(i))) }
        var config = NodeConfig(project.config.snapshots.config(for: folders))
        config.merge(props.config)
        var ranges = project.config.snapshots.configRanges(for: folders)
        for (k, r) in props.configRanges { ranges[k] = r }
        let id = "snapshot.\(pkg).\(name)"
        guard
            var node = snapshotNode(
                id: id, name: name, fqn: [pkg] + folders, path: props.file.path, relativePath: relativePath, config: config,
                ranges: ranges, at: props.range, props: props, schemaMacro: schemaMacro, diagnostics: &diagnostics)
        else { return }
        let code = "select * from << \(relation.text) >>"
        let (template, parsed) = Template.parse(SourceFile(path: props.file.path, text: code))
        guard !parsed.contains(where: { $0.severity == .error }) else {
            diagnostics.error("'relation' of snapshot '\(name)' does not parse", at: relation.range)
            return
        }
        node.rawCode = "select * from {{ \(relation.text) }}"
        switch call {
        case .ref(let model):
            node.refs = [[model]]
            refCalls[id] = [RecordedRef(name: model, package: nil, range: relation.range)]
        case .source(let s, let t):
            node.sources = [[s, t]]
            sourceCalls[id] = [RecordedSource(source: s, table: t, range: relation.range)]
        }
        nodes[id] = node
        templates[id] = template
    }

    private func snapshotNode(
        id: String, name: String, fqn: [String], path: String, relativePath: String, config raw: NodeConfig,
        ranges: [String: SourceRange], at: SourceRange, props: NodeProperties?, schemaMacro: SchemaNameMacro?,
        diagnostics: inout DiagnosticBag
    ) -> CompiledNode? {
        var config = raw
        config["materialized"] = "snapshot"
        if config.enabled {
            guard SnapshotSpec.read(config, name: name, ranges: ranges, fallback: at, diagnostics: &diagnostics) != nil else { return nil }
        }
        var node = CompiledNode(
            uniqueId: id, name: name, resourceType: .snapshot, packageName: project.name, fqn: fqn,
            originalFilePath: path, path: relativePath, config: config, description: props?.description ?? "",
            columns: props?.columns ?? [], meta: config["meta"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:])
        // `target_schema`/`target_database` (dbt's legacy keys) name the schema as written; `schema`
        // goes through generate_schema_name like a model's (dbt 1.9).
        var relation = relation(name: name, config: config, fqn: fqn, resourceType: "snapshot", schemaMacro: schemaMacro, diagnostics: &diagnostics)
        if let s = config.string("target_schema"), !s.isEmpty { relation.schema = s }
        if let d = config.string("target_database"), !d.isEmpty { relation.database = d }
        node.relation = relation
        return node
    }
}
