import Foundation
import SDBasics
import SDCompiler
import SDGraph

/// project.yml's `on-run-start` and `on-run-end` (docs.getdbt.com, "on-run-start & on-run-end"):
/// run in order before the first node and after the last, each one a node of its own in the console
/// and in run_results.json with dbt's id `operation.<project>.<project>-on-run-start-<i>`.
///
/// A failing hook stops the hooks after it (they are reported skipped); a failing on-run-start skips
/// every node of the run (dbt 1.8+), and on-run-end still runs, seeing those results.
extension Invocation {
    /// The node a project hook is reported and written as.
    public static func hookNode(_ kind: ProjectHookKind, index: Int, sql: String, project: String) -> CompiledNode {
        let name = "\(project)-\(kind.rawValue)-\(index)"
        return CompiledNode(
            uniqueId: "operation.\(project).\(name)", name: name, resourceType: .operation, packageName: project,
            fqn: [project, "hooks", name], originalFilePath: "project.yml", path: "hooks/\(name).sql", rawCode: sql, compiledCode: sql)
    }

    /// Runs the rendered hook statements one after another; returns their nodes and results.
    public func runProjectHooks(
        _ kind: ProjectHookKind, statements: [String], project: String, reporter: ConsoleReporter?
    ) async -> [(node: CompiledNode, result: NodeResult)] {
        guard !statements.isEmpty else { return [] }
        // dbt's layout: a blank line before the end hooks, after the start hooks (the summary adds its own).
        if kind == .end { reporter?.blank() }
        reporter?.hooksRunning(statements.count, kind: kind)
        var out: [(node: CompiledNode, result: NodeResult)] = []
        var failed = false
        for (i, sql) in statements.enumerated() {
            let node = Invocation.hookNode(kind, index: i, sql: sql, project: project)
            let label = "\(project).\(kind.rawValue).\(i)"
            let started = now()
            if failed {
                out.append((node, NodeResult(uniqueId: node.uniqueId, status: .skipped, message: "skipped", startedAt: started, completedAt: started)))
                continue
            }
            reporter?.hookStarted(label, index: i + 1, total: statements.count)
            var result: NodeResult
            do {
                _ = try await engine.query(sql, limit: nil)
                result = NodeResult(
                    uniqueId: node.uniqueId, status: .success, message: "OK", response: AdapterResponse(),
                    startedAt: started, completedAt: now(), threadId: "main", statements: [sql])
            } catch {
                failed = true
                let message = (error as? EngineError)?.message ?? "\(error)"
                result = NodeResult(
                    uniqueId: node.uniqueId, status: .error, message: message, startedAt: started, completedAt: now(),
                    threadId: "main", statements: [sql])
            }
            reporter?.hookFinished(label, result: result, index: i + 1, total: statements.count)
            out.append((node, result))
        }
        if kind == .start { reporter?.blank() }
        return out
    }

    /// What every selected node gets when on-run-start failed: skipped, nothing sent to the target.
    public func skippedOutcome(order: [String], startedAt: Date) -> RunOutcome {
        let results = order.map {
            NodeResult(uniqueId: $0, status: .skipped, message: "skipped: an on-run-start hook failed", startedAt: startedAt, completedAt: startedAt)
        }
        return RunOutcome(results: results, interrupted: false, startedAt: startedAt, elapsed: 0)
    }

    /// The globals on-run-end sees: `results` (one per node, with dbt's result fields and `node`),
    /// `schemas` (the schemas the run's nodes wrote to) and `database_schemas` ([database, schema]).
    public static func endContext(results: [NodeResult], nodes: [String: CompiledNode]) -> [String: JSONValue] {
        var schemas: [String] = []
        var pairs: [[String]] = []
        let list: [JSONValue] = results.compactMap { r in
            guard let n = nodes[r.uniqueId], n.resourceType != .operation else { return nil }
            if let rel = n.relation, n.resourceType != .test {
                if !schemas.contains(rel.schema) { schemas.append(rel.schema) }
                if !pairs.contains([rel.database, rel.schema]) { pairs.append([rel.database, rel.schema]) }
            }
            var node: [String: JSONValue] = [
                "unique_id": .string(n.uniqueId), "name": .string(n.name), "resource_type": .string(n.resourceType.rawValue),
                "package_name": .string(n.packageName), "config": .object(n.config.values),
            ]
            if let rel = n.relation {
                node["database"] = .string(rel.database)
                node["schema"] = .string(rel.schema)
                node["alias"] = .string(rel.identifier)
                node["relation_name"] = .string(rel.quoted)
            }
            return .object([
                "status": .string(r.status.rawValue), "message": .string(r.message), "execution_time": .double(r.executionTime),
                "thread_id": .string(r.threadId), "failures": r.failures.map { .int($0) } ?? .null,
                "adapter_response": r.response?.json ?? .object([:]), "node": .object(node),
            ])
        }
        return [
            "results": .array(list), "schemas": .array(schemas.map { .string($0) }),
            "database_schemas": .array(pairs.map { .array($0.map { .string($0) }) }),
        ]
    }
}
