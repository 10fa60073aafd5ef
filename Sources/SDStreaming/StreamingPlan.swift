import SDBasics

/// The difference between the declarations and the live servers: what apply would do, computed
/// without side effects.
public struct StreamingPlan: Sendable {
    /// What happens to one stream or table.
    public enum SourceAction: Sendable, Equatable {
        case create
        /// CREATE OR REPLACE: only what KLIP-28's upgrade checks allow.
        case replace(reasons: [String])
        /// TERMINATE (implicit on DROP) + DROP + CREATE: the query reprocesses from auto.offset.reset.
        case recreate(reasons: [String])
        case unchanged
    }

    /// What happens to one connector.
    public enum ConnectorAction: Sendable, Equatable {
        case create
        case update(changedKeys: [String])
        case unchanged
    }

    public struct SourceStep: Sendable {
        public var source: KsqlSource
        public var action: SourceAction
    }

    public struct ConnectorStep: Sendable {
        public var connector: SinkConnector
        public var action: ConnectorAction
        /// The live state when it is not healthy (`task 0 FAILED`), from GET …/status.
        public var problem: String? = nil
    }

    /// Something on the servers that no declaration names any more, removed only with
    /// --allow-destructive: queries are terminated first, then streams and tables are dropped
    /// (downstream first; topics are kept), then connectors deleted.
    public enum Removal: Sendable, Equatable {
        case terminate(queryId: String, writing: String)
        case drop(kind: KsqlSource.Kind, name: String)
        case deleteConnector(String)

        var label: String {
            switch self {
            case .terminate(let id, let writing): "query \(id) (writes \(writing))"
            case .drop(let kind, let name): "\(kind.rawValue.lowercased()) \(name)"
            case .deleteConnector(let name): "connector \(name)"
            }
        }

        /// The ksqlDB statement, nil for a connector.
        public var statement: KsqlStatement? {
            switch self {
            case .terminate(let id, _): KsqlStatement(object: id, verb: .terminate, text: "TERMINATE \(id);\n")
            case .drop(let kind, let name): KsqlStatement(object: name, verb: .drop, text: "DROP \(kind.rawValue) IF EXISTS \(name);\n")
            case .deleteConnector: nil
            }
        }
    }

    /// Upstream first.
    public var sources: [SourceStep]
    public var connectors: [ConnectorStep]
    /// Live objects no declaration names, in the order apply removes them.
    public var removals: [Removal] = []
    /// Live objects no declaration names that cannot be removed, with why (a declared query reads them).
    public var kept: [String] = []

    /// Whether a declared stream or table must be dropped and recreated.
    public var isDestructive: Bool {
        sources.contains { if case .recreate = $0.action { true } else { false } }
    }

    public var hasChanges: Bool {
        sources.contains { $0.action != .unchanged } || connectors.contains { $0.action != .unchanged } || !removals.isEmpty
    }

    /// The statements apply sends, in order: drops of what is recreated (downstream first), then
    /// creates and replaces (upstream first).
    public var statements: [KsqlStatement] {
        var out: [KsqlStatement] = []
        for step in sources.reversed() {
            if case .recreate = step.action { out.append(step.source.dropStatement()) }
        }
        for step in sources {
            switch step.action {
            case .create, .recreate: out.append(step.source.createStatement())
            case .replace: out.append(step.source.createStatement(orReplace: true))
            case .unchanged: break
            }
        }
        return out
    }

    /// The plan as people read it, one line per object, Terraform-style markers.
    public func rendered() -> String {
        var out = ""
        var counts = (create: 0, replace: 0, recreate: 0, unchanged: 0, update: 0)
        for step in sources {
            let s = step.source
            let at = s.range.map { " (\($0.file.path):\($0.start.line))" } ?? ""
            let label = "\(s.kind.rawValue.lowercased()) \(s.name)"
            switch step.action {
            case .create:
                counts.create += 1
                out += "  + create \(label)\(at)\n"
            case .replace(let reasons):
                counts.replace += 1
                out += "  ~ replace \(label) in place\(at)\n" + reasons.map { "      \($0)\n" }.joined()
            case .recreate(let reasons):
                counts.recreate += 1
                out +=
                    "-/+ drop and recreate \(label) (destructive: its query reprocesses from auto.offset.reset)\(at)\n"
                    + reasons.map { "      \($0)\n" }.joined()
            case .unchanged:
                counts.unchanged += 1
                out += "  = \(label) unchanged\n"
            }
        }
        for step in connectors {
            let c = step.connector
            let at = c.range.map { " (\($0.file.path):\($0.start.line))" } ?? ""
            switch step.action {
            case .create:
                counts.create += 1
                out += "  + create connector \(c.name)\(at)\n"
            case .update(let keys):
                counts.update += 1
                out += "  ~ update connector \(c.name)\(at)\n      changed: \(keys.joined(separator: ", "))\n"
            case .unchanged:
                counts.unchanged += 1
                out += "  = connector \(c.name) unchanged\n"
            }
            if let problem = step.problem {
                out += "      on the server: \(problem) (see swiftdbt streaming status; a config change does not restart failed tasks)\n"
            }
        }
        for r in removals {
            out += "  - drop \(r.label) (no longer declared; destructive)\n"
        }
        for k in kept {
            out += "  ? \(k)\n"
        }
        out +=
            "Plan: \(counts.create) to create, \(counts.replace) to replace in place, \(counts.update) to update, "
            + "\(counts.recreate) to drop and recreate, \(removals.count) to remove, \(counts.unchanged) unchanged.\n"
        return out
    }
}
