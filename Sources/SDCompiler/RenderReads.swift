import SDBasics
import SDTemplate

/// What one render read besides its template: the global names it looked up (macros among them,
/// called directly or from inside other macros, since a macro body renders with the same host) and
/// the value of every `var()` and `env_var()` call. State comparison (StateComparison.swift) uses
/// these so that a node counts as modified when a macro it really calls changes, and not when an
/// unrelated macro does; and when a var or env var it read changed, which dbt's comparison misses
/// (dbt-core compares only the file and config, so `--vars` changes are invisible to `state:modified`).
///
/// A plain value with no lock: a render runs on one thread from start to end with its own NodeHost,
/// which owns this record, and the capture hands a copy out (`Compiler.ModelCapture`). Only the
/// capture render records (NodeHost.swift): its result is what the manifest keeps. A lock here cost a
/// lock round trip and a set insertion on every global lookup of all 16,000 renders of a 10k project.
struct RenderReads: Sendable {
    private var names = Set<String>()
    private var values: [String: String] = [:]

    /// A global name the template or one of its macros asked for that the host did not answer
    /// itself: a macro, a built-in or an undefined name (the host's own globals shadow macros).
    mutating func lookedUp(_ name: String) {
        names.insert(name)
    }

    /// Records the value a `var`/`env_var` call returned under `function.name`, then passes it on.
    mutating func read(_ function: String, _ args: CallArguments, _ value: Value) -> Value {
        let name = args.positional.first?.value ?? args.keywords.first { $0.name == "name" }?.argument.value
        if case .string(let n)? = name {
            values["\(function).\(n)"] = value.renderedText
        }
        return value
    }

    /// The macros of `library` among the names looked up, as the manifest's unique ids
    /// (`macro.<project>.<name>`), after the adapter's dispatch, sorted.
    func macroIds(library: MacroLibrary, adapter: String, project: String) -> [String] {
        let resolved = names.compactMap { library.resolve($0, adapterPrefix: adapter)?.name }
        return Set(resolved).map { "macro.\(project).\($0)" }.sorted()
    }

    /// Each value read, as a short SHA-256 of the value: enough to see a change, without writing
    /// the values (an env var may hold something that should not sit in target/) to the manifest.
    var digests: [String: String] {
        values.mapValues { String(SHA256Digest.hex(Array($0.utf8)).prefix(16)) }
    }
}
