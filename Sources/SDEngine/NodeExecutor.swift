import Foundation
import SDBasics
import SDCompiler

/// Runs one node on an engine and turns whatever happens into a `NodeResult`: a test's failing
/// rows into a verdict, a database error into a diagnostic at the template line, a malformed seed
/// into its file's diagnostics. The statements the node executed go to `target/run/` whether it
/// succeeded or not, so a failure can be reproduced from them.
///
/// This is what `swiftdbt run|seed|build|test` executes for each node; the executable only wires it
/// to the `Runner`, so tests drive it with any `Engine`.
public struct NodeExecutor: Sendable {
    public var engine: any Engine
    public var options: BuildOptions
    public var files: RunFiles
    public var cancellation: CancellationFlag
    public var now: @Sendable () -> Date
    /// How many failing rows of a test are kept to print under its error.
    public var sampleLimit = 5
    /// Renders post-hooks after the build (NodeExecutor+Hooks.swift); nil runs `node.postHooks`.
    public var postHookRenderer: PostHookRenderer?

    public init(
        engine: any Engine, options: BuildOptions, files: RunFiles, cancellation: CancellationFlag,
        now: @escaping @Sendable () -> Date
    ) {
        self.engine = engine
        self.options = options
        self.files = files
        self.cancellation = cancellation
        self.now = now
    }

    public func execute(_ node: CompiledNode) async -> NodeResult {
        let started = now()
        let log = StatementLog()
        if cancellation.isCancelled {
            return NodeResult(uniqueId: node.uniqueId, status: .error, message: "interrupted", startedAt: started, completedAt: now())
        }
        var result: NodeResult
        do {
            switch node.resourceType {
            case .test:
                let outcome = try await engine.runTest(node, sql: node.compiledCode, sampleLimit: sampleLimit, log: log)
                let verdict = TestVerdict.judge(failures: outcome.failures, config: node.config)
                result = NodeResult(
                    uniqueId: node.uniqueId, status: verdict.status,
                    message: verdict.status == .pass ? "PASS" : verdict.condition, response: outcome.response,
                    failures: outcome.failures, startedAt: started, completedAt: now(), statements: log.all,
                    sample: outcome.sample)
            case .unitTest:
                let outcome = try await UnitTestRun.run(node, engine: engine, log: log)
                result = NodeResult(
                    uniqueId: node.uniqueId, status: outcome.differences == 0 ? .pass : .fail, message: outcome.message,
                    failures: outcome.differences, startedAt: started, completedAt: now(), statements: log.all, sample: outcome.diff)
                if outcome.differences > 0 { result.failureText = outcome.message }
            case .seed:
                let text = try files.fileSystem.readFile(files.root + "/" + node.originalFilePath)
                let table = try SeedReader.table(for: node, text: text)
                try await runHooks(node.preHooks, log: log)
                let response = try await engine.loadSeed(node, table: table, options: options, log: log)
                try await runHooks(try await postHooks(of: node), log: log)
                result = success(node, response, started, log)
            default:
                try await runHooks(node.preHooks, log: log)
                try await ContractCheck.enforce(node, on: engine)
                let response = try await engine.build(node, options: options, log: log)
                try await runHooks(try await postHooks(of: node), log: log)
                result = success(node, response, started, log)
            }
        } catch let e as EngineError {
            result = NodeResult(
                uniqueId: node.uniqueId, status: .error, message: e.message, startedAt: started, completedAt: now(),
                statements: log.all)
            result.diagnostics = DatabaseErrorLocator.diagnostics(for: e, node: node)
        } catch let e as DiagnosticError {
            result = NodeResult(
                uniqueId: node.uniqueId, status: .error,
                message: DiagnosticRenderer().render(e.diagnostics).trimmingCharacters(in: .newlines),
                startedAt: started, completedAt: now(), statements: log.all)
        } catch {
            result = NodeResult(
                uniqueId: node.uniqueId, status: .error, message: "\(error)", startedAt: started, completedAt: now(),
                statements: log.all)
        }
        files.writeStatements(of: node, log)
        return result
    }

    private func success(_ node: CompiledNode, _ response: AdapterResponse, _ started: Date, _ log: StatementLog) -> NodeResult {
        NodeResult(
            uniqueId: node.uniqueId, status: .success, message: response.message, response: response,
            startedAt: started, completedAt: now(), statements: log.all)
    }
}

extension SeedReader {
    /// Reads a seed node's CSV with its `column_types` config; a malformed file throws its
    /// diagnostics (file, line and column), which the node's error then shows.
    public static func table(for node: CompiledNode, text: String) throws(DiagnosticError) -> SeedTable {
        var types: [String: String] = [:]
        if case .object(let o) = node.config["column_types"] ?? .null {
            for (k, v) in o { if let s = v.stringValue { types[k] = s } }
        }
        var bag = DiagnosticBag()
        guard let table = read(path: node.originalFilePath, text: text, columnTypes: types, diagnostics: &bag) else {
            throw DiagnosticError(bag.diagnostics)
        }
        return table
    }
}
