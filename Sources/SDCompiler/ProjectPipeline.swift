import Foundation
import SDBasics
import SDGraph
import SDProject

/// The load phase every command shares: `--vars`, project.yml, the profile's target, then every
/// project file. Lives below the executable so tests drive exactly what the CLI does.
public struct ProjectPipeline: Sendable {
    public var root: String
    public var profilesDir: String?
    public var targetName: String?
    public var varsText: String?
    public var environment: [String: String]
    public var fileSystem: FileSystem
    /// The target types this run knows; the profile's `type:` picks one.
    public var adapters: TargetAdapterRegistry
    /// Counts the files the load reads, for a progress line; nil when nobody shows one.
    public var progress: CompileProgress?
    /// Records every file the load reads, lists and probes, for the compile cache; nil records nothing.
    public var inputs: CompileInputs?
    /// Where a path stands on disk (FileStamp.local for the real disk); nil turns the compile cache off.
    public var stamp: (@Sendable (String) -> FileStamp?)?

    public init(
        root: String, profilesDir: String? = nil, targetName: String? = nil, varsText: String? = nil,
        environment: [String: String], fileSystem: FileSystem = LocalFileSystem(), adapters: TargetAdapterRegistry
    ) {
        self.adapters = adapters
        self.root = root
        self.profilesDir = profilesDir
        self.targetName = targetName
        self.varsText = varsText
        self.environment = environment
        self.fileSystem = fileSystem
    }

    /// A project with its target, ready to compile.
    public struct Loaded: Sendable {
        public var project: Project
        public var target: Target
        public var profileName: String
        public var cliVars: [String: JSONValue]
        /// The profiles.yml the target came from, as `swiftdbt debug` reports it.
        public var profilesFile: String? = nil
    }

    /// `--vars` as a mapping.
    public func cliVars(_ bag: inout DiagnosticBag) -> [String: JSONValue] {
        guard let text = varsText, !text.isEmpty else { return [:] }
        let file = SourceFile(path: "--vars", text: text)
        let (node, diags) = YAMLNode.parse(file)
        bag.append(contentsOf: diags)
        guard let node else { return [:] }
        guard case .object(let o) = node.json else {
            bag.append(.error("--vars must be a YAML mapping, like '{lake_root: lake}'", at: node.range))
            return [:]
        }
        return o
    }

    /// project.yml, `--vars` and the profile's target: what every load starts with.
    struct Head {
        var loader: ProjectLoader
        var fileSystem: FileSystem
        var config: ProjectConfig
        var target: Target
        var cliVars: [String: JSONValue]
        var allVars: [String: JSONValue]
        var search: [String]
    }

    func loadHead(diagnostics bag: inout DiagnosticBag) -> Head? {
        var fileSystem = self.fileSystem
        if let inputs { fileSystem = RecordingFileSystem(base: fileSystem, inputs: inputs) }
        if let progress { fileSystem = CountingFileSystem(base: fileSystem, progress: progress) }
        let loader = ProjectLoader(fileSystem: fileSystem, adapters: adapters)
        let vars = cliVars(&bag)
        guard let config = loader.loadConfig(root: root, diagnostics: &bag), !bag.hasErrors else { return nil }
        var allVars: [String: JSONValue] = [:]
        for (k, v) in config.vars { allVars[k] = v.json }
        for (k, v) in vars { allVars[k] = v }
        let profileRender = YAMLTemplating.renderer(
            environment: environment, vars: allVars, target: nil, profileName: config.profile,
            allowSecretEnvVars: true)
        if let wrongDir = Profiles.profilesDirFinding(profilesDir, fileSystem: fileSystem) {
            bag.append(wrongDir)
            return nil
        }
        let search = Profiles.searchPath(profilesDir: profilesDir, projectDir: root, environment: environment)
        let target = Profiles.loadTarget(
            profileName: config.profile, targetName: targetName, searchPath: search,
            fileSystem: fileSystem, render: profileRender, projectFile: config.file,
            profileRange: config.profileRange, adapters: adapters, diagnostics: &bag)
        guard let target, !bag.hasErrors else { return nil }
        return Head(loader: loader, fileSystem: fileSystem, config: config, target: target, cliVars: vars, allVars: allVars, search: search)
    }

    /// Loads everything; nil when an error stops the phase (the bag says why).
    public func load(diagnostics bag: inout DiagnosticBag) -> Loaded? {
        guard let head = loadHead(diagnostics: &bag) else { return nil }
        let config = head.config
        let render = YAMLTemplating.renderer(environment: environment, vars: head.allVars, target: head.target, profileName: config.profile)
        var project = head.loader.load(root: root, config: config, render: render, diagnostics: &bag)
        DocReferences.resolve(&project.properties, docs: project.docBlocks, diagnostics: &bag)
        guard !bag.hasErrors else { return nil }
        return Loaded(
            project: project, target: head.target, profileName: config.profile, cliVars: head.cliVars,
            profilesFile: Profiles.file(in: head.search, fileSystem: head.fileSystem))
    }

    /// Adds nodes a layer above the compiler declares (streaming/'s topics, streams and connectors) to
    /// the options, reporting what is wrong with their files.
    public typealias ExtraNodes = (_ loaded: Loaded, _ options: inout CompileOptions, _ diagnostics: inout DiagnosticBag) -> Void

    /// Load, parse into the DAG, select and render: what `swiftdbt compile` does, without writing files.
    /// `extraNodes` is how a caller that can read streaming/ joins it to the DAG, as the CLI does.
    public func compile(
        select: [String] = [], exclude: [String] = [], runStartedAt: Date, invocationId: String,
        extraNodes: ExtraNodes? = nil, diagnostics bag: inout DiagnosticBag
    ) -> (CompiledProject, [String])? {
        guard let loaded = load(diagnostics: &bag) else { return nil }
        var options = CompileOptions(
            target: loaded.target, profileName: loaded.profileName, cliVars: loaded.cliVars,
            environment: environment, runStartedAt: runStartedAt, invocationId: invocationId)
        options.progress = progress
        extraNodes?(loaded, &options, &bag)
        guard !bag.hasErrors else { return nil }
        let compiler = Compiler(project: loaded.project, options: options)
        guard var compiled = compiler.parse(diagnostics: &bag), !bag.hasErrors else { return nil }
        let selection = NodeSelector(graph: compiled.graph).select(select, exclude: exclude, resourceTypes: [.model, .test, .analysis, .snapshot])
        bag.append(contentsOf: selection.diagnostics)
        guard !bag.hasErrors else { return nil }
        compiler.render(&compiled, ids: Set(selection.uniqueIds), diagnostics: &bag)
        guard !bag.hasErrors else { return nil }
        return (compiled, selection.uniqueIds)
    }
}
