import SDBasics

/// Reads live state, plans and applies over the two REST APIs: the I/O shell around
/// StreamingPlanner and ApplyMachine.
public struct StreamingSession: Sendable {
    public var ksql: KsqlClient
    public var connect: ConnectClient

    /// How often and how long apply waits for a written connector to report its state (bounded:
    /// 120 × 0.5 s by default).
    public var statusAttempts = 120
    public var statusPause: Duration = .milliseconds(500)
    /// Told one line each time a watched connector is still starting, for the console.
    public var progress: (@Sendable (String) -> Void)?

    public init(ksql: KsqlClient, connect: ConnectClient) {
        self.ksql = ksql
        self.connect = connect
    }

    /// LIST STREAMS/TABLES EXTENDED, every connector and each declared one's config, then the diff.
    /// A server the project declares nothing for is not read, so nothing on it is planned for removal.
    public func plan(_ project: StreamingProject) async throws -> StreamingPlan {
        let live = project.sources.isEmpty ? [] : try await ksql.sources()
        let version = project.sources.isEmpty ? nil : try await ksql.version()
        let liveConnectors = project.connectors.isEmpty ? [] : try await connect.list()
        var configs: [String: [String: String]] = [:]
        for c in project.connectors where liveConnectors.contains(c.name) {
            if let config = try await connect.config(of: c.name) { configs[c.name] = config }
        }
        var plan = StreamingPlanner.plan(project, live: live, liveConfigs: configs, serverVersion: version, liveConnectors: liveConnectors)
        for i in plan.connectors.indices where configs[plan.connectors[i].connector.name] != nil {
            guard let st = try await connect.status(of: plan.connectors[i].connector.name) else { continue }
            var problems: [String] = []
            if st.state != "RUNNING" { problems.append("connector \(st.state)") }
            for t in st.tasks where t.state != "RUNNING" { problems.append("task \(t.id) \(t.state)") }
            if !problems.isEmpty { plan.connectors[i].problem = problems.joined(separator: ", ") }
        }
        return plan
    }

    /// What apply did.
    public struct ApplyResult: Sendable {
        public var plan: StreamingPlan
        public var log: [String]
        public var diagnostics: [Diagnostic]
        public var failed: Bool
    }

    /// Plans, then performs the plan one request at a time. With `dryRun` nothing is written: the
    /// log lists each request apply would send, in order.
    public func apply(_ project: StreamingProject, allowDestructive: Bool, dryRun: Bool = false) async throws -> ApplyResult {
        let plan = try await plan(project)
        var bag = DiagnosticBag()
        var machine = ApplyMachine(plan: plan, allowDestructive: allowDestructive, diagnostics: &bag)
        var calls: [String] = []
        while true {
            switch machine.next {
            case .execute(let statement):
                if dryRun {
                    calls.append(
                        "POST /ksql " + statement.text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
                            + (statement.properties.isEmpty
                                ? ""
                                : "  streamsProperties "
                                    + statement.properties.sorted { $0.key < $1.key }
                                    .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))
                    machine.receive(.executed(.success([])))
                } else {
                    machine.receive(.executed(try await ksql.executeAndWait(statement.text, properties: statement.properties)))
                }
            case .validate(let name):
                guard let c = machine.connector(named: name) else {
                    return ApplyResult(plan: plan, log: machine.log, diagnostics: bag.diagnostics, failed: true)
                }
                if dryRun {
                    calls.append("PUT /connector-plugins/\(c.pluginName)/config/validate")
                    machine.receive(.validated([]))
                } else {
                    machine.receive(.validated(try await connect.validate(plugin: c.pluginName, config: c.config)))
                }
            case .put(let name):
                guard let c = machine.connector(named: name) else {
                    return ApplyResult(plan: plan, log: machine.log, diagnostics: bag.diagnostics, failed: true)
                }
                if dryRun {
                    calls.append("PUT /connectors/\(c.name)/config")
                    machine.receive(.put(status: 200))
                } else {
                    machine.receive(.put(status: try await connect.put(name: c.name, config: c.config)))
                }
            case .delete(let name):
                if dryRun {
                    calls.append("DELETE /connectors/\(name)")
                    machine.receive(.deleted(status: 204))
                } else {
                    machine.receive(.deleted(status: try await connect.delete(name: name)))
                }
            case .finished(var failed):
                bag.append(contentsOf: machine.diagnostics)
                if dryRun { return ApplyResult(plan: plan, log: calls, diagnostics: bag.diagnostics, failed: failed) }
                var log = machine.log
                if !failed {
                    for step in plan.connectors where step.action != .unchanged {
                        let (lines, problems) = try await watch(step.connector)
                        log += lines
                        bag.append(contentsOf: problems)
                        if !problems.isEmpty { failed = true }
                    }
                }
                return ApplyResult(plan: plan, log: log, diagnostics: bag.diagnostics, failed: failed)
            }
        }
    }

