import Foundation
import SDBasics
import SDCompiler
import SDProject

/// Everything a target is, in one type per target module: what `TargetAdapter` (SDProject) gives
/// the loader and the compiler (type name, typed profile keys, defaults, model checks), plus how its
/// SQL quotes names and writes literals, how a seed column's type is spelt, and how to open the
/// engine. Adding a target is one module with one `Adapter` and one line in the executable's
/// registry (docs/adapters.md).
public protocol Adapter: TargetAdapter {
    /// The name in messages: "DuckDB", "Athena".
    var displayName: String { get }
    /// Opens a session on the target.
    func makeEngine(_ context: EngineContext) throws -> any Engine
    /// An identifier as the target's SQL quotes it.
    func quote(_ identifier: String) -> String
    /// A value as a SQL literal of the target.
    func literal(_ value: JSONValue) -> String
    /// The type a seed column of `type` gets in the target's DDL.
    func sqlType(_ type: SeedLogicalType) -> String
    /// Checks before the connection test of `swiftdbt debug` (credentials, endpoints); none by default.
    func preflight(_ context: EngineContext) async -> [PreflightStep]
}

extension Adapter {
    /// Standard SQL's double quotes, as DuckDB and Athena (Trino) both quote (`Relation.quote`).
    public func quote(_ identifier: String) -> String { Relation.quote(identifier) }

    public func literal(_ value: JSONValue) -> String { StandardSQL.literal(value) }

    public func sqlType(_ type: SeedLogicalType) -> String { type.sqlName }

    public func preflight(_ context: EngineContext) async -> [PreflightStep] { [] }
}

/// Shared SQL spellings for adapters whose SQL is standard in that respect.
public enum StandardSQL {
    /// A JSON value as a standard SQL literal: strings single-quoted with quotes doubled
    /// (`SeedLiteral.quoted`), numbers and booleans as written, anything else `null`.
    public static func literal(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): SeedLiteral.quoted(s)
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): b ? "true" : "false"
        default: "null"
        }
    }
}

/// What opening an engine needs besides the target; the executable fills it, tests build their own.
public struct EngineContext: Sendable {
    public var target: Target
    /// The project folder: relative paths in the profile are resolved against it.
    public var projectRoot: String
    public var environment: [String: String]
    public var fileSystem: FileSystem
    /// The run's invocation id (run leases and ownership tags use it).
    public var invocationId: String
    /// Where credentials an engine resolves are registered for redaction.
    public var scrubber: SecretScrubber?

    public init(
        target: Target, projectRoot: String, environment: [String: String], fileSystem: FileSystem,
        invocationId: String, scrubber: SecretScrubber? = nil
    ) {
        self.target = target
        self.projectRoot = projectRoot
        self.environment = environment
        self.fileSystem = fileSystem
        self.invocationId = invocationId
        self.scrubber = scrubber
    }
}

/// One line of `swiftdbt debug`'s connection report (SDBasics/CheckStep.swift).
public typealias PreflightStep = CheckStep

/// The executable's list of adapters, as one value for the loader (`registry`) and the engine factory.
public struct AdapterRegistry: Sendable {
    public var adapters: [any Adapter]

    public init(_ adapters: [any Adapter]) { self.adapters = adapters }

    /// The same adapters as SDProject sees them, for `ProjectPipeline`.
    public var registry: TargetAdapterRegistry { TargetAdapterRegistry(adapters.map { $0 as any TargetAdapter }) }

    /// The adapter of a loaded target.
    public func adapter(for target: Target) -> (any Adapter)? { adapters.first { $0.typeName == target.type } }
}
