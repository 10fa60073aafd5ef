import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDProject

/// `swiftdbt retry`: runs again what errored, failed or was skipped in the last run_results.json,
/// with that invocation's command and flags (RetryPlan). dbt's retry works the same way
/// (docs.getdbt.com/reference/commands/retry): after a run with nothing to retry it prints "Nothing
/// to do" and exits 0; flags given to `retry` itself (target, vars, threads) win over the stored ones.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Re-run the nodes that errored, failed or were skipped in the last run, with its flags.",
        discussion: """
            Reads target/run_results.json: its command (build, run, seed or test), selection, vars, target,
            threads, --full-refresh, --state/--defer/--favor-state and --resource-type/--exclude-resource-type
            are used again; only the nodes whose status was error, fail or skipped run.
            Examples:
              swiftdbt build --threads 4     # a model fails, its children are skipped
              swiftdbt retry                 # after fixing the model: it and the skipped nodes, on 4 threads
            """)
    @OptionGroup var project: ProjectOptions
    @Option(name: .long, help: "How many nodes may run at once (default: the last run's).")
    var threads: Int?
    @Flag(name: [.customShort("x"), .customLong("fail-fast")], help: "Stop at the first failure.")
    var failFast = false

    func run() async throws {
        let probe = Session(project)
        let path = try runResultsPath(probe)
        guard probe.fileSystem.fileExists(path), let text = try? probe.fileSystem.readFile(path) else {
            try probe.report(
                .error(
                    "could not find a previous run in '\(relative(path, probe))'", path: path,
                    hint: "retry replays the last build, run, seed or test; run one first"))
            return
        }
        let plan: RetryPlan
        do {
            plan = try RetryPlan.read(text, path: relative(path, probe))
        } catch {
            try probe.report(error)
            return
        }
        var options = project
        let args = plan.args
        if options.target == nil, !args.target.isEmpty { options.target = args.target }
        if options.vars == nil, !args.vars.isEmpty { options.vars = JSONValue.object(args.vars).serialized(indent: 0) }
        // Parsed from nothing rather than SelectionOptions(): every option then holds its default, where the
        // plain initializer leaves an option without `= value` unreadable (ArgumentParser stops the process).
        var selection = try SelectionOptions.parse([])
        selection.select = args.select
        selection.exclude = args.exclude
        selection.selector = args.selector
        selection.state = args.state
        selection.deferToState = args.deferToState
        selection.favorState = args.favorState
        var execution = try ExecutionOptions.parse([])
        execution.threads = threads ?? args.threads
        execution.failFast = failFast || args.failFast
        var run = Execution(
            command: plan.command, session: Session(options), selection: selection, execution: execution,
            only: Set(plan.uniqueIds))
        if plan.command == .build || plan.command == .test {
            run.indirect = args.indirectSelection
            run.keepKinds = args.resourceTypes
            run.dropKinds = args.excludeResourceTypes
        }
        run.fullRefresh = plan.command != .test && args.fullRefresh
        run.empty = (plan.command == .run || plan.command == .build) && args.empty
        try await run.run()
    }

    /// run_results.json under the project's target path (`--target-path`, `DBT_TARGET_PATH`, project.yml).
    private func runResultsPath(_ session: Session) throws -> String {
        var bag = DiagnosticBag()
        let config = ProjectLoader(fileSystem: session.fileSystem, adapters: adapters.registry).loadConfig(root: session.root, diagnostics: &bag)
        try session.report(bag)
        guard let config else { throw ExitCode(1) }
        return "\(session.root)/\(session.targetPath(default: config.targetPath))/run_results.json"
    }

    private func relative(_ path: String, _ session: Session) -> String {
        path.hasPrefix(session.root + "/") ? String(path.dropFirst(session.root.count + 1)) : path
    }

    /// The flags `retry` needs that the common `Args` leave out, from the invocation being written.
    /// The state folder is the one the invocation read: `--state`, else `$SWIFTDBT_STATE`/`$DBT_STATE`
    /// as Session.stateManifest looks them up (dbt stores the value its `DBT_STATE` env var gave too).
    static func completing(
        _ args: RunResults.Args, cliVars: [String: JSONValue], selection: SelectionOptions, indirect: String, threads: Int, empty: Bool,
        kinds: (keep: [String], drop: [String]) = ([], []), environment: [String: String] = [:]
    ) -> RunResults.Args {
        var a = args
        a.vars = cliVars
        a.threads = threads
        a.selector = selection.selector
        a.indirectSelection = indirect
        a.empty = empty
        a.state = selection.state ?? ["SWIFTDBT_STATE", "DBT_STATE"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        a.deferToState = selection.deferToState
        a.favorState = selection.favorState
        a.resourceTypes = kinds.keep
        a.excludeResourceTypes = kinds.drop
        return a
    }
}
