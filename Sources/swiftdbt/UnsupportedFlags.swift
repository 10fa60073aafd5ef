import SDBasics

/// dbt flags swiftdbt does not implement, each refused with what to do instead, so a dbt user's
/// habit gets an answer rather than ArgumentParser's bare "Unknown option" (or, worse, a flag that
/// is accepted and does nothing). The names follow dbt-core's `dbt/cli/params.py`.
enum UnsupportedFlags {
    static let hints: [String: String] = [
        "--store-failures": "failing rows are not stored in tables; `swiftdbt test` prints a sample of them",
        "--log-path": "swiftdbt writes no log file; use --log-format json and redirect stdout",
        "--log-format-file": "swiftdbt writes no log file; use --log-format json and redirect stdout",
        "--log-level-file": "swiftdbt writes no log file; use --log-level and redirect stdout",
        "--partial-parse": "swiftdbt parses the whole project each time (no partial-parse cache); the flag is not needed",
        "--no-partial-parse": "swiftdbt parses the whole project each time (no partial-parse cache); the flag is not needed",
        "--printer-width": "lines are padded to dbt's default of 80 columns",
        "--profile": "the profile is the one project.yml names; pick its output with --target",
        "--event-time-start": "microbatch incremental models are not implemented",
        "--event-time-end": "microbatch incremental models are not implemented",
        "--sample": "sample mode is not implemented; --empty builds from zero-row inputs",
        "--show": "use `swiftdbt show -s <seed>` to preview a seed",
        "--write-json": "artifacts are always written to the target path",
        "--no-write-json": "artifacts are always written to the target path",
        "--send-anonymous-usage-stats": "swiftdbt sends nothing",
        "--no-send-anonymous-usage-stats": "swiftdbt sends nothing",
        "--version-check": "swiftdbt does not compare versions with the project",
        "--no-version-check": "swiftdbt does not compare versions with the project",
        "--cache-selected-only": "swiftdbt lists the target's schemas itself",
        "--populate-cache": "swiftdbt lists the target's schemas itself",
        "--macro-debugging": "use --debug to see the statements sent",
    ]

    /// The first argument (before a `--`) that is a dbt flag swiftdbt refuses, as a diagnostic
    /// positioned on the command line.
    static func finding(in arguments: [String]) -> Diagnostic? {
        let line = arguments.joined(separator: " ")
        var offset = 0
        for arg in arguments {
            if arg == "--" { return nil }
            let name = String(arg.prefix { $0 != "=" })
            if let hint = hints[name] {
                let file = SourceFile(path: "command line", text: line)
                let range = SourceRange(file: file, bytes: offset..<(offset + name.utf8.count))
                return .error("swiftdbt does not support dbt's \(name)", at: range, hint: hint)
            }
            offset += arg.utf8.count + 1
        }
        return nil
    }
}
