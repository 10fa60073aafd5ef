import Foundation
import SDBasics
import SDTemplate

/// What one render read besides its template: the global names it looked up (macros among them,
/// called directly or from inside other macros, since a macro body renders with the same host) and
/// the value of every `var()` and `env_var()` call. State comparison (StateComparison.swift) uses
/// these so that a node counts as modified when a macro it really calls changes, and not when an
/// unrelated macro does; and when a var or env var it read changed, which dbt's comparison misses
/// (dbt-core compares only the file and config, so `--vars` changes are invisible to `state:modified`).
final class RenderReads: @unchecked Sendable {
    private let lock = NSLock()
    private var names = Set<String>()
    private var values: [String: String] = [:]

    /// A global name the template or one of its macros asked for.
    func lookedUp(_ name: String) {
        lock.withLock { _ = names.insert(name) }
    }

    /// Records the value a `var`/`env_var` call returned under `function.name`, then passes it on.
    func read(_ function: String, _ args: CallArguments, _ value: Value) -> Value {
        let name = args.positional.first?.value ?? args.keywords.first { $0.name == "name" }?.argument.value
        if case .string(let n)? = name {
            lock.withLock { values["\(function).\(n)"] = value.renderedText }
        }
        return value
    }

    /// The macros of `library` among the names looked up, as the manifest's unique ids
    /// (`macro.<project>.<name>`), after the adapter's dispatch, sorted.
    func macroIds(library: MacroLibrary, adapter: String, project: String) -> [String] {
        let looked = lock.withLock { names }
        let resolved = looked.compactMap { library.resolve($0, adapterPrefix: adapter)?.name }
        return Set(resolved).map { "macro.\(project).\($0)" }.sorted()
    }

    /// Each value read, as a short SHA-256 of the value: enough to see a change, without writing
    /// the values (an env var may hold something that should not sit in target/) to the manifest.
    var digests: [String: String] {
        lock.withLock { values }.mapValues { String(SHA256Digest.hex(Array($0.utf8)).prefix(16)) }
    }
}
