import ArgumentParser

/// Flags every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project-dir"), help: "The project folder (holds project.yml).")
    var projectDir: String = "."

    @Option(name: .customLong("profiles-dir"),
            help: "Folder with profiles.yml (else $SWIFTDBT_PROFILES_DIR, the project, ~/.swiftdbt, $DBT_PROFILES_DIR, ~/.dbt).")
    var profilesDir: String?

    @Option(name: [.short, .long], help: "The target in the profile to use.")
    var target: String?

    @Option(name: .long, help: "Variables as a YAML mapping, e.g. '{lake_root: lake}'.")
    var vars: String?

    @Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: LogFormat = .text

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    @Flag(name: .customLong("use-colors"), help: "Colour the output even when it is not a terminal.")
    var useColors = false
}

enum LogFormat: String, ExpressibleByArgument, Sendable {
    case text, json
}

/// `--select` and `--exclude`, in dbt's grammar.
struct SelectionOptions: ParsableArguments {
    @Option(name: [.short, .customLong("select"), .customLong("models"), .customShort("m")], parsing: .upToNextOption,
            help: "Nodes to include (dbt selector grammar).")
    var select: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Nodes to leave out.")
    var exclude: [String] = []

    @Option(name: .customLong("indirect-selection"), help: "eager, cautious, buildable or empty.")
    var indirectSelection: String = "eager"
}

/// Flags of commands that execute nodes.
struct ExecutionOptions: ParsableArguments {
    @Flag(name: .customLong("full-refresh"), help: "Rebuild incremental models and seeds from scratch.")
    var fullRefresh = false

    @Flag(name: [.customShort("x"), .customLong("fail-fast")], help: "Stop at the first failure.")
    var failFast = false

    @Option(name: .long, help: "How many nodes may run at once (default: the target's threads).")
    var threads: Int?
}
