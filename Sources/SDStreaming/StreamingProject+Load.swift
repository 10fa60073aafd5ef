import SDBasics
import SDProject

extension StreamingProject {
    /// The declarations of a loaded project: its streaming files, with project vars under `--vars`
    /// and its declared source tables for `feeds:`.
    public static func load(
        _ project: Project, cliVars: [String: JSONValue], environment: [String: String],
        diagnostics: inout DiagnosticBag
    ) -> StreamingProject? {
        var vars: [String: JSONValue] = [:]
        for (k, v) in project.config.vars { vars[k] = v.json }
        for (k, v) in cliVars { vars[k] = v }
        let loader = StreamingLoader(
            environment: environment, vars: vars,
            knownSourceTables: project.properties.sources.map { [$0.sourceName, $0.name] })
        let loaded = loader.load(project.streamingFiles, diagnostics: &diagnostics)
        if let loaded {
            diagnostics.append(
                contentsOf: loaded.lakeLayoutWarnings(
                    sources: project.properties.sources.map { ($0.sourceName, $0.name, $0.external) }))
        }
        return loaded
    }
}
