import Foundation
import SDBasics
import SDCompiler

/// Nodes whose template did not render when the run rendered them (after on-run-start, docs/hooks.md).
///
/// dbt compiles each node just before it runs it, so a template error fails that node alone: it is
/// an error, its children are skipped, the rest of the run goes on (docs.getdbt.com, "About dbt run":
/// a failing node skips its descendants). swiftdbt renders the selection in one pass once on-run-start
/// has run; this maps the pass's errors back to the nodes they belong to, so the run can answer the
/// same way. An error that names no selected node (say one inside a macro file) blames every node,
/// as the pass cannot tell whose it was: nothing is sent to the target for a node that did not render.
extension Invocation {
    /// The selected nodes (of `order`) the errors belong to: the node whose file (or one of its hooks,
    /// `models/m.sql (pre-hook 1)`) a diagnostic or its notes point at, and the nodes that inline an
    /// ephemeral model that failed. Every node of `order` when no error names one.
    public static func nodesBlamed(by errors: [Diagnostic], order: [String], nodes: [String: CompiledNode]) -> Set<String> {
        let paths = Set(errors.flatMap { d in ([d] + d.notes).flatMap { [$0.path, $0.range?.file.path].compactMap { $0 } } })
        func named(_ node: CompiledNode) -> Bool {
            paths.contains { p in
                p == node.originalFilePath || p.hasPrefix(node.originalFilePath + " (") || p.hasSuffix("/" + node.originalFilePath)
            }
        }
        let failed = Set(nodes.values.filter(named).map(\.uniqueId))
        func inlinesFailure(_ id: String, _ seen: inout Set<String>) -> Bool {
            guard let n = nodes[id] else { return false }
            for p in n.dependsOn where nodes[p]?.materialized == "ephemeral" && seen.insert(p).inserted {
                if failed.contains(p) || inlinesFailure(p, &seen) { return true }
            }
            return false
        }
        let blamed = Set(
            order.filter { id in
                var seen = Set<String>()
                return failed.contains(id) || inlinesFailure(id, &seen)
            })
        return blamed.isEmpty ? Set(order) : blamed
    }

    /// The result a node that did not render gets instead of running: an error, as dbt's
    /// "Compilation Error in model m (models/m.sql)"; the diagnostics were printed when reported.
    public static func notCompiled(_ node: CompiledNode, at time: Date) -> NodeResult {
        NodeResult(
            uniqueId: node.uniqueId, status: .error,
            message: "Compilation Error in \(node.resourceType.rawValue) \(node.name) (\(node.originalFilePath)): its template did not render",
            startedAt: time, completedAt: time)
    }
}
