import Foundation
import SDBasics

/// A SQL file of the project: a model, a macro file or a singular test.
public struct ProjectFile: Sendable {
    /// File stem: the model's or test's name.
    public var name: String
    /// Path relative to the project root, e.g. `models/gold/gold_grouped_returns.sql`.
    public var path: String
    /// Path relative to the model/seed/test path it was found under, e.g. `gold/gold_grouped_returns.sql`.
    public var relativePath: String
    /// Folders between the resource path and the file, e.g. `["gold"]`.
    public var folders: [String]
    public var file: SourceFile
    /// The installed package the file belongs to (Project+Packages.swift); nil for the project's own.
    public var package: String? = nil
}

/// A seed CSV, read when it is loaded, not when the project is parsed.
public struct SeedFile: Sendable {
    public var name: String
    public var path: String
    public var relativePath: String
    public var folders: [String]
    /// The installed package the seed belongs to (Project+Packages.swift); nil for the project's own.
    public var package: String? = nil
}

/// A project as read from disk: its config, files and properties. Nothing is rendered yet.
public struct Project: Sendable {
    public var root: String
    public var config: ProjectConfig
    public var models: [ProjectFile]
    public var seeds: [SeedFile]
    public var macroFiles: [ProjectFile]
    public var singularTests: [ProjectFile]
    /// Files under streaming-paths, for the streaming layer.
    public var streamingFiles: [SourceFile]
    public var properties: PropertySet
    /// SQL files under analysis-paths: compiled to target/compiled, never run.
    public var analyses: [ProjectFile] = []
    /// `{% docs name %}` blocks of the .md files under docs-paths, by name.
    public var docBlocks: [String: DocsBlock] = [:]
    /// `<< snapshot >>` blocks of the .sql files under snapshot-paths (YAML snapshots are in `properties`).
    public var snapshots: [SnapshotBlock] = []
    /// Unit test fixture files (`tests/fixtures/NAME.csv|.sql`, dbt's default place), by file name with extension.
    public var fixtures: [String: SourceFile] = [:]
    /// Packages installed by `swiftdbt deps` whose macros and models joined the project.
    public var packages: [InstalledPackage] = []

    public var name: String { config.name }

    /// The project.yml seed configs that apply to a seed: its package's for a package seed.
    public func seedConfigs(for seed: SeedFile) -> FolderConfigTree {
        guard let p = seed.package else { return config.seeds }
        return packages.first { $0.name == p }?.config.seeds ?? config.seeds
    }

    /// The project.yml folder configs that apply to a model: its package's for a package model.
    public func modelConfigs(for file: ProjectFile) -> FolderConfigTree {
        guard let p = file.package else { return config.models }
        return packages.first { $0.name == p }?.config.models ?? config.models
    }
}

/// Reads a project folder: project.yml, then every model, seed, macro, test and property file.
public struct ProjectLoader: Sendable {
    public var fileSystem: FileSystem
    /// The registered target types, whose config keys project.yml and property files may use.
    public var adapters: TargetAdapterRegistry

    public init(fileSystem: FileSystem, adapters: TargetAdapterRegistry) {
        self.fileSystem = fileSystem
        self.adapters = adapters
    }

    /// Reads project.yml at `root`. Returns nil when it is missing or unusable.
    public func loadConfig(root: String, diagnostics: inout DiagnosticBag) -> ProjectConfig? {
        let projectPath = join(root, "project.yml")
        guard fileSystem.fileExists(projectPath) else {
            let dbtFile = fileSystem.fileExists(join(root, "dbt_project.yml"))
            diagnostics.append(
                .error(
                    "no project.yml in '\(root)'", path: nil,
                    hint: dbtFile
                        ? "this looks like a dbt project: rename dbt_project.yml to project.yml"
                        : "run swiftdbt inside a project folder or pass --project-dir"))
            return nil
        }
        guard let text = try? fileSystem.readFile(projectPath) else {
            diagnostics.error("cannot read project.yml", path: projectPath)
            return nil
        }
        let file = SourceFile(path: "project.yml", text: text)
        if let notUTF8 = Diagnostic.notUTF8(file) { diagnostics.append(notUTF8) }
        return ProjectConfig.parse(file, configKeys: adapters.configKeys, diagnostics: &diagnostics)
    }

