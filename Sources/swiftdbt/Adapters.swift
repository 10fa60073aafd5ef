import ArgumentParser
import SDAthena
import SDBasics
import SDCompiler
import SDDuckDB
import SDEngine
import SDProject

/// Every target type swiftdbt knows. Adding one is a module with an `Adapter` and a line here (docs/adapters.md).
let adapters = AdapterRegistry([DuckDBAdapter(), AthenaAdapter()])

/// Opens the engine for a loaded target through its adapter.
enum EngineFactory {
    /// A target that cannot be opened is an error at the target's block in profiles.yml, reported like
    /// every other finding (`Session.report`).
    static func open(_ loaded: ProjectPipeline.Loaded, session: Session) throws -> any Engine {
        try open(loaded.target, session: session)
    }

    /// The engine of `target`: all an engine needs of a project is its target (a run from the last
    /// compile has no loaded project: Execution+LastCompile.swift).
    static func open(_ target: Target, session: Session) throws -> any Engine {
        try opened(make(target, session: session), session: session)
    }

    /// The engine of `target`, or why it cannot be opened, unreported (`opened` reports it).
    static func make(_ target: Target, session: Session) -> Result<any Engine, DiagnosticError> {
        guard let adapter = adapters.adapter(for: target) else {
            // The loader found the type in the same registry, so this cannot happen.
            return .failure(DiagnosticError(.error("no adapter for target type '\(target.type)'", at: target.range)))
        }
        do {
            return .success(try adapter.makeEngine(context(target, session: session)))
        } catch {
            return .failure(DiagnosticError(.error("cannot open the \(adapter.displayName) target '\(target.name)': \(error)", at: target.range)))
        }
    }

    /// The engine `make` gave, or its error reported and the command failed.
    static func opened(_ made: Result<any Engine, DiagnosticError>, session: Session) throws -> any Engine {
        switch made {
        case .success(let engine): return engine
        case .failure(let error):
            try session.report(error)
            throw ExitCode(1)
        }
    }

    static func context(_ loaded: ProjectPipeline.Loaded, session: Session) -> EngineContext {
        context(loaded.target, session: session)
    }

    static func context(_ target: Target, session: Session) -> EngineContext {
        EngineContext(
            target: target, projectRoot: session.root, environment: session.environment, fileSystem: session.fileSystem,
            invocationId: session.invocationId, scrubber: Output.scrubber)
    }
}
