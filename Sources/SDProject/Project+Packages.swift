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

    /// The macro files, models, seeds and property files of the installed packages, with paths from the project root so
    /// every diagnostic names the file where it is, and each model tagged with its package.
    func packageFiles(root: String, packages: [InstalledPackage], diagnostics: inout DiagnosticBag)
        -> (macros: [ProjectFile], models: [ProjectFile], seeds: [SeedFile], properties: [SourceFile])
    {
        var macros: [ProjectFile] = []
        var models: [ProjectFile] = []
        var seeds: [SeedFile] = []
        var properties: [SourceFile] = []
        for p in packages {
            for base in p.config.modelPaths + p.config.seedPaths {
                for rel in packageList(root, join(p.folder, base)) where rel.hasSuffix(".yml") || rel.hasSuffix(".yaml") {
                    guard let f = packageRead(root, join(p.folder, base), rel, &diagnostics) else { continue }
                    // Source ids and lookups are the project's; a package's sources would be filed under
                    // the wrong package, so they are refused where they are declared.
                    if let key = YAMLNode.parse(f.file).0?.entries?.first(where: { $0.key.string == "sources" })?.key {
                        diagnostics.append(
                            .error(
                                "sources declared in a package are not supported yet", at: key.range,
                                hint: "declare the source in the project's own property files"))
                        continue
                    }
                    properties.append(f.file)
                }
            }
            for base in p.config.seedPaths {
                for rel in packageList(root, join(p.folder, base)) where rel.hasSuffix(".csv") {
                    let (name, folders) = ProjectLoader.split(rel)
                    seeds.append(SeedFile(name: name, path: join(join(p.folder, base), rel), relativePath: rel, folders: folders, package: p.name))
                }
            }
            for base in p.config.macroPaths {
                for rel in packageList(root, join(p.folder, base)) where rel.hasSuffix(".sql") {
                    if var f = packageRead(root, join(p.folder, base), rel, &diagnostics) {
                        f.package = p.name
                        macros.append(f)
                    }
                }
            }
            for base in p.config.modelPaths {
                for rel in packageList(root, join(p.folder, base)) where rel.hasSuffix(".sql") {
                    if var f = packageRead(root, join(p.folder, base), rel, &diagnostics) {
                        f.package = p.name
                        models.append(f)
                    }
                }
            }
        }
        return (macros, models, seeds, properties)
    }

    private func packageList(_ root: String, _ base: String) -> [String] {
        let all = (try? fileSystem.listFiles(under: join(root, base))) ?? []
        return all.filter { rel in !rel.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
    }

    private func packageRead(_ root: String, _ base: String, _ rel: String, _ diagnostics: inout DiagnosticBag) -> ProjectFile? {
        let path = join(base, rel)
        guard let text = try? fileSystem.readFile(join(root, path)) else {
            diagnostics.error("cannot read file", path: path)
            return nil
        }
        let (name, folders) = ProjectLoader.split(rel)
        let file = SourceFile(path: path, text: text)
        if let notUTF8 = Diagnostic.notUTF8(file) { diagnostics.append(notUTF8) }
        return ProjectFile(name: name, path: path, relativePath: rel, folders: folders, file: file)
    }
}