    /// Reads every model, seed, macro, test, streaming and property file of the project.
    /// `render` expands `<< >>` inside property-file strings that need it (source `external:` blocks).
    public func load(root: String, config: ProjectConfig, render: YAMLStringRenderer, diagnostics: inout DiagnosticBag) -> Project {
        var models: [ProjectFile] = []
        var seeds: [SeedFile] = []
        var propertyFiles: [SourceFile] = []
        // docs-paths default to the model and analysis paths: each folder is walked once.
        var listings: [String: [String]] = [:]
        func list(_ root: String, _ base: String) -> [String] {
            if let known = listings[base] { return known }
            let found = self.list(root, base)
            listings[base] = found
            return found
        }
        // A folder named in project.yml that does not exist silently drops every model in it.
        for (key, path, range) in config.declaredPaths where !fileSystem.isDirectory(join(root, path)) {
            diagnostics.append(
                .warning(
                    "'\(key)' names '\(path)', which is not a folder in the project", at: range,
                    hint: "paths are relative to the folder that holds project.yml"))
        }
        // The YAML of the property files under the model paths, parsed while the models are read.
        var parsedEarly: [String: (YAMLNode?, [Diagnostic])] = [:]
        for base in config.modelPaths {
            let rels = list(root, base).filter { $0.hasSuffix(".sql") || $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
            // The property files are read and parsed on a thread of their own while the models are
            // read on every core: parsed after, the largest file's YAML kept one core busy and the
            // other idle (bench/README.md).
            let properties = rels.filter { !$0.hasSuffix(".sql") }
            let parsing = Background { [self] in
                properties.map { rel in
                    let (f, finding) = self.read(root, base, rel)
                    return (f, finding, f.map { YAMLNode.parse($0.file) })
                }
            }
            // Reading, the line table and the UTF-8 check were a fifth of a 10,000-model `ls` on one
            // core; more reads in flight than cores, for files the page cache no longer holds.
            let sql = ParallelMap.mapWaiting(rels.filter { $0.hasSuffix(".sql") }) { [self] rel in self.read(root, base, rel) }
            let yaml = (try? parsing.value()) ?? []
            // Findings and files in the listing's order, as when every file was read in one pass.
            var (nextSQL, nextYAML) = (0, 0)
            for rel in rels {
                let (f, finding): (ProjectFile?, Diagnostic?)
                if rel.hasSuffix(".sql") {
                    (f, finding) = sql[nextSQL]
                    nextSQL += 1
                    if let f { models.append(f) }
                } else {
                    let parsed: (YAMLNode?, [Diagnostic])?
                    (f, finding, parsed) = yaml[nextYAML]
                    nextYAML += 1
                    if let f { propertyFiles.append(f.file) }
                    if let f, let parsed { parsedEarly[f.path] = parsed }
                }
                if let finding { diagnostics.append(finding) }
            }
        }
        for base in config.seedPaths {
            for rel in list(root, base) {
                if rel.hasSuffix(".csv") {
                    let (name, folders) = ProjectLoader.split(rel)
                    seeds.append(SeedFile(name: name, path: joinRel(base, rel), relativePath: rel, folders: folders))
                } else if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") {
                    if let f = read(root, base, rel, &diagnostics) { propertyFiles.append(f.file) }
                }
            }
        }
        var macros: [ProjectFile] = []
        for base in config.macroPaths {
            for rel in list(root, base) where rel.hasSuffix(".sql") {
                if let f = read(root, base, rel, &diagnostics) { macros.append(f) }
            }
        }
        var tests: [ProjectFile] = []
        var fixtures: [String: SourceFile] = [:]
        for base in config.testPaths {
            for rel in list(root, base) {
                // tests/fixtures/ holds unit test rows (dbt's fixture folder), not singular tests.
                if rel.hasPrefix("fixtures/"), rel.hasSuffix(".sql") || rel.hasSuffix(".csv") {
                    if let f = read(root, base, rel, &diagnostics) { fixtures[String(rel.dropFirst("fixtures/".count))] = f.file }
                    continue
                }
                if rel.hasSuffix(".sql") {
                    // tests/generic/ holds generic test definitions, which are macros.
                    if let f = read(root, base, rel, &diagnostics) {
                        if f.folders.first == "generic" { macros.append(f) } else { tests.append(f) }
                    }
                } else if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") {
                    if let f = read(root, base, rel, &diagnostics) { propertyFiles.append(f.file) }
                }
            }
        }
        // Snapshots: `<< snapshot >>` blocks in .sql files; YAML ones are property files (dbt 1.9).
        var snapshots: [SnapshotBlock] = []
        for base in config.snapshotPaths {
            for rel in list(root, base) {
                if rel.hasSuffix(".sql") {
                    if let f = read(root, base, rel, &diagnostics) { snapshots += SnapshotBlocks.parse(f, diagnostics: &diagnostics) }
                } else if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") {
                    if let f = read(root, base, rel, &diagnostics) { propertyFiles.append(f.file) }
                }
            }
        }
        // Analyses: compiled like models, never run; their property files describe them.
        var analyses: [ProjectFile] = []
        for base in config.analysisPaths {
            for rel in list(root, base) {
                if rel.hasSuffix(".sql") {
                    if let f = read(root, base, rel, &diagnostics) { analyses.append(f) }
                } else if rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") {
                    if let f = read(root, base, rel, &diagnostics) { propertyFiles.append(f.file) }
                }
            }
        }
        let packages = installedPackages(root: root, config: config, diagnostics: &diagnostics)
        let fromPackages = packageFiles(root: root, packages: packages, diagnostics: &diagnostics)
        macros += fromPackages.macros
        models += fromPackages.models
        seeds += fromPackages.seeds
        propertyFiles += fromPackages.properties.map(\.file)
        tests += fromPackages.singularTests
        analyses += fromPackages.analyses
        var streaming: [SourceFile] = []
        for base in config.streamingPaths {
            for rel in list(root, base) where rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") {
                if let f = read(root, base, rel, &diagnostics) { streaming.append(f.file) }
            }
        }
        reportDuplicates(models.map { ($0.name, $0.path) }, kind: "model", &diagnostics)
        reportDuplicates(seeds.map { ($0.name, $0.path) }, kind: "seed", &diagnostics)
        reportDuplicates(analyses.map { ($0.name, $0.path) }, kind: "analysis", &diagnostics)
        reportDuplicates(snapshots.map { ($0.name, $0.file.path) }, kind: "snapshot", &diagnostics)
        let modelPaths = Dictionary(models.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
        for s in seeds {
            guard let modelPath = modelPaths[s.name] else { continue }
            diagnostics.append(
                .error(
                    "seed '\(s.name)' has the same name as a model", path: s.path,
                    notes: [.note("the model named '\(s.name)'", path: modelPath)],
                    hint: "ref('\(s.name)') must name one node; rename the seed or the model"))
        }
        var properties = PropertySet()
        // The YAML of a few files at a time is parsed on every core (libyaml and the node tree were
        // most of the property-file cost); a few, so that a project's trees are not all held at once.
        var parsed: [(YAMLNode?, [Diagnostic])] = []
        let batch = max(1, ProcessInfo.processInfo.activeProcessorCount)
        for (i, f) in propertyFiles.enumerated() {
            if i % batch == 0 {
                let next = Array(propertyFiles[i..<min(i + batch, propertyFiles.count)])
                // Those parsed while the models were read are taken as they are (and let go here).
                let early = next.map { parsedEarly.removeValue(forKey: $0.path) }
                parsed = ParallelMap.map(Array(zip(next, early)), minimumCount: 2) { f, known in known ?? YAMLNode.parse(f) }.reversed()
            }
            let yaml = parsed.removeLast()
            // Each file's findings in the order of its lines, whichever check found them.
            var fileBag = DiagnosticBag()
            let package = packages.first { f.path.hasPrefix($0.folder + "/") }?.name
            properties.add(f, parsed: yaml, render: render, configKeys: config.configKeys, package: package, diagnostics: &fileBag)
            let ordered = fileBag.diagnostics.enumerated().sorted { a, b in
                let (x, y) = (a.element.range?.bytes.lowerBound ?? -1, b.element.range?.bytes.lowerBound ?? -1)
                return x != y ? x < y : a.offset < b.offset
            }
            diagnostics.append(contentsOf: ordered.map(\.element))
        }
        // Secret variables may be read only in profiles.yml: a literal name anywhere else is an error,
        // also in files that are never rendered (project.yml, property strings outside `external:`).
        // An `external:` string was rendered above and may have reported the same call already.
        let reported = Set(diagnostics.diagnostics)
        var secrets = ([config.file] + propertyFiles + streaming).flatMap { SecretEnvVars.scan($0, yaml: true) }
        secrets += (models + macros + tests).flatMap { SecretEnvVars.scan($0.file, yaml: false) }
        secrets += Dictionary(snapshots.map { ($0.file.path, $0.file.file) }, uniquingKeysWith: { a, _ in a })
            .sorted { $0.key < $1.key }.flatMap { SecretEnvVars.scan($0.value, yaml: false) }
        diagnostics.append(contentsOf: secrets.filter { !reported.contains($0) })
        var project = Project(
            root: root, config: config, models: models, seeds: seeds, macroFiles: macros,
            singularTests: tests, streamingFiles: streaming, properties: properties, analyses: analyses,
            docBlocks: loadDocBlocks(root: root, config: config, list: list, diagnostics: &diagnostics))
        project.docBlocks = ProjectLoader.addPackageDocBlocks(fromPackages.docBlocks, to: project.docBlocks, diagnostics: &diagnostics)
        project.snapshots = snapshots
        project.fixtures = fixtures
        project.packages = packages
        return project
    }

    /// Reads every `.md` file under docs-paths (each folder once) for docs blocks; a name defined
    /// twice is an error at the second, with a note at the first.
    private func loadDocBlocks(
        root: String, config: ProjectConfig, list: (String, String) -> [String], diagnostics: inout DiagnosticBag
    ) -> [String: DocsBlock] {
        var blocks: [String: DocsBlock] = [:]
        var seen = Set<String>()
        for base in config.docsPaths where seen.insert(base).inserted {
            for rel in list(root, base) where rel.hasSuffix(".md") {
                guard let f = read(root, base, rel, &diagnostics) else { continue }
                for block in DocsBlocks.parse(f.file, diagnostics: &diagnostics) {
                    if let first = blocks[block.name] {
                        diagnostics.append(
                            .error(
                                "docs block '\(block.name)' is defined twice", at: block.nameRange,
                                notes: [.note("first defined here", at: first.nameRange)],
                                hint: "docs block names are global to the project; rename one"))
                    } else {
                        blocks[block.name] = block
                    }
                }
            }
        }
        return blocks
    }

    private func reportDuplicates(_ items: [(String, String)], kind: String, _ diagnostics: inout DiagnosticBag) {
        var first: [String: String] = [:]
        for (name, path) in items {
            if let p = first[name] {
                diagnostics.append(
                    .error(
                        "two \(kind)s are named '\(name)'", path: path,
                        notes: [.note("the other \(kind) named '\(name)'", path: p)],
                        hint: "\(kind) names must be unique across the project, whatever their folder; rename one file"))
            } else {
                first[name] = path
            }
        }
    }

    /// Files under a resource folder, leaving out hidden files and folders (`.ipynb_checkpoints/`,
    /// macOS `._x.sql` copies), which would otherwise load as duplicate models.
    public func list(_ root: String, _ base: String) -> [String] {
        let all = (try? fileSystem.listFiles(under: join(root, base))) ?? []
        return all.filter { !ProjectLoader.isHidden($0) }
    }

    /// True when a component of the relative path starts with a dot: the path starts with `.` or
    /// holds `/.`. A byte scan, because splitting 100,000 paths into components was most of `list`.
    static func isHidden(_ rel: String) -> Bool {
        var previous = UInt8(ascii: "/")
        for b in rel.utf8 {
            if b == UInt8(ascii: "."), previous == UInt8(ascii: "/") { return true }
            previous = b
        }
        return false
    }

    public func read(_ root: String, _ base: String, _ rel: String, _ diagnostics: inout DiagnosticBag) -> ProjectFile? {
        let (file, finding) = read(root, base, rel)
        if let finding { diagnostics.append(finding) }
        return file
    }

    /// Reads one file: the file, or nil with the error; a file that is not UTF-8 comes with its finding.
    private func read(_ root: String, _ base: String, _ rel: String) -> (ProjectFile?, Diagnostic?) {
        let path = joinRel(base, rel)
        guard let text = try? fileSystem.readFile(join(root, path)) else {
            return (nil, Diagnostic.error("cannot read file", path: path))
        }
        let (name, folders) = ProjectLoader.split(rel)
        let file = SourceFile(path: path, text: text)
        return (ProjectFile(name: name, path: path, relativePath: rel, folders: folders, file: file), Diagnostic.notUTF8(file))
    }

    /// The file's name without its last extension (the whole name when that leaves nothing, as for
    /// `.sql` or `Makefile`) and the folders before it.
    static func split(_ rel: String) -> (name: String, folders: [String]) {
        let parts = rel.split(separator: "/")
        guard let fileName = parts.last else { return (rel, []) }
        let folders = parts.dropLast().map(String.init)
        guard let dot = fileName.utf8.lastIndex(of: UInt8(ascii: ".")), dot > fileName.startIndex else { return (String(fileName), folders) }
        return (String(fileName[..<dot]), folders)
    }

    /// `b` under the folder `a`, as the loader names the files it reads: bare under ".".
    public func join(_ a: String, _ b: String) -> String {
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    private func joinRel(_ base: String, _ rel: String) -> String {
        let b = base.hasSuffix("/") ? String(base.dropLast()) : base
        return b == "." || b.isEmpty ? rel : b + "/" + rel
    }
}