    /// Polls a connector that was just written until it and all its tasks are RUNNING, or one is
    /// FAILED. Status is reported asynchronously: a new connector is UNASSIGNED with no tasks until
    /// a worker picks it up, and a task may fail only once it starts, after the PUT succeeded
    /// (connect.html "REST API", ConnectorStateInfo; failed tasks are not restarted). A failure is an
    /// error at the declaration with the worker's trace; not running within the bound is an error too.
    func watch(_ c: SinkConnector) async throws -> ([String], [Diagnostic]) {
        var last = "no status yet"
        for attempt in 0..<statusAttempts {
            if attempt > 0 { try await Task.sleep(for: statusPause) }
            guard let st = try await connect.status(of: c.name) else { continue }
            let failedTasks = st.tasks.filter { $0.state == "FAILED" }
            if st.state == "FAILED" || !failedTasks.isEmpty {
                let trace = st.trace ?? failedTasks.first?.trace ?? ""
                let which =
                    st.state == "FAILED"
                    ? "connector '\(c.name)' FAILED"
                    : "connector '\(c.name)': task \(failedTasks.map { String($0.id) }.joined(separator: ", ")) FAILED"
                return ([], [.error(which, at: c.range, hint: trace.isEmpty ? nil : "trace:\n" + StreamingSession.indent(trace, by: 4))])
            }
            if st.state == "RUNNING", !st.tasks.isEmpty, st.tasks.allSatisfy({ $0.state == "RUNNING" }) {
                return (["connector \(c.name) RUNNING with \(st.tasks.count) task\(st.tasks.count == 1 ? "" : "s")"], [])
            }
            last = "connector \(st.state)" + (st.tasks.isEmpty ? ", no tasks yet" : ", " + st.tasks.map { "task \($0.id) \($0.state)" }.joined(separator: ", "))
            progress?("waiting for connector \(c.name): \(last) (\(attempt + 1)/\(statusAttempts))")
        }
        let waited = statusPause * (statusAttempts - 1)
        return (
            [],
            [
                .error(
                    "connector '\(c.name)' did not reach RUNNING within \(waited.components.seconds) s: \(last)", at: c.range,
                    hint: "see swiftdbt streaming status; the worker may lack the plugin or be rebalancing")
            ]
        )
    }

    /// Queries and connectors with their states, and task traces when a task failed.
    public func status(_ project: StreamingProject) async throws -> String {
        var out = "ksqlDB queries:\n"
        let queries = try await ksql.queries()
        if queries.isEmpty { out += "  (none)\n" }
        for q in queries {
            out += "  \(q.id)  \(q.state)  → \(q.sinks.joined(separator: ", "))\n"
        }
        let live = Set(try await ksql.sources().map(\.name))
        for s in project.sources where !live.contains(s.name) {
            out += "  \(s.kind.rawValue.lowercased()) \(s.name) is declared but does not exist (run swiftdbt streaming apply)\n"
        }
        out += "connectors:\n"
        if project.connectors.isEmpty { out += "  (none declared)\n" }
        for c in project.connectors {
            guard let st = try await connect.status(of: c.name) else {
                out += "  \(c.name)  MISSING (run swiftdbt streaming apply)\n"
                continue
            }
            out += "  \(c.name)  \(st.state)\(st.workerId.isEmpty ? "" : "  on \(st.workerId)")\n"
            if let trace = st.trace { out += StreamingSession.indent(trace, by: 6) }
            for t in st.tasks {
                out += "    task \(t.id)  \(t.state)\(t.workerId.isEmpty ? "" : "  on \(t.workerId)")\n"
                if let trace = t.trace { out += StreamingSession.indent(trace, by: 6) }
            }
        }
        return out
    }

    static func indent(_ text: String, by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n") + "\n"
    }
}
