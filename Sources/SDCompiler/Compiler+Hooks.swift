import Foundation
import SDBasics
import SDProject
import SDTemplate

/// One rendered hook statement: its SQL and whether dbt would run it inside the node's transaction
/// (`transaction: false` in the hook's config form asks for outside).
public struct RenderedHook: Sendable, Hashable {
    public var sql: String
    public var transaction: Bool
    public init(sql: String, transaction: Bool = true) {
        self.sql = sql
        self.transaction = transaction
    }
}

/// `on-run-start` or `on-run-end` (project.yml).
public enum ProjectHookKind: String, Sendable {
    case start = "on-run-start"
    case end = "on-run-end"
}

extension Compiler {
    /// A node's `pre-hook`/`post-hook` config as (SQL template, transaction) in run order.
    ///
    /// dbt's order (docs.getdbt.com, "pre-hook & post-hook", "Execution ordering"): hooks from
    /// project.yml first, then those of the model itself, each in the order written. NodeConfig's
    /// merge appends the additive hook keys folder blocks < property files < `config()`, which is
    /// that order. Empty strings are skipped, as dbt skips them.
    static func hookTemplates(_ value: JSONValue?) -> [(text: String, transaction: Bool)] {
        guard let value else { return [] }
        let items: [JSONValue]
        if case .array(let a) = value { items = a } else { items = [value] }
        return items.compactMap { item in
            switch item {
            case .string(let s): return s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : (s, true)
            case .object(let o):
                guard let sql = o["sql"]?.stringValue, !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                return (sql, o["transaction"]?.boolValue ?? true)
            default: return nil
            }
        }
    }

    /// Hook entries that are neither text nor a mapping with `sql` text: reported, never dropped quietly.
    static func malformedHooks(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        let items: [JSONValue]
        if case .array(let a) = value { items = a } else { items = [value] }
        return items.filter { item in
            switch item {
            case .string, .null: return false
            case .object(let o): return o["sql"]?.stringValue == nil
            default: return true
            }
        }
    }

    /// The hook keys as manifest v12 declares them (`Hook`: `sql`, `transaction`, `index`), templates
    /// unrendered, as dbt writes them.
    static func manifestHooks(_ config: inout [String: JSONValue]) {
        for key in ["pre-hook", "post-hook"] where config[key] != nil {
            config[key] = .array(
                hookTemplates(config[key]).map { .object(["sql": .string($0.text), "transaction": .bool($0.transaction), "index": .null]) })
        }
    }

    /// Renders the pre- and post-hooks of `ids` (every node when nil) with the node's own context
    /// (`this`, `config`, `run_query`), after the node itself was rendered. Hooks render in the same
    /// pass as the SQL, so a hook's template error fails its node before anything of it runs; with
    /// `options.postHooksAfterBuild` the post-hooks are left to `renderPostHooks` (their malformed
    /// entries are still reported here).
    func renderHooks(
        _ compiled: inout CompiledProject, ids: Set<String>?, shared: SharedContext, resolver: ProjectResolver,
        diagnostics: inout DiagnosticBag
    ) {
        // Only nodes with a hook key, or hooks from an earlier render, have anything to render,
        // check or clear; sorting all 160,000 ids of a 100k project to visit them cost 0.1 s.
        let wanted = (ids.map(Array.init) ?? Array(compiled.nodes.keys)).filter { id in
            guard let node = compiled.nodes[id] else { return false }
            return node.config["pre-hook"] != nil || node.config["post-hook"] != nil || !node.preHooks.isEmpty || !node.postHooks.isEmpty
        }.sorted()
        let library = RuntimeMacros.adding(to: compiled.macros)
        for id in wanted {
            guard let node = compiled.nodes[id], node.resourceType != .test else { continue }
            for key in ["pre-hook", "post-hook"] {
                for bad in Compiler.malformedHooks(node.config[key]) {
                    diagnostics.append(
                        .error(
                            "'\(key)' must be SQL text or a mapping with 'sql' (and 'transaction'), found \(bad.serialized(indent: 0))",
                            path: node.originalFilePath, hint: "write \(key): \"insert into audit select '<< this >>'\""))
                }
                if key == "post-hook" && options.postHooksAfterBuild { continue }
                let rendered = renderNodeHooks(key, of: node, shared: shared, resolver: resolver, library: library, diagnostics: &diagnostics)
                // Most nodes have no hooks: writing an empty list back would copy each node (CompiledNode.swift).
                if rendered.isEmpty && (key == "pre-hook" ? node.preHooks : node.postHooks).isEmpty { continue }
                if key == "pre-hook" { compiled.nodes[id]?.preHooks = rendered } else { compiled.nodes[id]?.postHooks = rendered }
            }
        }
    }

