import SDBasics

/// The part of a target type that loading and compiling need: its `type:` name, the profile keys it
/// reads (typed, with the required ones), where models go when the profile names no schema or
/// catalog, and the compile-time check of each model. SDEngine's `Adapter` adds the engine, quoting,
/// literals and type mapping on top; the split exists because SDProject and SDCompiler sit below
/// SDEngine and must not import it, yet a bad `incremental_strategy` has to be a positioned error at
/// compile, not a database error at run time. The executable's registry (Sources/swiftdbt/Adapters.swift)
/// lists the adapters; `Profiles.loadTarget` finds one by the profile's `type:` (docs/adapters.md).
public protocol TargetAdapter: Sendable {
    /// The profile's `type:`; also the `adapter.dispatch` macro prefix (`duckdb__…`), `target.type`
    /// in templates and manifest.json's `adapter_type`.
    var typeName: String { get }
    /// Every key of the target block this adapter reads. Others are warned about with a did-you-mean.
    var settingKeys: [TargetSetting] { get }
    /// The model and seed config keys of this target type beyond dbt's general ones (`ConfigKeys.general`),
    /// with their shapes; a `.mapping` key may hold a mapping in a project.yml folder block. Any other key
    /// is warned about with a did-you-mean (`ModelConfigKeys`).
    var configKeys: [TargetSetting] { get }
    /// Keys dbt's own adapter knows but swiftdbt does not implement, each with what to do instead:
    /// warned about with that hint rather than passing unnoticed.
    var unsupportedSettings: [String: String] { get }
    /// The hint for a target block missing required keys.
    var requiredHint: String? { get }
    /// The schema and catalog models go to when the profile names none.
    func defaultLocation(_ settings: [String: JSONValue]) -> (schema: String, database: String)
    /// Compile-time findings for one model: strategies the target lacks, a missing `unique_key`,
    /// a format it cannot write. Called for every model the compiler parses, in every command.
    func validate(_ node: NodeCheck) -> [Diagnostic]
    /// Sources fed by a streaming sink read a local copy of its bucket (`var('lake_root')`), not S3.
    var readsLakeLocally: Bool { get }
    /// Findings inside values whose top-level shape is right (an `attach:` entry without a path);
    /// `ranges` holds each key's value range.
    func checkSettings(_ settings: [String: JSONValue], ranges: [String: SourceRange]) -> [Diagnostic]
    /// What the target does with a model's or seed's non-empty `grants` (privilege → grantees): a
    /// target that applies none must say so, so nobody believes a table is shared when it is not.
    func grantsFinding(at range: SourceRange?, path: String) -> Diagnostic?
    /// How the target treats each constraint type, as dbt's adapter declares it in `CONSTRAINT_SUPPORT`
    /// (default: none supported; Constraint.swift).
    var constraintSupport: [Constraint.Kind: ConstraintSupport] { get }
}

extension TargetAdapter {
    public var configKeys: [TargetSetting] { [] }
    public var unsupportedSettings: [String: String] { [:] }
    public var requiredHint: String? { nil }
    public var readsLakeLocally: Bool { false }
    public func validate(_ node: NodeCheck) -> [Diagnostic] { [] }
    public func checkSettings(_ settings: [String: JSONValue], ranges: [String: SourceRange]) -> [Diagnostic] { [] }
    public func grantsFinding(at range: SourceRange?, path: String) -> Diagnostic? {
        .error(
            "grants are not supported on the \(typeName) target", at: range, path: range == nil ? path : nil,
            hint: "swiftdbt applies no GRANT on this target; manage permissions outside swiftdbt and remove 'grants'")
    }
}

