import ArgumentParser
import Dispatch
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import SDProject

#if canImport(Glibc)
    import Glibc
#endif

/// The version printed in logs and artifacts.
let swiftdbtVersion = "0.1.0"

/// One command's view of the project: loads it, reports diagnostics in one place, compiles.
struct Session {
    let options: ProjectOptions
    let environment: [String: String]
    /// Every file the command writes goes through the process's scrubber.
    let fileSystem = ScrubbingFileSystem(base: LocalFileSystem(), scrubber: Output.scrubber)
    let colourErrors: Bool
    let colourOut: Bool
    let invocationId: String
    let startedAt: Date
    /// The live progress line (CompileCommand starts one on a terminal); nil draws none.
    var ticker: ProgressTicker?
    var progress: CompileProgress? { ticker?.progress }
    /// What the load reads, for the compile cache (CompileCommand sets it); nil records nothing.
    var inputs: CompileInputs?
    /// Set once any diagnostic was printed: such a compile is not cached, so a later one prints it again.
    let printed = PrintedDiagnostics()

    init(_ options: ProjectOptions) {
        self.options = options
        self.environment = ProcessInfo.processInfo.environment
        let noColour = options.noColor || environment["NO_COLOR"] != nil
        self.colourErrors = !noColour && (options.useColors || isatty(2) == 1)
        self.colourOut = !noColour && (options.useColors || isatty(1) == 1)
        self.invocationId = UUID().uuidString.lowercased()
        self.startedAt = Date()
        Session.registerSecrets(environment: environment)
    }

