import SDBasics

/// A package `swiftdbt deps` installed, as the loader found it under packages-install-path.
public struct InstalledPackage: Sendable {
    /// The package's project name: its node ids are `model.<name>.<model>`.
    public var name: String
    /// Its folder, relative to the project root (`packages/helpers`).
    public var folder: String
    public var config: ProjectConfig
}

extension Project {
    /// The installed package a file (path from the project root) belongs to; nil for the project's own.
    public func package(ofFile path: String) -> String? {
        packages.first { path.hasPrefix($0.folder + "/") }?.name
    }
}

extension ProjectLoader {
    /// The packages the project declares, checked against package-lock.yml and the install folder.
    /// A project without packages.yml has none. Declared but not installed, installed from other
    /// declarations (packages.yml edited since `deps`), or missing from the install folder: an error
    /// that asks for `swiftdbt deps`, never a run without the package's macros and models.
    public func installedPackages(root: String, config: ProjectConfig, diagnostics: inout DiagnosticBag) -> [InstalledPackage] {
        let present = PackagesFile.fileNames.filter { fileSystem.fileExists(join(root, $0)) }
        guard let fileName = present.first, let text = try? fileSystem.readFile(join(root, fileName)) else { return [] }
        if present.count > 1 {
            diagnostics.error("both packages.yml and dependencies.yml declare packages", path: present[1], hint: "keep one of them, as dbt requires")
        }
        let declared = PackagesFile.parse(SourceFile(path: fileName, text: text), diagnostics: &diagnostics)
        guard !declared.packages.isEmpty else { return [] }
        let runDeps = "run 'swiftdbt deps' to install the packages \(fileName) declares"
        let lockPath = join(root, PackageLock.fileName)
        guard let lockText = try? fileSystem.readFile(lockPath) else {
            diagnostics.append(.error("the packages of \(fileName) are not installed", at: declared.packages[0].range, hint: runDeps))
            return []
        }
        guard let lock = PackageLock.parse(SourceFile(path: PackageLock.fileName, text: lockText), diagnostics: &diagnostics) else { return [] }
        if lock.sha1Hash != PackageLock.hash(of: declared.packages) {
            diagnostics.append(
                .error(
                    "\(fileName) changed since the packages were installed (\(PackageLock.fileName) pins other packages)",
                    path: fileName, hint: runDeps))
            return []
        }
        var packages: [InstalledPackage] = []
        for pin in lock.pins {
            let folder = join(config.packagesInstallPath, pin.name)
            guard fileSystem.fileExists(join(join(root, folder), "project.yml")) else {
                diagnostics.append(.error("package '\(pin.name)' is not installed in \(config.packagesInstallPath)/", path: fileName, hint: runDeps))
                continue
            }
            guard let packageConfig = loadConfig(root: join(root, folder), diagnostics: &diagnostics) else { continue }
            packages.append(InstalledPackage(name: pin.name, folder: folder, config: packageConfig))
        }
        return packages
    }

    /// What the installed packages bring, with paths from the project root so every diagnostic names the
    /// file where it is, and each file tagged with its package.
    struct PackageFiles {
        var macros: [ProjectFile] = []
        var models: [ProjectFile] = []
        var seeds: [SeedFile] = []
        /// Property files with the package each belongs to (it owns the sources they declare).
        var properties: [(file: SourceFile, package: String)] = []
        var singularTests: [ProjectFile] = []
        var analyses: [ProjectFile] = []
        var docBlocks: [(block: DocsBlock, package: String)] = []
    }

    /// Reads each package's folders as dbt reads a package's (https://docs.getdbt.com/docs/build/packages):
    /// macros, models, seeds and property files, and also its test-paths (singular tests; tests/generic/
    /// holds generic test definitions, which are macros), analysis-paths and the docs blocks of its
    /// docs-paths. Property files are read under every one of these folders, as the project's are.
    func packageFiles(root: String, packages: [InstalledPackage], diagnostics: inout DiagnosticBag) -> PackageFiles {
        var out = PackageFiles()
        for p in packages {
            func files(_ bases: [String], _ suffixes: [String]) -> [ProjectFile] {
                var found: [ProjectFile] = []
                for base in bases {
                    for rel in list(root, join(p.folder, base)).sorted() where suffixes.contains(where: { rel.hasSuffix($0) }) {
                        guard var f = read(root, join(p.folder, base), rel, &diagnostics) else { continue }
                        f.package = p.name
                        found.append(f)
                    }
                }
                return found
            }
            let c = p.config
            var yamlBases: [String] = []
            for base in c.modelPaths + c.seedPaths + c.testPaths + c.analysisPaths where !yamlBases.contains(base) { yamlBases.append(base) }
            out.properties += files(yamlBases, [".yml", ".yaml"]).map { ($0.file, p.name) }
            for base in c.seedPaths {
                for rel in list(root, join(p.folder, base)).sorted() where rel.hasSuffix(".csv") {
                    let (name, folders) = ProjectLoader.split(rel)
                    out.seeds.append(SeedFile(name: name, path: join(join(p.folder, base), rel), relativePath: rel, folders: folders, package: p.name))
                }
            }
            out.macros += files(c.macroPaths, [".sql"])
            out.models += files(c.modelPaths, [".sql"])
            // tests/fixtures/ holds unit test rows, not singular tests (the project's own rule, Project.swift).
            for f in files(c.testPaths, [".sql"]) where f.folders.first != "fixtures" {
                if f.folders.first == "generic" { out.macros.append(f) } else { out.singularTests.append(f) }
            }
            out.analyses += files(c.analysisPaths, [".sql"])
            var seenDocs = Set<String>()
            for f in files(c.docsPaths, [".md"]) where seenDocs.insert(f.path).inserted {
                out.docBlocks += DocsBlocks.parse(f.file, diagnostics: &diagnostics).map { ($0, p.name) }
            }
        }
        return out
    }
}

extension ProjectLoader {
    /// Packages' docs blocks join the project's. The project's block of a name wins, as dbt's `doc()`
    /// searches the root project first (`_packages_to_search` in dbt-core's manifest.py); a name two
    /// packages define goes to the first package in package-lock.yml order. Within one package a name
    /// defined twice is the same error as in the project.
    static func addPackageDocBlocks(
        _ blocks: [(block: DocsBlock, package: String)], to own: [String: DocsBlock], diagnostics: inout DiagnosticBag
    ) -> [String: DocsBlock] {
        var out = own
        var seen: [String: DocsBlock] = [:]
        for (block, package) in blocks {
            let key = package + "." + block.name
            if let first = seen[key] {
                diagnostics.append(
                    .error(
                        "docs block '\(block.name)' is defined twice", at: block.nameRange,
                        notes: [.note("first defined here", at: first.nameRange)],
                        hint: "docs block names are global to their package; rename one"))
                continue
            }
            seen[key] = block
            if out[block.name] == nil { out[block.name] = block }
        }
        return out
    }
}
