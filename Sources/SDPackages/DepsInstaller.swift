import Foundation
import SDBasics
import SDProject

/// What one `swiftdbt deps` did, for its output.
public struct DepsReport: Sendable {
    /// One line per installed package: name and what was installed (`local ../x`, `git URL@commit`, `hub org/name 1.2.0`).
    public var installed: [(name: String, what: String)] = []
    public var diagnostics: [Diagnostic] = []
    /// True when the pins came from package-lock.yml rather than from resolving the declarations.
    public var fromLock = false
}

/// `swiftdbt deps`: reads packages.yml (or dependencies.yml), resolves each package (the lock's pins
/// while the declarations are unchanged and `--upgrade` is not given), installs it under
/// packages-install-path and writes package-lock.yml. Every package is prepared in a scratch folder
/// first and moved into place only when it is complete, so a failed clone or conversion leaves the
/// package installed before it as it was, and the lock is written only when every package installed.
public struct DepsInstaller: Sendable {
    /// The project's folder (absolute).
    public var root: String
    /// packages-install-path, relative to `root` (or absolute).
    public var installPath: String
    public var hub: HubClient
    public var git: GitCommand
    /// What converting dbt packages reported, for the run's report.
    let findings = FindingsBox()

    public init(root: String, installPath: String, hub: HubClient, git: GitCommand) {
        self.root = root
        self.installPath = installPath
        self.hub = hub
        self.git = git
    }

    var installFolder: String { DepsInstaller.join(root, installPath) }

