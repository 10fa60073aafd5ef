import SDBasics
import SDCompiler

/// What a run reads from the target's catalog before rendering, and how much of it.
///
/// Rendering needs to know, for each selected node, whether its own relation exists now and is a
/// table (`is_incremental()`), and each engine needs the same to build or swap it. Nothing a node
/// reads is looked up: refs render to names, not to catalog facts. So a run that selects a few nodes
/// asks about their relations alone (`Engine.existingRelations(among:)`): on Athena a GetTable each,
/// instead of GetTables paging through every table of the Glue database (dbt v2 regressed here, its
/// issue 16318). A run that selects everything lists the schemas it writes to, as before: it touches
/// most of them anyway, and on Athena that listing is also where leftovers of dead runs are found.
/// Either way it fails closed: a relation missing from an unreadable list would be created over, or an
/// incremental model rebuilt from scratch, so any failed call is an error and nothing is run on a guess
/// (docs/reliability.md).
public enum CatalogListing {
    /// The relations of the nodes a run executes (models, seeds, external sources; any a test has).
    public static func relations(of ids: [String], nodes: [String: CompiledNode]) -> Set<Relation> {
        Set(ids.compactMap { nodes[$0]?.relation })
    }

    /// The existing relations the run of `ids` needs: only theirs when `selective` (a `--select` or
    /// `--exclude` was given), else everything in the target's schema and in the other schemas the
    /// nodes write to (custom schemas, external sources; schemas compare case-insensitively, as both
    /// targets fold them). A failure is an error diagnostic naming the engine's reason.
    public static func read(
        _ engine: any Engine, ids: [String], nodes: [String: CompiledNode], targetSchema: String,
        selective: Bool
    ) async throws(DiagnosticError) -> [Relation: RelationKind] {
        do {
            let wanted = relations(of: ids, nodes: nodes)
            if selective { return try await engine.existingRelations(among: wanted) }
            var existing = try await engine.existingRelations(schemas: [])
            let covered = Set(existing.keys.map { $0.schema.lowercased() } + [targetSchema.lowercased()])
            let others = Set(wanted.map(\.schema)).filter { !covered.contains($0.lowercased()) }
            if !others.isEmpty {
                existing.merge(try await engine.existingRelations(schemas: others.sorted())) { a, _ in a }
            }
            return existing
        } catch {
            throw DiagnosticError(.error("cannot read the list of existing relations from the target's catalog, so nothing was run: \(error)"))
        }
    }
}
