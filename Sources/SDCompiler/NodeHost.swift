import Foundation
import SDBasics
import SDProject
import SDTemplate

/// A `ref`, `source` or other dependency call found while rendering a node.
struct RecordedRef: Sendable {
    var name: String
    var package: String?
    var range: SourceRange
    /// `ref('m', v=2)`: the model version asked for.
    var version: String? = nil
}

struct RecordedSource: Sendable {
    var source: String
    var table: String
    var range: SourceRange
}

/// Answers ref/source lookups during the real (second) render.
protocol RelationResolver {
    /// The relation `ref(name)` stands for and what it renders as, or a diagnostic.
    func resolveRef(_ name: String, package: String?, range: SourceRange) throws(DiagnosticError) -> RelationObject
    func resolveSource(_ source: String, _ table: String, range: SourceRange) throws(DiagnosticError) -> RelationObject
    /// The relation of one version of a versioned model (`ref('m', v=2)`).
    func resolveVersionedRef(_ name: String, version: String, range: SourceRange) throws(DiagnosticError) -> RelationObject
}

/// The globals a model, test or macro sees: dbt's context, implemented over the compiler's state.
///
/// In capture mode (`resolver == nil`) it records refs, sources and `config(...)` without resolving
/// them, as dbt's parse phase does; in compile mode it returns real relations.
final class NodeHost: TemplateHost {
    let shared: SharedContext
    let config: ConfigObject
    let exceptions = ExceptionsObject()
    let this: RelationObject?
    let resolver: RelationResolver?
    let isIncremental: Bool
    var refs: [RecordedRef] = []
    var sources: [RecordedSource] = []
    var extraGlobals: [String: Value] = [:]
    /// What the capture render read that decides its output besides the template (StateInputs.swift);
    /// a real render (`resolver` set) records nothing, since nothing keeps it.
    private(set) var reads = RenderReads()
    /// `statement(name, ...)` results for `load_result(name)` (NodeHost+RunQuery.swift).
    var statementResults: [String: Value] = [:]

    init(shared: SharedContext, config: NodeConfig, this: Relation?, resolver: RelationResolver?, isIncremental: Bool) {
        self.shared = shared
        self.config = ConfigObject(current: config, capturing: resolver == nil, keys: shared.configKeys)
        self.this = this.map { RelationObject($0) }
        self.resolver = resolver
        self.isIncremental = isIncremental
    }

    static let names: [String] = [
        "ref", "source", "config", "var", "env_var", "this", "target", "is_incremental", "run_started_at",
        "exceptions", "invocation_id", "project_name", "return", "model", "flags",
    ]

    var globalNames: [String] { NodeHost.names + NodeHost.runtimeNames + extraGlobals.keys.sorted() }

    var warnings: [Diagnostic] { config.warnings + exceptions.warnings }

    func global(named name: String) -> Value? {
        if let v = extraGlobals[name] { return v }
        switch name {
        case "ref": return .function("ref") { [unowned self] args in try self.ref(args) }
        case "source": return .function("source") { [unowned self] args in try self.source(args) }
        case "config": return .object(config)
        case "var":
            return .function("var") { [unowned self] args in
                try self.recordRead("var", args, ContextFunctions.variable(args, vars: self.shared.vars))
            }
        case "env_var":
            return .function("env_var") { [unowned self] args in
                try self.recordRead("env_var", args, ContextFunctions.envVar(args, environment: self.shared.environment))
            }
        case "this": return this.map { .object($0) } ?? Value.none
        case "target": return .object(shared.targetObject)
        case "is_incremental":
            return .function("is_incremental") { [unowned self] args in
                _ = try args.bind([], required: 0)
                return .bool(self.isIncremental)
            }
        case "run_started_at": return .string(shared.runStartedAt)
        case "invocation_id": return .string(shared.invocationId)
        case "project_name": return .string(shared.projectName)
        case "exceptions": return .object(exceptions)
        case "flags": return .dict([("FULL_REFRESH", .bool(shared.fullRefresh))])
        default:
            if let v = runtimeGlobal(named: name) { return v }
            // Only a name the host does not answer can be a macro call; the names above shadow macros.
            if resolver == nil { reads.lookedUp(name) }
            return nil
        }
    }

    /// Keeps a `var`/`env_var` value the capture render read (RenderReads.swift), and returns it.
    private func recordRead(_ function: String, _ args: CallArguments, _ value: Value) -> Value {
        resolver == nil ? reads.read(function, args, value) : value
    }

    private func ref(_ args: CallArguments) throws -> Value {
        // ref('model') or ref('package', 'model'), as dbt, with an optional version (v= or version=).
        // The version is keyword-only, as in dbt: a third positional argument is a count error.
        if args.positional.count > 2 {
            _ = try CallArguments(function: args.function, positional: args.positional, keywords: [], range: args.range)
                .bind(["name", "model"], required: 1)
        }
        let b = try args.bind(["name", "model", "version", "v"], required: 1)
        let version = try Compiler.refVersion(b, call: args.range)
        var name = try b.string("name")
        var package: String? = nil
        var range = b["name"]?.range ?? args.range
        if let second = try b.optionalString("model") {
            package = name
            name = second
            range = b["model"]?.range ?? range
        }
        guard let resolver else {
            refs.append(RecordedRef(name: name, package: package, range: range, version: version))
            return .object(RelationObject(Relation(database: shared.target.database, schema: shared.target.schema, identifier: name)))
        }
        let found =
            try version.map { try resolver.resolveVersionedRef(name, version: $0, range: range) }
            ?? resolver.resolveRef(name, package: package, range: range)
        return .object(shared.empty ? found.emptied : found)
    }

    private func source(_ args: CallArguments) throws -> Value {
        let b = try args.bind(["source_name", "table_name"], required: 2)
        let s = try b.string("source_name")
        let t = try b.string("table_name")
        guard let resolver else {
            sources.append(RecordedSource(source: s, table: t, range: args.range))
            return .object(RelationObject(Relation(database: shared.target.database, schema: s, identifier: t)))
        }
        let found = try resolver.resolveSource(s, t, range: args.range)
        return .object(shared.empty ? found.emptied : found)
    }
}

/// What every node's context shares for one compile: target, vars, environment, clock.
final class SharedContext: @unchecked Sendable {
    let target: Target
    let targetObject: TargetObject
    let vars: [String: JSONValue]
    let environment: [String: String]
    let runStartedAt: String
    let invocationId: String
    let projectName: String
    let fullRefresh: Bool
    let configKeys: ModelConfigKeys
    /// `--empty`: refs and sources render as zero-row subqueries (`RelationObject.emptied`).
    var empty = false
    /// The live target for `run_query`/`statement`; nil when the command does not connect.
    var connection: (any QueryConnection)?

    init(
        target: Target, profileName: String, vars: [String: JSONValue], environment: [String: String],
        runStartedAt: String, invocationId: String, projectName: String, fullRefresh: Bool, configKeys: ModelConfigKeys
    ) {
        self.configKeys = configKeys
        self.target = target
        self.targetObject = TargetObject(target, profileName: profileName)
        self.vars = vars
        self.environment = environment
        self.runStartedAt = runStartedAt
        self.invocationId = invocationId
        self.projectName = projectName
        self.fullRefresh = fullRefresh
    }
}