    /// Secret env vars are scrubbed whether or not the profile reads them (dbt scrubs every
    /// `DBT_ENV_SECRET_*` it sees); AWS keys in the environment are known before the chain resolves them.
    static func registerSecrets(environment: [String: String]) {
        var bag = DiagnosticBag()
        for (name, value) in SecretEnvVars.values(in: environment) where !Output.scrubber.add([value]).isEmpty {
            bag.append(
                .warning(
                    "secret environment variable '\(name)' is shorter than \(SecretScrubber.minimumLength) characters, "
                        + "so its value is not scrubbed from output",
                    hint: "a value this short is no secret: use a real credential"))
        }
        Output.scrubber.add(["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].compactMap { environment[$0] })
        if !bag.diagnostics.isEmpty { Output.err(DiagnosticRenderer(colour: false).render(bag.diagnostics)) }
    }

    /// The target's credentials join the scrubber as soon as the profile is read, before anything
    /// (an engine error, `debug`) can print them; a value too short to scrub is reported at its key.
    static func registerSecrets(of target: Target, into bag: inout DiagnosticBag) {
        for (key, value) in target.secretValues where !Output.scrubber.add([value]).isEmpty {
            let top = String(key.prefix { $0 != "." && $0 != "[" })
            bag.append(
                .warning(
                    "the value of '\(key)' is shorter than \(SecretScrubber.minimumLength) characters, "
                        + "so it is not scrubbed from output", at: target.ranges[top],
                    hint: "a credential this short protects nothing: use a real one"))
        }
    }

    var root: String { options.projectDir }

    /// The console reporter for this invocation's `--log-format` (dbt's text lines or JSON events).
    func reporter() -> ConsoleReporter {
        let r = ConsoleReporter(
            format: options.logFormat == .json ? .json : .text, colour: colourOut, invocationId: invocationId,
            now: { Date() }, write: { Output.out($0) })
        r.minimumLevel = options.consoleLevel?.rawValue
        return r
    }

    /// `--warn-error`/`--warn-error-options`, parsed from the options; a malformed option is reported (exit 1).
    func warnErrorPolicy() throws -> WarnErrorPolicy {
        var bag = DiagnosticBag()
        let policy = WarnErrorPolicy.parse(warnError: options.warnError, options: options.warnErrorOptions, into: &bag)
        if bag.hasErrors { try reportAsGiven(bag) }
        return policy
    }

    /// Applies `--warn-error(-options)` (warnings become errors or are silenced) and the console
    /// level (`--quiet`, `--log-level error` hide warnings) before printing.
    func report(_ bag: DiagnosticBag) throws {
        // Hidden by the level or not, a diagnostic keeps the compile out of the cache: a cache hit at
        // another level would not show it (CompileCommand).
        if !bag.diagnostics.isEmpty { printed.mark() }
        let policy = try warnErrorPolicy()
        var kept = DiagnosticBag()
        for var d in bag.diagnostics {
            if d.severity == .warning {
                if policy.silences("Note") { continue }
                if policy.promotes("Note") {
                    d.severity = .error
                    d.notes.append(.note("a warning, treated as an error because of --warn-error"))
                }
            }
            if d.severity != .error, let level = options.consoleLevel, ConsoleReporter.rank(level.rawValue) > ConsoleReporter.rank("warn") { continue }
            kept.append(d)
        }
        try reportAsGiven(kept)
    }

    /// Prints diagnostics (stderr as text, stdout as JSON events); stops with exit code 1 when any is
    /// an error. Either way the progress line is cleared first and the compile is marked as one that
    /// printed findings (so its summary is not cached).
    private func reportAsGiven(_ bag: DiagnosticBag) throws {
        if !bag.diagnostics.isEmpty {
            ticker?.stop()
            printed.mark()
        }
        if options.logFormat == .json { return try reportEvents(bag) }
        let warnings = bag.diagnostics.filter { $0.severity != .error }
        let errors = bag.diagnostics.filter { $0.severity == .error }
        let renderer = DiagnosticRenderer(colour: colourErrors)
        if !warnings.isEmpty { Output.err(renderer.render(warnings)) }
        if !errors.isEmpty {
            Output.err(renderer.render(errors))
            Output.err("\(errors.count) error\(errors.count == 1 ? "" : "s") found\n")
            throw ExitCode(1)
        }
    }

    typealias Loaded = ProjectPipeline.Loaded

    var pipeline: ProjectPipeline {
        var p = ProjectPipeline(
            root: root, profilesDir: options.profilesDir, targetName: options.target, varsText: options.vars,
            environment: environment, fileSystem: fileSystem, adapters: adapters.registry)
        p.progress = progress
        p.inputs = inputs
        p.stamp = { FileStamp.local($0) }
        return p
    }

    /// Reads project.yml, the profile's target, then every project file.
    func load() throws -> Loaded {
        // Literal credentials first: a profile that fails to parse or load can still be quoted in an excerpt.
        registerLiteralCredentials()
        var bag = DiagnosticBag()
        var loaded = pipeline.load(diagnostics: &bag)
        if let l = loaded { Session.registerSecrets(of: l.target, into: &bag) }
        try report(bag)
        guard loaded != nil else { throw ExitCode(1) }
        if let l = loaded { loaded?.project.config.targetPath = targetPath(default: l.project.config.targetPath) }
        guard let loaded else { throw ExitCode(1) }
        return loaded
    }

    /// The credentials written literally in profiles.yml join the scrubber (SecretScrubber.swift).
    func registerLiteralCredentials() {
        let search = Profiles.searchPath(profilesDir: options.profilesDir, projectDir: root, environment: environment)
        if let dir = search.first(where: { fileSystem.fileExists($0 + "/profiles.yml") }),
            let text = try? fileSystem.readFile(dir + "/profiles.yml")
        {
            Output.scrubber.add(Profiles.literalCredentials(in: text))
        }
    }

    /// dbt's precedence for the target path: `--target-path`, then `DBT_TARGET_PATH`, then project.yml.
    func targetPath(default configured: String) -> String {
        for candidate in [options.targetPath, environment["DBT_TARGET_PATH"]] {
            if let c = candidate, !c.isEmpty { return c }
        }
        return configured
    }

    func compileOptions(_ loaded: Loaded, fullRefresh: Bool = false, existing: Set<Relation> = [], empty: Bool = false) -> CompileOptions {
        var options = CompileOptions(
            target: loaded.target, profileName: loaded.profileName, cliVars: loaded.cliVars,
            environment: environment, fullRefresh: fullRefresh, existingTables: existing,
            runStartedAt: startedAt, invocationId: invocationId)
        options.empty = empty
        options.progress = progress
        return options
    }

    /// Parses the project into the DAG, reporting every diagnostic of the phase.
    func parse(_ loaded: Loaded, fullRefresh: Bool = false, existing: Set<Relation> = [], empty: Bool = false) throws -> (Compiler, CompiledProject) {
        var bag = DiagnosticBag()
        var options = compileOptions(loaded, fullRefresh: fullRefresh, existing: existing, empty: empty)
        try addStreamingLineage(&options, loaded)
        let compiler = Compiler(project: loaded.project, options: options)
        let parsed = compiler.parse(diagnostics: &bag)
        try report(bag)
        guard var compiled = parsed else { throw ExitCode(1) }
        showMessages(&compiled, reporter: reporter())
        pipeline.hashSeeds(&compiled)
        return (compiler, compiled)
    }

    /// Evaluates `--select`/`--exclude` over the graph.
    func select(
        _ compiled: CompiledProject, _ selection: SelectionOptions, indirect: String = "eager",
        types: Set<ResourceType>?
    ) throws -> [String] {
        let states = try stateManifest(selection).map { $0.states(of: compiled, version: swiftdbtVersion) }
        var bag = DiagnosticBag()
        let ids = try select(compiled.graph, selection, indirect: indirect, types: types, states: states, diagnostics: &bag)
        try report(bag)
        return ids
    }

    /// Evaluates `--select`/`--exclude` (or `--selector`) over a graph: the parsed project's, or the
    /// one the last full compile saved (CompileCommand+Select.swift). What the selection and
    /// selectors.yml say goes into `bag`, unreported; nothing is selected when selectors.yml has an
    /// error.
    func select(
        _ graph: DependencyGraph, _ selection: SelectionOptions, indirect: String = "eager", types: Set<ResourceType>?,
        states: NodeStates?, diagnostics bag: inout DiagnosticBag
    ) throws -> [String] {
        guard let mode = IndirectSelection(rawValue: indirect) else {
            bag.append(
                .error(
                    "unknown --indirect-selection '\(indirect)'",
                    hint: "use one of: \(IndirectSelection.allCases.map(\.rawValue).joined(separator: ", "))"))
            return []
        }
        // Streaming objects are deployed by `swiftdbt streaming apply`, not by the engines `build` drives.
        let types = types.map { $0 == Set.build ? $0.subtracting(ResourceType.streaming) : $0 }
        let ids: [String]
        let definition = try yamlSelector(selection, findings: &bag)
        guard !bag.hasErrors else { return [] }
        if let definition {
            var selector = NodeSelector(graph: graph)
            selector.states = states
            let result = selector.select(definition: definition, indirectSelection: mode, resourceTypes: types)
            bag.append(contentsOf: result.diagnostics)
            ids = result.uniqueIds
        } else {
            ids = pipeline.select(
                graph, select: selection.select, exclude: selection.exclude, indirectSelection: mode, types: types,
                states: states, diagnostics: &bag)
        }
        return ids
    }

    /// `--selector NAME`, or selectors.yml's `default: true` selector when no selection was given
    /// (dbt's rule); nil means select by `--select`/`--exclude`.
    ///
    /// What selectors.yml says is collected in `bag`, unreported: the answers from the last compile
    /// report it only once they are sure to answer, so that a command that falls back to loading the
    /// project does not print it twice. Nil with an error in `bag` when the file is missing or broken.
    func yamlSelector(_ selection: SelectionOptions, findings bag: inout DiagnosticBag) throws -> SelectorDefinition? {
        let path = root + "/selectors.yml"
        let exists = fileSystem.fileExists(path)
        guard selection.selector != nil || (exists && selection.select.isEmpty && selection.exclude.isEmpty) else { return nil }
        guard exists else {
            bag.append(
                .error(
                    "--selector '\(selection.selector ?? "")' needs selectors.yml at the project root, and there is none",
                    path: path, hint: "selectors:\n  - name: \(selection.selector ?? "nightly")\n    definition: 'tag:nightly'"))
            return nil
        }
        let text = try fileSystem.readFile(path)
        guard let file = SelectorsFile.parse(path: "selectors.yml", text: text, into: &bag) else { return nil }
        guard let name = selection.selector ?? file.defaultName else { return nil }
        return file.definition(name, at: nil, into: &bag)
    }

    /// Writes compiled SQL and the manifest (ProjectPipeline+Output.swift).
    func writeCompiled(_ compiled: CompiledProject, ids: [String]) throws {
        try pipeline.writeCompiled(compiled, ids: ids, version: swiftdbtVersion)
    }

    /// `Found 5 models, 1 analysis, 1 seed, 2 sources, 12 macros`, as dbt's stat line.
    static func foundLine(_ compiled: CompiledProject) -> String {
        var counts: [ResourceType: Int] = [:]
        for n in compiled.nodes.values { counts[n.resourceType, default: 0] += 1 }
        let parts: [(String, Int)] = [
            ("model", counts[.model] ?? 0), ("snapshot", counts[.snapshot] ?? 0), ("analysis", counts[.analysis] ?? 0),
            ("data test", counts[.test] ?? 0), ("unit test", counts[.unitTest] ?? 0), ("seed", counts[.seed] ?? 0),
            ("source", counts[.source] ?? 0), ("exposure", counts[.exposure] ?? 0),
            ("macro", compiled.macros.macros.count), ("semantic model", counts[.semanticModel] ?? 0),
            ("metric", counts[.metric] ?? 0), ("saved query", counts[.savedQuery] ?? 0),
        ]
        return "Found " + ConsoleReporter.countPhrase(parts)
    }

    /// Said once per run when the project declares a semantic layer: it is checked and kept in
    /// target/manifest.json (and listed by `ls`), but swiftdbt does not query it.
    static func semanticLayerNote(_ compiled: CompiledProject) -> String? {
        var counts: [ResourceType: Int] = [:]
        for n in compiled.nodes.values where ResourceType.semanticLayer.contains(n.resourceType) { counts[n.resourceType, default: 0] += 1 }
        guard !counts.isEmpty else { return nil }
        let parts: [(String, Int)] = [
            ("semantic model", counts[.semanticModel] ?? 0), ("metric", counts[.metric] ?? 0), ("saved query", counts[.savedQuery] ?? 0),
        ]
        return "Note: " + ConsoleReporter.countPhrase(parts) + (counts.values.reduce(0, +) == 1 ? " is" : " are")
            + " kept in target/manifest.json and listed by `swiftdbt ls`; swiftdbt does not execute the semantic layer"
    }
}

/// Whether a command printed a diagnostic (Session.report).
final class PrintedDiagnostics: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func mark() { lock.withLock { value = true } }
    var any: Bool { lock.withLock { value } }
}

/// Writes to stdout and stderr without buffering surprises between the two. Everything the process
/// prints (progress in text or JSON, diagnostics, `debug`, errors) passes through the scrubber here.
enum Output {
    /// The process's one scrubber: filled by Session and the AWS chain, applied by every writer.
    static let scrubber = SecretScrubber()

    static func out(_ s: String) { write(scrubber.scrub(s), to: STDOUT_FILENO) }
    static func err(_ s: String) { write(scrubber.scrub(s), to: STDERR_FILENO) }

    /// Writes every byte with write(2). When the reader has gone (`swiftdbt ls | head`), Foundation's
    /// FileHandle.write traps on EPIPE and prints a crash report; a Unix tool whose reader is gone
    /// stops quietly instead, with the status a SIGPIPE death gives (128 + 13). The duckdb child dies
    /// with the process (CSDProcess), so nothing is left running.
    private static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EPIPE {
                exit(141)
            } else {
                return
            }
        }
    }
}
