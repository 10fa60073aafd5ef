import SDBasics

/// What `swiftdbt retry` replays, read from the last `run_results.json`: the command (`args.which`),
/// the invocation's flags, and the nodes to run again.
///
/// dbt's retry (docs.getdbt.com/reference/commands/retry; dbt-core `task/retry.py`) re-executes the
/// previous command restricted to the nodes whose status was `error`, `fail` or `skipped`, with the
/// flags stored in run_results' `args`; when there are none it does nothing ("Nothing to do"). It is
/// a pure reading of the JSON so the decision is tested without a project.
public struct RetryPlan: Sendable {
    /// dbt's retryable statuses (`RETRYABLE_STATUSES` in dbt-core's retry task): a model that errored,
    /// a test that failed, and whatever was skipped because of them.
    public static let retryableStatuses: Set<String> = ["error", "fail", "skipped", "runtime error", "partial success"]

    public var command: ExecutionCommand
    /// The nodes to run again, in the order the previous run reported them.
    public var uniqueIds: [String]
    public var args: RunResults.Args

    /// Reads `run_results.json`'s text; the error's diagnostic names what is wrong with it (`path` is
    /// where it was read, for the message).
    public static func read(_ text: String, path: String) throws(DiagnosticError) -> RetryPlan {
        guard let doc = try? JSONValue.parse(text), let results = doc["results"]?.arrayValue else {
            throw DiagnosticError(
                .error(
                    "'\(path)' is not a run_results.json swiftdbt or dbt wrote", path: path,
                    hint: "run the command again (swiftdbt build, run, seed or test) to write a new one"))
        }
        let args = doc["args"]?.objectValue ?? [:]
        let which = args["which"]?.stringValue ?? ""
        guard let command = ExecutionCommand(rawValue: which) else {
            let what = which.isEmpty ? "a run_results.json without args.which" : "'\(which)'"
            throw DiagnosticError(
                .error(
                    "cannot retry \(what): swiftdbt retries build, run, seed and test", path: path,
                    hint: "run that command again yourself"))
        }
        let ids = results.compactMap { r -> String? in
            guard let status = r["status"]?.stringValue, retryableStatuses.contains(status) else { return nil }
            return r["unique_id"]?.stringValue
        }
        return RetryPlan(command: command, uniqueIds: ids, args: RunResults.Args(reading: args))
    }
}

extension RunResults.Args {
    /// The flags back from run_results' `args` (missing keys take the defaults the command has).
    public init(reading args: [String: JSONValue]) {
        func strings(_ key: String) -> [String] { args[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(
            select: strings("select"), exclude: strings("exclude"), target: args["target"]?.stringValue ?? "",
            fullRefresh: args["full_refresh"]?.boolValue ?? false, failFast: args["fail_fast"]?.boolValue ?? false,
            projectDir: args["project_dir"]?.stringValue ?? ".")
        vars = args["vars"]?.objectValue ?? [:]
        threads = args["threads"]?.intValue
        selector = args["selector"]?.stringValue
        indirectSelection = args["indirect_selection"]?.stringValue ?? "eager"
        empty = args["empty"]?.boolValue ?? false
        state = args["state"]?.stringValue
        deferToState = args["defer"]?.boolValue ?? false
        favorState = args["favor_state"]?.boolValue ?? false
        resourceTypes = strings("resource_types")
        excludeResourceTypes = strings("exclude_resource_types")
    }
}
