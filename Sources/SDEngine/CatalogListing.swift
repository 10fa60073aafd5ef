import SDBasics
import SDCompiler

/// Reads which relations exist before anything is rendered or run, failing closed.
///
/// A relation missing from an unreadable list would be created over, or an incremental model
/// rebuilt from scratch, so when the catalog cannot be read nothing runs on a guess
/// (docs/reliability.md).
public enum CatalogListing {
    /// The relations in `schemas` (the target's own schema when empty); a failure is an error
    /// diagnostic naming the engine's reason.
    public static func relations(_ engine: any Engine, schemas: [String]) async throws(DiagnosticError) -> [Relation: RelationKind] {
        do {
            return try await engine.existingRelations(schemas: schemas)
        } catch {
            throw DiagnosticError(.error("cannot read the list of existing relations from the target's catalog, so nothing was run: \(error)"))
        }
    }

    /// The schemas the nodes `ids` write to that the first listing did not cover (custom schemas,
    /// external sources), sorted; they are listed too before rendering, so `is_incremental()` and
    /// the engine see their tables. Schemas compare case-insensitively, as both targets fold them.
    public static func unlistedSchemas(of ids: [String], nodes: [String: CompiledNode], listed: some Sequence<Relation>,
                                       targetSchema: String) -> [String]
    {
        let covered = Set(listed.map { $0.schema.lowercased() } + [targetSchema.lowercased()])
        return Set(ids.compactMap { nodes[$0]?.relation?.schema }).filter { !covered.contains($0.lowercased()) }.sorted()
    }
}
