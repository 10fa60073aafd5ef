import ArgumentParser
import SDAthena
import SDBasics
import SDCompiler
import SDDuckDB
import SDEngine

/// Every target type swiftdbt knows. Adding one is a module with an `Adapter` and a line here (docs/adapters.md).
let adapters = AdapterRegistry([DuckDBAdapter(), AthenaAdapter()])

/// Opens the engine for a loaded target through its adapter.
enum EngineFactory {
    /// A target that cannot be opened is an error at the target's block in profiles.yml, reported like
    /// every other finding (`Session.report`).
    static func open(_ loaded: ProjectPipeline.Loaded, session: Session) throws -> any Engine {
        guard let adapter = adapters.adapter(for: loaded.target) else {
            // The loader found the type in the same registry, so this cannot happen.
            try session.report(.error("no adapter for target type '\(loaded.target.type)'", at: loaded.target.range))
            throw ExitCode(1)
        }
        do {
            return try adapter.makeEngine(context(loaded, session: session))
        } catch {
            try session.report(.error("cannot open the \(adapter.displayName) target '\(loaded.target.name)': \(error)", at: loaded.target.range))
            throw ExitCode(1)
        }
    }

    static func context(_ loaded: ProjectPipeline.Loaded, session: Session) -> EngineContext {
        EngineContext(
            target: loaded.target, projectRoot: session.root, environment: session.environment, fileSystem: session.fileSystem,
            invocationId: session.invocationId, scrubber: Output.scrubber)
    }
}