    /// `node`'s hooks under `key` (`pre-hook` or `post-hook`), each laid over its own file name
    /// (`models/m.sql (post-hook 1)`) so an error points into the hook; those that fail are left out.
    private func renderNodeHooks(
        _ key: String, of node: CompiledNode, shared: SharedContext, resolver: ProjectResolver, library: MacroLibrary,
        diagnostics: inout DiagnosticBag
    ) -> [RenderedHook] {
        var rendered: [RenderedHook] = []
        for (i, hook) in Compiler.hookTemplates(node.config[key]).enumerated() {
            let file = SourceFile(path: "\(node.originalFilePath) (\(key) \(i + 1))", text: hook.text)
            let host = NodeHost(
                shared: shared, config: node.config, this: node.relation, resolver: resolver, isIncremental: node.renderedIncremental)
            guard let sql = renderHook(file, host: host, library: library, diagnostics: &diagnostics) else { continue }
            rendered.append(RenderedHook(sql: sql, transaction: hook.transaction))
        }
        return rendered
    }

    /// `node`'s post-hooks, rendered when the run reaches them: after the node's build, so a
    /// post-hook's `run_query` sees the relation it follows, as in dbt, which renders a node's hooks
    /// when it runs the node (docs.getdbt.com, "pre-hook & post-hook"). Throws the template's
    /// positioned errors; the node then fails after its build, as a failing post-hook does.
    public func renderPostHooks(of node: CompiledNode, in compiled: CompiledProject) throws(DiagnosticError) -> [RenderedHook] {
        guard !Compiler.hookTemplates(node.config["post-hook"]).isEmpty else { return [] }
        var bag = DiagnosticBag()
        let hooks = renderNodeHooks(
            "post-hook", of: node, shared: makeShared(), resolver: ProjectResolver(nodes: compiled.nodes),
            library: RuntimeMacros.adding(to: compiled.macros), diagnostics: &bag)
        if bag.hasErrors { throw DiagnosticError(bag.diagnostics) }
        return hooks
    }

    private func renderHook(_ file: SourceFile, host: NodeHost, library: MacroLibrary, diagnostics: inout DiagnosticBag) -> String? {
        let (template, syntax) = Template.parse(file)
        diagnostics.append(contentsOf: syntax)
        guard !syntax.contains(where: { $0.severity == .error }) else { return nil }
        do {
            let sql = try TemplateRenderer(host: host, library: library, adapterPrefix: adapterPrefix).render(template)
            diagnostics.append(contentsOf: host.warnings)
            return sql.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
    }

    /// Renders project.yml's `on-run-start` or `on-run-end` hooks, each laid over its place in
    /// project.yml so a template error points at the line written. `context` adds globals: at run end
    /// `results`, `schemas` and `database_schemas` (docs.getdbt.com, "on-run-start & on-run-end").
    /// Empty results are dropped; nil when any hook failed to render.
    public func renderProjectHooks(
        _ kind: ProjectHookKind, in compiled: CompiledProject, context: [String: JSONValue] = [:],
        diagnostics: inout DiagnosticBag
    ) -> [String]? {
        let nodes = kind == .start ? compiled.project.config.onRunStart : compiled.project.config.onRunEnd
        let shared = makeShared()
        let resolver = ProjectResolver(nodes: compiled.nodes)
        let library = RuntimeMacros.adding(to: compiled.macros)
        var out: [String] = []
        var failed = false
        for node in nodes {
            guard let text = node.string else { continue }
            let file = YAMLTemplating.layout(text, at: node.range) ?? SourceFile(path: node.range.file.path, text: text)
            let host = NodeHost(shared: shared, config: NodeConfig(), this: nil, resolver: resolver, isIncremental: false)
            for (k, v) in context { host.extraGlobals[k] = Value(json: v) }
            guard let sql = renderHook(file, host: host, library: library, diagnostics: &diagnostics) else {
                failed = true
                continue
            }
            if !sql.isEmpty { out.append(sql) }
        }
        return failed ? nil : out
    }

    /// `swiftdbt run-operation MACRO --args ...`: calls the macro with the arguments as keywords and a
    /// real-render context (execute true, run_query on `options.connection`); what it runs through
    /// run_query/statement is its effect, and the returned text is only shown at debug level, as in dbt.
    /// What the macro says with `log(…)`/`print(…)` goes to `messages` (CompileMessages.swift).
    public func runOperation(
        _ macro: String, arguments: [String: JSONValue], in compiled: CompiledProject, diagnostics: inout DiagnosticBag,
        messages: TemplateMessageLog? = nil
    ) -> String? {
        let call = SourceFile(path: "run-operation", text: macro)
        let range = SourceRange(file: call, bytes: 0..<macro.utf8.count)
        let host = NodeHost(
            shared: makeShared(), config: NodeConfig(), this: nil, resolver: ProjectResolver(nodes: compiled.nodes), isIncremental: false)
        let keywords = arguments.keys.sorted().map { key in
            CallArguments.Keyword(name: key, nameRange: range, argument: .init(value: Value(json: arguments[key] ?? .null), range: range))
        }
        do {
            let value = try TemplateRenderer(
                host: host, library: RuntimeMacros.adding(to: compiled.macros), adapterPrefix: adapterPrefix, messageLog: messages
            )
            .callMacro(macro, arguments: CallArguments(function: macro, positional: [], keywords: keywords, range: range))
            diagnostics.append(contentsOf: host.warnings)
            return value.renderedText
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return nil
        }
    }
}
