import SDBasics

/// Reads live state, plans and applies over the two REST APIs: the I/O shell around
/// StreamingPlanner and ApplyMachine.
public struct StreamingSession: Sendable {
    public var ksql: KsqlClient
    public var connect: ConnectClient

    public init(ksql: KsqlClient, connect: ConnectClient) {
        self.ksql = ksql
        self.connect = connect
    }

    /// LIST STREAMS/TABLES EXTENDED and each declared connector's config, then the diff.
    public func plan(_ project: StreamingProject) async throws -> StreamingPlan {
        let live = project.sources.isEmpty ? [] : try await ksql.sources()
        var configs: [String: [String: String]] = [:]
        for c in project.connectors {
            if let config = try await connect.config(of: c.name) { configs[c.name] = config }
        }
        return StreamingPlanner.plan(project, live: live, liveConfigs: configs)
    }

    /// What apply did.
    public struct ApplyResult: Sendable {
        public var plan: StreamingPlan
        public var log: [String]
        public var diagnostics: [Diagnostic]
        public var failed: Bool
    }

    /// Plans, then performs the plan one request at a time.
    public func apply(_ project: StreamingProject, allowDestructive: Bool) async throws -> ApplyResult {
        let plan = try await plan(project)
        var bag = DiagnosticBag()
        var machine = ApplyMachine(plan: plan, allowDestructive: allowDestructive, diagnostics: &bag)
        while true {
            switch machine.next {
            case .execute(let statement):
                machine.receive(.executed(try await ksql.execute(statement.text, properties: statement.properties)))
            case .validate(let name):
                guard let c = machine.connector(named: name) else { return ApplyResult(plan: plan, log: machine.log, diagnostics: bag.diagnostics, failed: true) }
                machine.receive(.validated(try await connect.validate(plugin: c.pluginName, config: c.config)))
            case .put(let name):
                guard let c = machine.connector(named: name) else { return ApplyResult(plan: plan, log: machine.log, diagnostics: bag.diagnostics, failed: true) }
                machine.receive(.put(status: try await connect.put(name: c.name, config: c.config)))
            case .finished(let failed):
                bag.append(contentsOf: machine.diagnostics)
                return ApplyResult(plan: plan, log: machine.log, diagnostics: bag.diagnostics, failed: failed)
            }
        }
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
