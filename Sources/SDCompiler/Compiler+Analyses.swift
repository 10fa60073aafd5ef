import SDBasics
import SDProject
import SDTemplate

extension Compiler {
    /// analyses/ (https://docs.getdbt.com/docs/build/analyses): SQL that is compiled like a model —
    /// refs, sources and macros resolved, written to target/compiled/<project>/analyses/ — and never
    /// run. An analysis has no relation: nothing can ref it and no command builds it (run, build and
    /// test select other resource types; compile selects analyses with models and tests). A package's
    /// analyses belong to it (`analysis.<package>.<name>`) and read its vars, as its models do.
    func addAnalyses(
        to nodes: inout [String: CompiledNode], templates: inout [String: Template],
        refCalls: inout [String: [RecordedRef]], sourceCalls: inout [String: [RecordedSource]],
        shared: SharedContext, library: MacroLibrary, diagnostics: inout DiagnosticBag
    ) {
        let pkg = project.name
        let modelNames = Set(project.models.map(\.name))
        let packageShared = makePackageShared()
        for file in project.analyses {
            let owner = file.package ?? pkg
            let cap = Compiler.capture(
                file: file, shared: file.package.flatMap { packageShared[$0] } ?? shared, library: library, adapter: adapterPrefix, folderConfig: [:],
                properties: project.properties.analyses[file.name], kind: "analysis")
            diagnostics.append(contentsOf: cap.diagnostics)
            guard let template = cap.template else { continue }
            if modelNames.contains(file.name) {
                diagnostics.append(
                    .error(
                        "analysis '\(file.name)' has the same name as a model", path: file.path,
                        hint: "rename the analysis; its compiled file would shadow the model's in the docs and selectors"))
                continue
            }
            let id = "analysis.\(owner).\(file.name)"
            var node = CompiledNode(
                uniqueId: id, name: file.name, resourceType: .analysis, packageName: owner,
                fqn: [owner, "analysis"] + file.folders + [file.name], originalFilePath: file.path, path: "analysis/" + file.relativePath,
                config: cap.config, description: cap.properties?.description ?? "", columns: cap.properties?.columns ?? [],
                meta: cap.config["meta"].flatMap { if case .object(let o) = $0 { o } else { nil } } ?? [:],
                rawCode: nil, file: file.file)
            node.refs = cap.refs.map { r in r.package.map { [$0, r.name] } ?? [r.name] }
            node.sources = cap.sources.map { [$0.source, $0.table] }
            node.recordReads(cap.reads, library: library, adapter: adapterPrefix)
            nodes[id] = node
            templates[id] = template
            refCalls[id] = cap.refs
            sourceCalls[id] = cap.sources
        }
        for (name, props) in project.properties.analyses
        where nodes["analysis.\(project.package(ofFile: props.range.file.path) ?? pkg).\(name)"] == nil {
            diagnostics.append(
                Diagnostic.warning(
                    "property file describes analysis '\(name)', but no analysis file has that name",
                    at: props.range
                )
                .suggesting(name, from: project.analyses.map(\.name)))
        }
    }
}
