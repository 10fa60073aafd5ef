import ArgumentParser
import Foundation
import SDBasics
import SDHTTP
import SDPackages
import SDProject

/// `swiftdbt deps`: installs the packages of packages.yml (docs/packages.md). Only project.yml's
/// `packages-install-path` is read from the project: the profile is not needed to install.
struct DepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deps", abstract: "Install the packages packages.yml declares and pin them in package-lock.yml.",
        discussion: """
            Examples:
              swiftdbt deps                 # install the pins of package-lock.yml (or resolve, when packages.yml changed)
              swiftdbt deps --upgrade       # resolve again: newest hub versions, branch heads
              swiftdbt deps --lock          # write package-lock.yml without installing
            """)
    @OptionGroup var project: ProjectOptions

    @Flag(help: "Ignore package-lock.yml and resolve every package again.")
    var upgrade = false

    @Flag(help: "Resolve and write package-lock.yml without installing.")
    var lock = false

    func run() async throws {
        let session = Session(project)
        var bag = DiagnosticBag()
        let loader = SDProject.ProjectLoader(fileSystem: session.fileSystem, adapters: adapters.registry)
        guard let config = loader.loadConfig(root: session.root, diagnostics: &bag), !bag.hasErrors else {
            try session.report(bag)
            throw ExitCode(1)
        }
        let env = session.environment
        let hubURL = env["SWIFTDBT_PACKAGE_HUB_URL"] ?? env["DBT_PACKAGE_HUB_URL"] ?? HubClient.defaultURL
        let root = URL(fileURLWithPath: session.root).standardizedFileURL.path
        let installer = DepsInstaller(
            root: root, installPath: config.packagesInstallPath,
            hub: HubClient(baseURL: hubURL, transport: URLSessionTransport()), git: GitCommand(environment: env))
        let report: DepsReport
        do {
            report = try await installer.run(upgrade: upgrade, lockOnly: lock)
        } catch {
            var failed = DiagnosticBag()
            failed.append(contentsOf: error.diagnostics)
            try session.report(failed)
            throw ExitCode(1)
        }
        if !report.diagnostics.isEmpty {
            var notes = DiagnosticBag()
            notes.append(contentsOf: report.diagnostics)
            try session.report(notes)
        }
        for (name, what) in report.installed {
            Output.out("\(lock ? "Resolved" : "Installed") \(name) (\(what))\n")
        }
        let from = report.fromLock ? " from \(PackageLock.fileName)" : ""
        Output.out("\(lock ? "Pinned" : "Installed") \(report.installed.count) package\(report.installed.count == 1 ? "" : "s")\(from)\n")
    }
}