/// One key of a target block and the shape of its value.
public struct TargetSetting: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// Any scalar, read as text (YAML's `2024` is a fine schema name).
        case string
        case integer
        /// An integer or a decimal.
        case number
        case boolean
        /// A list, or one scalar standing for a list of one.
        case list
        case mapping
    }

    public var name: String
    public var kind: Kind
    /// A key that may stand in for this one when this one is required (`region_name` for `region`).
    public var alias: String?
    public var required: Bool

    public init(_ name: String, _ kind: Kind = .string, required: Bool = false, alias: String? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.alias = alias
    }

    /// Whether `value` has this setting's shape.
    public func accepts(_ value: JSONValue) -> Bool {
        switch (kind, value) {
        case (_, .null): true
        case (.string, .string), (.string, .int), (.string, .double), (.string, .bool): true
        case (.integer, .int): true
        case (.number, .int), (.number, .double): true
        case (.boolean, .bool): true
        case (.boolean, .string(let s)): ["true", "false"].contains(s.lowercased())
        case (.list, .array), (.list, .string): true
        case (.mapping, .object): true
        default: false
        }
    }

    /// A value as a message quotes it: scalars as written, containers by kind.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .object: "a mapping"
        case .array: "a list"
        case .null: "nothing"
        case .string(let s): "'\(s)'"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        }
    }

    var shape: String {
        switch kind {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .list: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// The adapters a run knows, by `type:` name, in the order they are listed.
public struct TargetAdapterRegistry: Sendable {
    public var adapters: [any TargetAdapter]

    public init(_ adapters: [any TargetAdapter]) { self.adapters = adapters }

    public func adapter(named name: String) -> (any TargetAdapter)? { adapters.first { $0.typeName == name } }

    public var typeNames: [String] { adapters.map(\.typeName) }

    /// The config keys models and seeds may use under these adapters.
    public var configKeys: ModelConfigKeys { ModelConfigKeys(adapters: adapters) }
}

/// What an adapter's `validate` sees of a model: its merged config, the parsed materialization, and
/// where each key was set, so a finding points at the value the user wrote.
public struct NodeCheck: Sendable {
    public var name: String
    public var config: NodeConfig
    public var materialization: Materialization
    /// Where each config key was set (the `config(...)` argument, else the property file's or
    /// project.yml's key), by key.
    public var ranges: [String: SourceRange]
    /// The model's file, named when no range is known.
    public var path: String

    public init(name: String, config: NodeConfig, materialization: Materialization, ranges: [String: SourceRange], path: String) {
        self.name = name
        self.config = config
        self.materialization = materialization
        self.ranges = ranges
        self.path = path
    }

    /// An error at the value of `key`, or at the model's file when nothing places it.
    public func error(_ key: String, _ message: String, hint: String? = nil) -> Diagnostic {
        let range = ranges[key]
        return Diagnostic.error(message, at: range, path: range == nil ? path : nil, hint: hint)
    }

    /// The common incremental checks: the strategy is one the target has, and one that needs a
    /// `unique_key` has one. `supported` is in the order the hint lists them.
    public func checkStrategy(target: String, supported: [IncrementalStrategy], needingKey: Set<IncrementalStrategy>) -> [Diagnostic] {
        guard materialization == .incremental, let written = config.string("incremental_strategy") else { return [] }
        let names = supported.map(\.rawValue)
        guard let strategy = IncrementalStrategy(rawValue: written) else {
            return [
                error(
                    "incremental_strategy", "unknown incremental_strategy '\(written)' for model '\(name)'",
                    hint: "the \(target) target supports: \(names.joined(separator: ", "))"
                ).suggesting(written, from: names)
            ]
        }
        guard supported.contains(strategy) else {
            return [
                error(
                    "incremental_strategy", "the \(target) target has no incremental_strategy '\(written)' (model '\(name)')",
                    hint: "the \(target) target supports: \(names.joined(separator: ", "))")
            ]
        }
        if needingKey.contains(strategy), config.uniqueKey.isEmpty {
            return [
                error(
                    "incremental_strategy", "incremental_strategy '\(written)' of model '\(name)' needs a unique_key",
                    hint: "set unique_key to the column (or list of columns) that identifies a row")
            ]
        }
        return []
    }
}
