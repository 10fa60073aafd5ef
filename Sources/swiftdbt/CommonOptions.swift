import ArgumentParser

/// Flags every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project-dir"), help: "The project folder (holds project.yml).")
    var projectDir: String = "."

    @Option(
        name: .customLong("profiles-dir"),
        help: "Folder with profiles.yml (else $SWIFTDBT_PROFILES_DIR, the project, ~/.swiftdbt, $DBT_PROFILES_DIR, ~/.dbt).")
    var profilesDir: String?

    @Option(name: [.short, .long], help: "The target in the profile to use.", completion: .custom(Completions.targetNames))
    var target: String?

    @Option(name: .long, help: "Variables as a YAML mapping, e.g. '{lake_root: lake}'.")
    var vars: String?

    @Option(name: .customLong("log-format"), help: "text or json.", completion: .list(LogFormat.allCases.map(\.rawValue)))
    var logFormat: LogFormat = .text

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @Flag(name: .customLong("use-colors"), help: "Colour the output even when it is not a terminal.")
    var useColors = false

    @Flag(name: [.customShort("q"), .long], help: "Print only errors (and the result of show and compile --inline/-s), as dbt's --quiet.")
    var quiet = false

    @Option(name: .customLong("log-level"), help: "Lowest level printed: debug, info (default), warn, error or none.")
    var logLevel: LogLevel?

    @Flag(name: .long, help: "Log at debug level (same as --log-level debug).")
    var debug = false

    @Flag(name: .customLong("warn-error"), help: "Treat every warning as an error.")
    var warnError = false

    @Option(
        name: .customLong("warn-error-options"),
        help: "Which warnings become errors, by event name: '{\"error\": [\"all\"], \"warn\": [\"Note\"]}'.")
    var warnErrorOptions: String?

    @Flag(name: .customLong("no-print"), help: "Do not show what templates print() (dbt's --no-print); log() messages still show.")
    var noPrint = false

    @Option(name: .customLong("target-path"), help: "Where artifacts and compiled SQL go (overrides project.yml's target-path; also $DBT_TARGET_PATH).")
    var targetPath: String?

    /// The console level this invocation asked for, nil when none was asked (dbt's precedence:
    /// `--quiet` wins, then `--debug`, then `--log-level`).
    var consoleLevel: LogLevel? {
        if quiet { return .error }
        if debug { return .debug }
        return logLevel
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// dbt's `--log-level` values (docs.getdbt.com, "Logs" global config).
enum LogLevel: String, ExpressibleByArgument, CaseIterable, Sendable {
    case debug, info, warn, error, none
}

/// `--select` and `--exclude`, in dbt's grammar.
struct SelectionOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("select"), .customLong("models"), .customShort("m")], parsing: .upToNextOption,
        help: "Nodes to include (dbt selector grammar).", completion: .custom(Completions.nodeNames))
    var select: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Nodes to leave out.", completion: .custom(Completions.nodeNames))
    var exclude: [String] = []

    @Option(name: .long, help: "A selector defined in selectors.yml (instead of --select/--exclude).")
    var selector: String?

    @Option(
        name: .long,
        help: "Folder with the manifest.json of a previous run, for state: selection and --defer (also $SWIFTDBT_STATE, $DBT_STATE).")
    var state: String?

    @Flag(name: .customLong("defer"), help: "Refs to unselected nodes missing from the target read the --state manifest's relations.")
    var deferToState = false

    @Flag(name: .customLong("favor-state"), help: "With --defer: refs to unselected nodes always read the --state relations.")
    var favorState = false

    func validate() throws {
        if selector != nil && !(select.isEmpty && exclude.isEmpty) {
            throw ValidationError("--selector cannot be combined with --select or --exclude (put them in the selector's definition)")
        }
    }
}

/// `--indirect-selection`: only where tests can be selected indirectly (build, test, compile, ls), as in dbt.
struct IndirectSelectionOptions: ParsableArguments {
    @Option(name: .customLong("indirect-selection"), help: "eager, cautious, buildable or empty.")
    var indirectSelection: String = "eager"
}

/// `--full-refresh`: run, seed and build (dbt's `test` has no such flag).
struct FullRefreshOptions: ParsableArguments {
    @Flag(name: .customLong("full-refresh"), help: "Rebuild incremental models and seeds from scratch.")
    var fullRefresh = false
}

/// Flags of commands that execute nodes.
struct ExecutionOptions: ParsableArguments {
    @Flag(name: [.customShort("x"), .customLong("fail-fast")], help: "Stop at the first failure.")
    var failFast = false

    @Option(name: .long, help: "How many nodes may run at once (default: the target's threads).")
    var threads: Int?
}

/// `--empty` (run, build): dbt 1.8's dry run against real schemas; refs and sources read zero rows.
struct EmptyOptions: ParsableArguments {
    @Flag(name: .long, help: "Build every selected model from zero-row refs and sources (checks SQL and schema, reads no data).")
    var empty = false
}
