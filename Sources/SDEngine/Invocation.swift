import Foundation
import SDBasics
import SDCompiler

/// One `run`, `seed`, `build` or `test` over already compiled nodes: schedules them on the engine
/// through `NodeExecutor`, reports progress and the summary, and writes run_results.json.
///
/// The executable connects the engine, compiles, and traps signals into `cancellation`; everything
/// after that is here, so a test drives exactly what the CLI runs.
public struct Invocation: Sendable {
    public var command: ExecutionCommand
    public var engine: any Engine
    public var files: RunFiles
    public var threads: Int
    public var failFast: Bool
    public var fullRefresh: Bool
    public var now: @Sendable () -> Date
    /// `--warn-error` (or `--warn-error-options` naming LogTestResult): a test that would warn
    /// fails instead, as dbt's test task decides (its status, the summary and the exit code follow).
    public var testWarningsFail = false

    public init(
        command: ExecutionCommand, engine: any Engine, files: RunFiles, threads: Int, failFast: Bool, fullRefresh: Bool,
        now: @escaping @Sendable () -> Date
    ) {
        self.command = command
        self.engine = engine
        self.files = files
        self.threads = threads
        self.failFast = failFast
        self.fullRefresh = fullRefresh
        self.now = now
    }

    /// Runs `order` (a topological order of the selected nodes); stops starting nodes once
    /// `cancellation` is set, and reports each node's start and end through `reporter`. With more
    /// nodes ready than threads, the longest remaining path starts first, weighted by `durations`
    /// (seconds by unique_id from the last run, `RunFiles.lastDurations`; see `CriticalPath`).
    /// The nodes in `notCompiled` did not render: each is an error without running, and its
    /// children are skipped (Invocation+RenderFailures.swift). `postHooks` renders each node's
    /// post-hooks after its build (NodeExecutor+Hooks.swift).
    public func execute(
        order: [String], nodes: [String: CompiledNode], reporter: ConsoleReporter?,
        cancellation: CancellationFlag, durations: [String: Double] = [:], notCompiled: Set<String> = [],
        postHooks: PostHookRenderer? = nil
    ) async -> RunOutcome {
        var configured = NodeExecutor(
            engine: engine, options: BuildOptions(fullRefresh: fullRefresh), files: files,
            cancellation: cancellation, now: now)
        configured.postHookRenderer = postHooks
        let executor = configured
        let runner = Runner(threads: threads, failFast: failFast, reporter: reporter, now: now)
        return await runner.run(
            order: order, nodes: nodes, cancellation: cancellation,
            testsBlockChildren: command.testsBlockChildren, durations: durations
        ) { [testWarningsFail, now] node in
            if notCompiled.contains(node.uniqueId) { return Invocation.notCompiled(node, at: now()) }
            var result = await executor.execute(node)
            if testWarningsFail && result.status == .warn { result.status = .fail }
            return result
        }
    }

    /// Prints the summary and writes run_results.json, also after an interruption.
    public func finish(
        _ outcome: RunOutcome, nodes: [String: CompiledNode], reporter: ConsoleReporter?, invocationId: String,
        version: String, args: RunResults.Args
    ) {
        reporter?.summary(nodes: nodes, results: outcome.results, elapsed: outcome.elapsed, interrupted: outcome.interrupted)
        let doc = RunResults.document(
            outcome: outcome, nodes: nodes, invocationId: invocationId, generatedAt: now(),
            version: version, args: args.json(command))
        files.writeRunResults(doc)
    }
}

extension RunResults {
    /// The flags of the invocation, written as run_results.json's `args` (dbt writes its parsed
    /// flags there; `which` is the command's name).
    public struct Args: Sendable {
        public var select: [String]
        public var exclude: [String]
        public var target: String
        public var fullRefresh: Bool
        public var failFast: Bool
        public var projectDir: String
        /// `--vars` as parsed, `--threads` when given, `--selector`, `--indirect-selection`, `--empty`:
        /// what `swiftdbt retry` needs to replay the invocation (RetryPlan.swift), as dbt stores them.
        public var vars: [String: JSONValue] = [:]
        public var threads: Int? = nil
        public var selector: String? = nil
        public var indirectSelection = "eager"
        public var empty = false
        /// `--state` (or the state folder from the environment), `--defer`, `--favor-state`,
        /// `--resource-type`, `--exclude-resource-type`, under dbt's keys (`state`, `defer`,
        /// `favor_state`, `resource_types`, `exclude_resource_types`), so a retried slim-CI build
        /// selects and defers as the first one did.
        public var state: String? = nil
        public var deferToState = false
        public var favorState = false
        public var resourceTypes: [String] = []
        public var excludeResourceTypes: [String] = []

        public init(select: [String], exclude: [String], target: String, fullRefresh: Bool, failFast: Bool, projectDir: String) {
            self.select = select
            self.exclude = exclude
            self.target = target
            self.fullRefresh = fullRefresh
            self.failFast = failFast
            self.projectDir = projectDir
        }

        public func json(_ command: ExecutionCommand) -> [String: JSONValue] {
            [
                "which": .string(command.rawValue), "select": .array(select.map { .string($0) }),
                "exclude": .array(exclude.map { .string($0) }), "target": .string(target),
                "full_refresh": .bool(fullRefresh), "fail_fast": .bool(failFast), "project_dir": .string(projectDir),
                "vars": .object(vars), "threads": threads.map { .int($0) } ?? .null, "selector": selector.map { .string($0) } ?? .null,
                "indirect_selection": .string(indirectSelection), "empty": .bool(empty),
                "state": state.map { .string($0) } ?? .null, "defer": .bool(deferToState), "favor_state": .bool(favorState),
                "resource_types": .array(resourceTypes.map { .string($0) }),
                "exclude_resource_types": .array(excludeResourceTypes.map { .string($0) }),
            ]
        }
    }
}