    /// Installs every declared package. `upgrade` ignores package-lock.yml; `lockOnly` resolves and
    /// writes the lock without installing (dbt's `deps --lock`).
    public func run(upgrade: Bool = false, lockOnly: Bool = false) async throws(DiagnosticError) -> DepsReport {
        guard lockOnly else { return try await resolveAndInstall(upgrade: upgrade) }
        // Packages' own dependencies are read from the installed packages, so `--lock` installs into
        // a scratch folder that is deleted afterwards: the lock is complete, packages/ is untouched.
        var scratch = self
        scratch.installPath = DepsInstaller.join(installPath, ".swiftdbt-lock-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: scratch.installFolder) }
        return try await scratch.resolveAndInstall(upgrade: upgrade)
    }

    private func resolveAndInstall(upgrade: Bool) async throws(DiagnosticError) -> DepsReport {
        var bag = DiagnosticBag()
        let present = PackagesFile.fileNames.filter { FileManager.default.fileExists(atPath: DepsInstaller.join(root, $0)) }
        if present.count > 1 {
            throw DiagnosticError(
                .error("both packages.yml and dependencies.yml declare packages", path: present[1], hint: "keep one of them, as dbt requires"))
        }
        guard let fileName = present.first else {
            return DepsReport(diagnostics: [.warning("no packages.yml or dependencies.yml: there are no packages to install")])
        }
        let declared = try read(fileName, &bag)
        let hash = PackageLock.hash(of: declared.packages)
        var report = DepsReport()
        // With a lock for these declarations, its pins are installed as they are (they include the
        // packages' own dependencies); otherwise the declarations are resolved, and each installed
        // package's own packages.yml adds its dependencies (dbt installs them side by side).
        var queue = declared.packages.map { Pending(source: $0.source, range: $0.range) }
        let lockPath = DepsInstaller.join(root, PackageLock.fileName)
        if !upgrade, let text = try? String(contentsOfFile: lockPath, encoding: .utf8) {
            var lockBag = DiagnosticBag()
            let lock = PackageLock.parse(SourceFile(path: PackageLock.fileName, text: text), diagnostics: &lockBag)
            if lockBag.hasErrors {
                // A lock dbt wrote (pins without `name:`) or a damaged one: resolve again and rewrite it.
                bag.append(
                    .warning(
                        "\(PackageLock.fileName) is not a lock swiftdbt can read, so the packages are resolved again", path: PackageLock.fileName,
                        notes: lockBag.diagnostics.map { d in
                            var note = d
                            note.severity = .note
                            return note
                        }))
            } else if let lock, lock.sha1Hash == hash {
                queue = lock.pins.enumerated().map { i, pin in
                    Pending(source: pin.source, range: i < declared.packages.count ? declared.packages[i].range : nil)
                }
                report.fromLock = true
            }
        }
        try? FileManager.default.createDirectory(atPath: installFolder, withIntermediateDirectories: true)
        var resolved: [PackageLock.Pin] = []
        var names: [String: SourceRange?] = [:]
        var seen = Set<String>()
        var index = 0
        while index < queue.count {
            let pending = queue[index]
            index += 1
            let source = pending.source
            // A dependency two packages share is installed once, first come first served.
            if pending.transitive, !seen.insert(DepsInstaller.identity(source)).inserted { continue }
            seen.insert(DepsInstaller.identity(source))
            let (newPin, what) = try await install(source, at: pending.range)
            if let first = names[newPin.name] {
                if pending.transitive { continue }
                throw DiagnosticError(
                    .error(
                        "two entries install a package named '\(newPin.name)'", at: pending.range,
                        notes: first.map { [.note("the first one", at: $0)] } ?? [], hint: "remove one of them"))
            }
            names[newPin.name] = pending.range
            resolved.append(newPin)
            report.installed.append((newPin.name, what))
            if !report.fromLock {
                queue += try dependencies(of: newPin, &bag)
            }
        }
        let lock = PackageLock(pins: resolved, sha1Hash: hash)
        do {
            try lock.text.write(toFile: lockPath, atomically: true, encoding: .utf8)
        } catch {
            throw DiagnosticError(.error("cannot write \(PackageLock.fileName): \(error)"))
        }
        report.diagnostics = bag.diagnostics + findings.all
        return report
    }

    /// One package to install: a declaration, a pin, or (`transitive`) a package's own dependency.
    struct Pending {
        var source: PackageSource
        var range: SourceRange?
        var transitive = false
    }

    /// What makes two declarations the same package, before it is installed and named.
    static func identity(_ source: PackageSource) -> String {
        switch source {
        case .local(let p): "local:" + p
        case .git(let u, _, let s): "git:" + u + "#" + (s ?? "")
        case .hub(let n, _, _): "hub:" + n
        }
    }

    /// The declarations of an installed package's own packages.yml (or dependencies.yml). A `local:`
    /// path there is relative to that package's folder, so it is kept relative to the project's
    /// `local:` path of the package; a git or hub package's clone is not kept, so a `local:`
    /// dependency of one is refused.
    private func dependencies(of pin: PackageLock.Pin, _ bag: inout DiagnosticBag) throws(DiagnosticError) -> [Pending] {
        let folder = DepsInstaller.join(installPath, pin.name)
        for file in PackagesFile.fileNames {
            guard let text = try? String(contentsOfFile: DepsInstaller.join(root, folder + "/" + file), encoding: .utf8) else { continue }
            let declared = PackagesFile.parse(SourceFile(path: "\(pin.name)/\(file)", text: text), diagnostics: &bag)
            try bag.check()
            return try declared.packages.map { d throws(DiagnosticError) in
                guard case .local(let path) = d.source, !path.hasPrefix("/") else { return Pending(source: d.source, range: d.range, transitive: true) }
                guard case .local(let base) = pin.source else {
                    throw DiagnosticError(
                        .error(
                            "package '\(pin.name)' is installed from git, so its local dependency '\(path)' has no folder", at: d.range,
                            hint: "declare that package in the project's packages.yml instead"))
                }
                return Pending(source: .local(path: base + "/" + path), range: d.range, transitive: true)
            }
        }
        return []
    }

    private func read(_ fileName: String, _ bag: inout DiagnosticBag) throws(DiagnosticError) -> PackagesFile {
        guard let text = try? String(contentsOfFile: DepsInstaller.join(root, fileName), encoding: .utf8) else {
            throw DiagnosticError(.error("cannot read \(fileName)", path: fileName))
        }
        let declared = PackagesFile.parse(SourceFile(path: fileName, text: text), diagnostics: &bag)
        try bag.check()
        return declared
    }

    /// Installs one package and returns its pin and a description for the output.
    private func install(_ source: PackageSource, at range: SourceRange?) async throws(DiagnosticError)
        -> (PackageLock.Pin, String)
    {
        do {
            switch source {
            case .local(let path):
                let folder = DepsInstaller.join(root, path)
                let name = try packageName(in: folder, declaredAs: path)
                try link(name: name, to: folder)
                return (PackageLock.Pin(name: name, source: .local(path: path)), "local \(path)")
            case .git(let url, let revision, let subdirectory):
                let revisionToCheckout = revision
                let (name, commit) = try await offPool { () throws(DiagnosticError) -> (String, String) in
                    try clone(url: url, revision: revisionToCheckout, subdirectory: subdirectory)
                }
                return (PackageLock.Pin(name: name, source: .git(url: url, revision: commit, subdirectory: subdirectory)), "git \(url)@\(commit)")
            case .hub(let hubName, let versions, let prerelease):
                let r = try await hub.resolve(hubName, constraints: versions, prerelease: prerelease)
                let (name, _) = try await offPool { () throws(DiagnosticError) -> (String, String) in
                    try clone(url: r.gitURL, revision: r.revision, subdirectory: nil)
                }
                return (
                    PackageLock.Pin(name: name, source: .hub(name: hubName, versions: [r.version], installPrerelease: prerelease)),
                    "hub \(hubName) \(r.version)"
                )
            }
        } catch {
            // Point at the entry in packages.yml when the failure itself has no place.
            guard let range else { throw error }
            throw DiagnosticError(error.diagnostics.map { d in d.range == nil && d.path == nil ? DepsInstaller.placed(d, at: range) : d })
        }
    }

    /// Runs git on a Dispatch thread: a clone blocks for seconds, and Swift's cooperative pool has as
    /// many threads as cores (two on CI), which the HTTP work of the same process needs.
    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws(DiagnosticError) -> T) async throws(DiagnosticError) -> T {
        let result: Result<T, DiagnosticError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(DiagnosticError) { continuation.resume(returning: .success(try work())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    static func placed(_ d: Diagnostic, at range: SourceRange) -> Diagnostic {
        var copy = d
        copy.range = range
        return copy
    }

    /// Clones into a scratch folder, then moves the package (or its subdirectory) into place.
    private func clone(url: String, revision: String?, subdirectory: String?) throws(DiagnosticError) -> (String, String) {
        let scratch = DepsInstaller.join(installFolder, ".swiftdbt-clone-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let commit = try git.checkout(url: url, revision: revision, into: scratch)
        let folder = subdirectory.map { DepsInstaller.join(scratch, $0) } ?? scratch
        guard FileManager.default.fileExists(atPath: folder) else {
            throw DiagnosticError(.error("'\(subdirectory ?? "")' is not a folder of \(url) at \(commit)"))
        }
        let name = try packageName(in: folder, declaredAs: url)
        try? FileManager.default.removeItem(atPath: DepsInstaller.join(folder, ".git"))
        if isDbtPackage(folder) {
            let converted = scratch + "-converted"
            defer { try? FileManager.default.removeItem(atPath: converted) }
            findings.append(contentsOf: try DbtPackageConversion.convert(package: name, source: folder, into: converted))
            try replace(name: name, with: converted)
        } else {
            try replace(name: name, with: folder)
        }
        return (name, commit)
    }

    /// dbt links a local package into its packages folder (and copies only where links are not
    /// possible), so edits to the package show at once; swiftdbt links too. A dbt package is
    /// converted into the packages folder instead, never in place.
    private func link(name: String, to folder: String) throws(DiagnosticError) {
        if isDbtPackage(folder) {
            let converted = DepsInstaller.join(installFolder, ".swiftdbt-convert-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(atPath: converted) }
            findings.append(contentsOf: try DbtPackageConversion.convert(package: name, source: folder, into: converted))
            try replace(name: name, with: converted)
            return
        }
        let destination = DepsInstaller.join(installFolder, name)
        // Resolved through links, so `packages/a/../b` (a dependency of the linked package `a`) is the
        // folder beside a's real one, as the kernel would read it.
        let absolute = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let scratch = destination + ".swiftdbt-new"
        do {
            try? FileManager.default.removeItem(atPath: scratch)
            try FileManager.default.createSymbolicLink(atPath: scratch, withDestinationPath: absolute)
            _ = try? FileManager.default.removeItem(atPath: destination)
            try FileManager.default.moveItem(atPath: scratch, toPath: destination)
        } catch {
            throw DiagnosticError(.error("cannot link \(destination) to \(absolute): \(error)"))
        }
    }

    /// Moves a complete package folder into place, replacing what was installed under that name.
    private func replace(name: String, with folder: String) throws(DiagnosticError) {
        let destination = DepsInstaller.join(installFolder, name)
        let old = destination + ".swiftdbt-old"
        do {
            try? FileManager.default.removeItem(atPath: old)
            if FileManager.default.fileExists(atPath: destination) || isLink(destination) {
                try FileManager.default.moveItem(atPath: destination, toPath: old)
            }
            try FileManager.default.moveItem(atPath: folder, toPath: destination)
            try? FileManager.default.removeItem(atPath: old)
        } catch {
            throw DiagnosticError(.error("cannot install package '\(name)' into \(destination): \(error)"))
        }
    }

    private func isLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    private func isDbtPackage(_ folder: String) -> Bool {
        !FileManager.default.fileExists(atPath: DepsInstaller.join(folder, "project.yml"))
            && FileManager.default.fileExists(atPath: DepsInstaller.join(folder, "dbt_project.yml"))
    }

    /// The `name:` of the package's project.yml (or dbt_project.yml): its folder name and namespace.
    private func packageName(in folder: String, declaredAs: String) throws(DiagnosticError) -> String {
        for file in ["project.yml", "dbt_project.yml"] {
            guard let text = try? String(contentsOfFile: DepsInstaller.join(folder, file), encoding: .utf8) else { continue }
            let (root, _) = YAMLNode.parse(SourceFile(path: file, text: text))
            guard let name = root?["name"]?.string, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw DiagnosticError(.error("the \(file) of package '\(declaredAs)' has no usable 'name:'"))
            }
            return name
        }
        throw DiagnosticError(
            .error(
                "'\(declaredAs)' is not a package: it has no project.yml", hint: "a package is a swiftdbt (or dbt) project folder"))
    }

    static func join(_ a: String, _ b: String) -> String {
        if b.hasPrefix("/") { return b }
        if a.isEmpty || a == "." { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }
}
