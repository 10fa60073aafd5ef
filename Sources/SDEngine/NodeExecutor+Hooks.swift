import SDBasics
import SDCompiler

/// Running a node's rendered pre- and post-hooks (docs.getdbt.com, "pre-hook & post-hook").
///
/// The hooks run on the engine as statements of their own, before and after the node's build: the
/// DuckDB engine commits each rebuild in one transaction of its own and Athena has none, so every
/// hook runs outside the build's transaction (dbt's `transaction: false`, the behaviour adapters
/// without transactions have). A failing pre-hook throws before the build starts, so the relation
/// keeps its old definition and rows; a failing post-hook fails the node after the build.
/// Any node kind can call this (models, seeds, snapshots).
extension NodeExecutor {
    public func runHooks(_ hooks: [RenderedHook], log: StatementLog) async throws {
        for hook in hooks {
            log.record(hook.sql)
            _ = try await engine.query(hook.sql, limit: nil)
        }
    }
}

/// Renders a node's post-hooks once its build is done (`Compiler.renderPostHooks`, with the live
/// engine behind `run_query`); a thrown `DiagnosticError` fails the node at the hook's line.
public typealias PostHookRenderer = @Sendable (CompiledNode) async throws -> [RenderedHook]

extension NodeExecutor {
    /// The post-hooks to run after `node`'s build: rendered now when a renderer is set, else those
    /// rendered with the node.
    func postHooks(of node: CompiledNode) async throws -> [RenderedHook] {
        guard let postHookRenderer else { return node.postHooks }
        return try await postHookRenderer(node)
    }
}
