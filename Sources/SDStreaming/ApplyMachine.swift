import SDBasics

/// The steps of `streaming apply` as a state machine (like SDEngine/ScheduleState.swift: a pure
/// core returns actions; a thin async shell performs them): it says what to send next, is told what came back, and
/// turns server errors into diagnostics at the declaration.
public struct ApplyMachine: Sendable {
    /// What the shell must do next.
    public enum Action: Sendable, Equatable {
        /// POST one statement to /ksql.
        case execute(KsqlStatement)
        /// PUT the config to the plugin's validate endpoint.
        case validate(connector: String)
        /// PUT /connectors/{name}/config.
        case put(connector: String)
        /// DELETE /connectors/{name} of a connector no longer declared.
        case delete(connector: String)
        /// Finished; `failed` when a step was rejected.
        case finished(failed: Bool)
    }

    /// What came back from the last action.
    public enum Outcome: Sendable {
        case executed(KsqlClient.Outcome)
        case validated([ConnectValidationError])
        case put(status: Int)
        case deleted(status: Int)
    }

    enum Step: Sendable {
        case statement(KsqlStatement)
        case connector(SinkConnector, validated: Bool)
        case deleteConnector(String)
    }

    private var steps: [Step]
    private var index = 0
    private var failed = false
    /// Errors at the declarations, for the driver to render.
    public private(set) var diagnostics: [Diagnostic] = []
    /// One line per change made, for the log.
    public private(set) var log: [String] = []

    /// nil when the plan is destructive and destruction was not allowed (the diagnostic says which).
    public init(plan: StreamingPlan, allowDestructive: Bool, diagnostics: inout DiagnosticBag) {
        steps = plan.statements.map { .statement($0) }
        // Only changed connectors are validated and PUT: PUT always rewrites and restarts (rule 6).
        for step in plan.connectors where step.action != .unchanged {
            steps.append(.connector(step.connector, validated: false))
        }
        if allowDestructive {
            for r in plan.removals {
                if let s = r.statement { steps.append(.statement(s)) }
                if case .deleteConnector(let name) = r { steps.append(.deleteConnector(name)) }
            }
        } else {
            for r in plan.removals {
                diagnostics.append(
                    .warning(
                        "\(r.label) is no longer declared and was left in place",
                        hint: "run with --allow-destructive to remove it (see swiftdbt streaming plan)"))
            }
        }
        if plan.isDestructive, !allowDestructive {
            for step in plan.sources {
                guard case .recreate(let reasons) = step.action else { continue }
                diagnostics.append(
                    .error(
                        "\(step.source.kind.rawValue.lowercased()) '\(step.source.name)' must be dropped and recreated: \(reasons.joined(separator: "; "))",
                        at: step.source.range,
                        hint:
                            "its query would reprocess from auto.offset.reset; run with --allow-destructive, or ship the change as a new versioned name (…_V3)")
                )
            }
            steps = []
            failed = true
        }
    }

    /// The action to perform now.
    public var next: Action {
        guard !failed, index < steps.count else { return .finished(failed: failed) }
        switch steps[index] {
        case .statement(let s): return .execute(s)
        case .connector(let c, let validated): return validated ? .put(connector: c.name) : .validate(connector: c.name)
        case .deleteConnector(let name): return .delete(connector: name)
        }
    }

    /// The config of a connector step, for the shell.
    public func connector(named name: String) -> SinkConnector? {
        for case .connector(let c, _) in steps where c.name == name { return c }
        return nil
    }

    /// Records the outcome of `next` and advances.
    public mutating func receive(_ outcome: Outcome) {
        guard index < steps.count else { return }
        switch (steps[index], outcome) {
        case (.statement(let s), .executed(let result)):
            switch result {
            case .success(let entities):
                let message = entities.first?["commandStatus"]?["message"]?.stringValue ?? "done"
                log.append("\(s.verb.rawValue) \(s.object): \(message)")
                index += 1
            case .rejected(let code, let message, _):
                diagnostics.append(
                    .error(
                        "ksqlDB rejected \(s.verb == .drop ? "dropping" : "the statement for") '\(s.object)' (\(code)): \(message)",
                        at: s.declaration,
                        hint: "statement sent:\n    "
                            + s.text.trimmingCharacters(in: .newlines)
                            .replacingOccurrences(of: "\n", with: "\n    ")))
                failed = true
            }
        case (.connector(let c, _), .validated(let errors)):
            if errors.isEmpty {
                steps[index] = .connector(c, validated: true)
            } else {
                for e in errors {
                    diagnostics.append(
                        .error(
                            "Kafka Connect rejects '\(e.key)' of connector '\(c.name)': \(e.messages.joined(separator: "; "))",
                            at: c.keyRanges[e.key] ?? c.range))
                }
                failed = true
            }
        case (.connector(let c, _), .put(let status)):
            log.append("\(status == 201 ? "created" : "updated") connector \(c.name)")
            index += 1
        case (.deleteConnector(let name), .deleted(let status)):
            log.append(status == 404 ? "connector \(name) was already gone" : "deleted connector \(name)")
            index += 1
        default:
            failed = true
        }
    }
}
