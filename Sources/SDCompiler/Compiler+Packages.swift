import SDBasics
import SDProject
import SDTemplate

extension Compiler {
    /// Adds installed packages' macros after the project's own: a project macro of the same name
    /// (a `default__x` or `duckdb__x` included) overrides the package's, which is how dbt projects
    /// customise package macros and what dbt's `dispatch:` search order with the root project first
    /// gives (https://docs.getdbt.com/reference/dbt-jinja-functions/dispatch). Two packages defining
    /// one name is still the duplicate error: nothing says which should win.
    /// Each package's macros (and the project's, under its name) are also kept by namespace, for
    /// `helpers.cents(...)`.
    static func addPackageMacros(
        _ templates: [(package: String, template: Template)], project: String, to library: inout MacroLibrary,
        diagnostics: inout [Diagnostic]
    ) {
        let own = Set(library.macroNames)
        let ownTests = Set(library.testNames)
        if !templates.isEmpty { library.namespaces.add(project, library.macros) }
        if !templates.isEmpty { library.namespaces.root = project }
        for (package, t) in templates {
            library.namespaces.add(package, t.macros)
            for m in t.macros where !own.contains(m.name) { library.add(m, diagnostics: &diagnostics) }
            for m in t.tests where !ownTests.contains(m.name) { library.add(m, diagnostics: &diagnostics) }
        }
    }

    /// The render context of each installed package's models: their vars, scoped as dbt scopes them
    /// (https://docs.getdbt.com/docs/build/project-variables): the package's own project.yml `vars:`,
    /// overridden by the project's global vars, overridden by the project's `vars: {<package>: {...}}`,
    /// overridden by `--vars`.
    func makePackageShared() -> [String: SharedContext] {
        var out: [String: SharedContext] = [:]
        for p in project.packages {
            out[p.name] = makeShared(vars: Compiler.packageVars(p, root: project.config))
        }
        return out
    }

    static func packageVars(_ package: InstalledPackage, root: ProjectConfig) -> [String: JSONValue] {
        var vars: [String: JSONValue] = [:]
        for (k, v) in package.config.vars { vars[k] = v.json }
        for (k, v) in root.vars where v.entries == nil || k != package.name { vars[k] = v.json }
        for (k, v) in root.vars[package.name]?.entries ?? [] {
            if let key = k.string { vars[key] = v.json }
        }
        return vars
    }

    /// `ref('package', 'model')`: the package must be the project or an installed package, and the
    /// model must be that package's; otherwise the two-argument form would silently read another
    /// package's model of the same name.
    func packageRefFinding(_ r: RecordedRef, target: CompiledNode?) -> Diagnostic? {
        guard let package = r.package else { return nil }
        let known = [project.name] + project.packages.map(\.name)
        guard known.contains(package) else {
            return Diagnostic.error(
                "no package named '\(package)'", at: r.range,
                hint: project.packages.isEmpty ? "this project installs no packages (packages.yml, swiftdbt deps)" : nil
            )
            .suggesting(package, from: known)
        }
        if let target, target.packageName != package {
            return .error(
                "'\(r.name)' is in package '\(target.packageName)', not '\(package)'", at: r.range,
                hint: "write ref('\(target.packageName)', '\(r.name)') or ref('\(r.name)')")
        }
        return nil
    }
}

extension Compiler {
    /// Where a name written without a package is looked for, in dbt's order (`_packages_to_search` in
    /// dbt-core's core/dbt/contracts/graph/manifest.py, used by `resolve_source`, `resolve_ref` and
    /// `resolve_doc`): the root project, then the calling node's own package, then any other package
    /// (here in package-lock.yml order, so the choice is stable).
    static func searchOrder(root: String, packages: [String], from nodePackage: String) -> [String] {
        var order = [root]
        if nodePackage != root { order.append(nodePackage) }
        for p in packages where !order.contains(p) { order.append(p) }
        return order
    }

    /// The unique id `source('s', 't')` written in a node of `nodePackage` reads, among the declared
    /// sources: `source.<package>.<s>.<t>` of the first package in `searchOrder` that declares it.
    func sourceId(_ source: String, _ table: String, from nodePackage: String, among ids: Set<String>) -> String? {
        Compiler.searchOrder(root: project.name, packages: project.packages.map(\.name), from: nodePackage).lazy
            .map { "source.\($0).\(source).\(table)" }.first { ids.contains($0) }
    }

    /// The property-file entries source nodes are made from, by `sourceTableKey` of the node's package,
    /// source and table. Searching the list per node made attaching source tests quadratic in the
    /// number of tables (20,000 took 6.5 s to list); the first declaration of a key wins, as the search did.
    func sourceTablesByKey() -> [String: SourceTable] {
        var out: [String: SourceTable] = [:]
        for t in project.properties.sources {
            let key = Compiler.sourceTableKey(package: t.package ?? project.name, source: t.sourceName, table: t.name)
            if out[key] == nil { out[key] = t }
        }
        return out
    }

    static func sourceTableKey(package: String, source: String?, table: String) -> String {
        "\(package)\u{0}\(source ?? "\u{0}")\u{0}\(table)"
    }
}

extension ProjectResolver {
    /// The resolver for a node whose lookups follow `order` (`Compiler.searchOrder`).
    func searching(_ order: [String]) -> ProjectResolver {
        var r = self
        r.searchOrder = order
        return r
    }
}
