import SDBasics
import SDProject
import SDTemplate

/// `this`, and what `ref`/`source` return: renders as the quoted relation name and exposes its parts.
final class RelationObject: TemplateObject {
    let relation: Relation
    /// What `<< ref('x') >>` outputs; differs from `relation.quoted` for ephemeral models (a CTE name).
    let rendered: String
    init(_ relation: Relation, rendered: String? = nil) {
        self.relation = relation
        self.rendered = rendered ?? relation.quoted
    }
    /// dbt 1.8's `--empty` rendering of a relation limited to zero rows (dbt-adapters'
    /// `BaseRelation._render_limited_alias`): `(select * from X where false limit 0) _dbt_limit_subq_x`.
    /// An ephemeral model's CTE name is left alone: its own refs are emptied where it is rendered.
    var emptied: RelationObject {
        guard rendered == relation.quoted else { return self }
        return RelationObject(relation, rendered: "(select * from \(rendered) where false limit 0) _dbt_limit_subq_\(relation.identifier)")
    }

    var typeName: String { "relation" }
    var renderedText: String { rendered }
    var attributeNames: [String] { ["database", "schema", "identifier", "name", "table", "render"] }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "database": .string(relation.database)
        case "schema": .string(relation.schema)
        case "identifier", "name", "table": .string(relation.identifier)
        case "render": .function("render") { _ in .string(self.rendered) }
        default: nil
        }
    }
}

/// `target`: the profile's chosen output. Secrets are not exposed.
final class TargetObject: TemplateObject {
    let target: Target
    let profileName: String
    init(_ target: Target, profileName: String) {
        self.target = target
        self.profileName = profileName
    }
    /// Credentials never reach a template (they would land in compiled SQL and the manifest).
    static func isHidden(_ key: String) -> Bool { key == "aws_access_key_id" || Target.isSecretKey(key) }
    var typeName: String { "target" }
    var renderedText: String { target.name }
    var attributeNames: [String] {
        (["name", "type", "schema", "database", "threads", "profile_name"] + target.settings.keys.filter { !TargetObject.isHidden($0) }).sorted()
    }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "name", "target_name": return .string(target.name)
        case "type": return .string(target.type)
        case "schema": return .string(target.schema)
        case "database": return .string(target.database)
        case "threads": return .int(target.threads)
        case "profile_name": return .string(profileName)
        default:
            guard !TargetObject.isHidden(name), let v = target.settings[name] else { return nil }
            return Value(json: v)
        }
    }
}

/// `config`: callable as `config(materialized='table')`, readable as `config.get('key', default)`.
final class ConfigObject: TemplateObject {
    var recorded: [String: JSONValue] = [:]
    var recordedRanges: [String: SourceRange] = [:]
    var current: NodeConfig
    let capturing: Bool
    /// The keys `config(...)` accepts without a warning.
    let keys: ModelConfigKeys
    init(current: NodeConfig, capturing: Bool, keys: ModelConfigKeys) {
        self.current = current
        self.capturing = capturing
        self.keys = keys
    }
    var typeName: String { "config" }
    var renderedText: String { "" }
    var attributeNames: [String] { ["get", "require"] }
    var isCallable: Bool { true }
    func call(_ arguments: CallArguments) throws -> Value {
        if let first = arguments.positional.first {
            throw DiagnosticError(.error("config() takes keyword arguments only, like config(materialized='table')", at: first.range))
        }
        for k in arguments.keywords {
            if !keys.all.contains(k.name) {
                warnings.append(
                    Diagnostic.warning("unknown config key '\(k.name)'", at: k.nameRange)
                        .suggesting(k.name, from: keys.all))
            } else if let refused = DbtSupport.refusal(k.name, k.argument.value.json, in: DbtSupport.config, at: k.nameRange) {
                warnings.append(refused)
            }
            recorded[k.name] = k.argument.value.json
            recordedRanges[k.name] = k.argument.range
        }
        return .string("")
    }
    var warnings: [Diagnostic] = []
    func attribute(_ name: String) -> Value? {
        switch name {
        case "get":
            return .function("config.get") { args in
                let b = try args.bind(["name", "default"], required: 1)
                let key = try b.string("name")
                if let v = self.recorded[key] ?? self.current[key] { return Value(json: v) }
                return b["default"]?.value ?? .none
            }
        case "require":
            return .function("config.require") { args in
                let b = try args.bind(["name"], required: 1)
                let key = try b.string("name")
                if let v = self.recorded[key] ?? self.current[key] { return Value(json: v) }
                throw DiagnosticError(.error("required config '\(key)' is not set", at: args.range))
            }
        default: return nil
        }
    }
}

/// `exceptions.raise_compiler_error(msg)` and `exceptions.warn(msg)`, as in dbt.
final class ExceptionsObject: TemplateObject {
    var warnings: [Diagnostic] = []
    var typeName: String { "exceptions" }
    var renderedText: String { "" }
    var attributeNames: [String] { ["raise_compiler_error", "warn"] }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "raise_compiler_error":
            return .function("raise_compiler_error") { args in
                let b = try args.bind(["message"], required: 1)
                let text = b["message"].map { Value.describe($0.value) } ?? ""
                throw DiagnosticError(.error(text, at: args.range))
            }
        case "warn":
            return .function("warn") { args in
                let b = try args.bind(["message"], required: 1)
                self.warnings.append(.warning(b["message"].map { Value.describe($0.value) } ?? "", at: args.range))
                return .string("")
            }
        default: return nil
        }
    }
}

extension Value {
    /// Converts a plain JSON value (configs, vars) into a template value.
    init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map { Value(json: $0) })
        case .object(let o): self = .dict(o.keys.sorted().map { ($0, Value(json: o[$0] ?? .null)) })
        }
    }

    /// A short text form of a value for messages.
    static func describe(_ v: Value) -> String {
        switch v {
        case .string(let s): s
        default: v.json.serialized(indent: 0)
        }
    }
}
