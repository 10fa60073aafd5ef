import SDBasics
import SDGraph
import SDProject
import SDTemplate

extension Compiler {
    /// Compiles SQL given on the command line (`show --inline`): templates allowed, refs resolved,
    /// ephemeral parents injected, as if it were a model named `inline_query`.
    public func compileInline(_ text: String, in compiled: CompiledProject, diagnostics: inout DiagnosticBag) -> String? {
        let file = SourceFile(path: "--inline", text: text)
        let (template, syntax) = Template.parse(file)
        diagnostics.append(contentsOf: syntax)
        guard !diagnostics.hasErrors else { return nil }
        let shared = makeShared()
        let resolver = ProjectResolver(nodes: compiled.nodes)
        let byName = resolver.byName
        let recorder = RecordingResolver(inner: resolver)
        let recordingHost = NodeHost(shared: shared, config: NodeConfig(), this: nil, resolver: recorder, isIncremental: false)
        let sql: String
        do {
            sql = try TemplateRenderer(host: recordingHost, library: compiled.macros, adapterPrefix: adapterPrefix).render(template)
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
        // Inline every ephemeral model the query reaches, in dependency order.
        var ephemerals = Set<String>()
        var stack = recorder.referenced.compactMap { byName[$0]?.uniqueId }
        while let id = stack.popLast() {
            guard let n = compiled.nodes[id], n.materialized == "ephemeral", !ephemerals.contains(id) else { continue }
            ephemerals.insert(id)
            stack.append(contentsOf: n.dependsOn)
        }
        guard !ephemerals.isEmpty else { return sql }
        let order = compiled.graph.topologicalOrder.filter { ephemerals.contains($0) }
        var copy = compiled
        render(&copy, ids: Set(order), diagnostics: &diagnostics)
        let ctes = order.compactMap { id -> String? in
            guard let n = compiled.nodes[id], let code = copy.nodes[id]?.compiledCode else { return nil }
            return "\(Compiler.cteName(n.name)) as (\n\(code.trimmingCharacters(in: .whitespacesAndNewlines))\n)"
        }
        return Compiler.injectCTEs(ctes, into: sql)
    }
}

/// Remembers which refs a render resolved.
final class RecordingResolver: RelationResolver {
    let inner: ProjectResolver
    var referenced: [String] = []
    init(inner: ProjectResolver) { self.inner = inner }
    func resolveRef(_ name: String, package: String?, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        referenced.append(name)
        return try inner.resolveRef(name, package: package, range: range)
    }
    func resolveSource(_ source: String, _ table: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        try inner.resolveSource(source, table, range: range)
    }
    func resolveVersionedRef(_ name: String, version: String, range: SourceRange) throws(DiagnosticError) -> RelationObject {
        referenced.append(name)
        return try inner.resolveVersionedRef(name, version: version, range: range)
    }
}
