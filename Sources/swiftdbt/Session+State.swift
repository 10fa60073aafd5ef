import ArgumentParser
import Foundation
import SDBasics
import SDCompiler
import SDEngine
import SDGraph

/// `--state DIR` (or `$SWIFTDBT_STATE`, dbt's `$DBT_STATE`) and `--defer`/`--favor-state`: the
/// wiring; what they mean is SDCompiler's (StateManifest.swift, StateComparison.swift).
extension Session {
    /// The state manifest this invocation names, read and checked; nil when none was named. An
    /// error when it cannot be read, or when `--defer`/`--favor-state` come without one.
    func stateManifest(_ selection: SelectionOptions) throws -> StateManifest? {
        let fromEnvironment = ["SWIFTDBT_STATE", "DBT_STATE"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        guard let dir = selection.state ?? fromEnvironment else {
            if selection.deferToState || selection.favorState {
                try report(
                    Diagnostic.error(
                        "\(selection.deferToState ? "--defer" : "--favor-state") needs --state with the manifest to defer to",
                        at: Session.commandLineRange(of: selection.deferToState ? "--defer" : "--favor-state"),
                        hint: "pass --state prod-artifacts/ (a copy of production's target/ folder)"))
            }
            return nil
        }
        if let cached = Session.loadedStates.manifest(dir) { return cached }
        do {
            let argument = selection.state == nil ? nil : Session.commandLineRange(ofValueOf: "--state")
            let manifest = try StateManifest.load(dir: dir, argument: argument, fileSystem: fileSystem)
            Session.loadedStates.keep(manifest, for: dir)
            return manifest
        } catch {
            try report(error)
            throw ExitCode(1)
        }
    }

    /// With `--defer`: gives every model and seed the state knows its `defer_relation`, and points
    /// refs to the unselected ones at it when their own relation is missing from the target (asked
    /// of the engine for those relations alone, CatalogListing's selective read) or with `--favor-state`.
    /// `inline`: the refs are known only once the query renders, so every model and seed is asked about.
    func applyDeferral(
        _ compiled: inout CompiledProject, selection: SelectionOptions, selected: [String], engine: (any Engine)?, inline: Bool = false
    ) async throws {
        guard selection.deferToState, let state = try stateManifest(selection) else { return }
        let chosen = Set(selected)
        var existing = Set<Relation>()
        let wanted =
            inline
            ? Set(compiled.nodes.values.filter { $0.resourceType == .model || $0.resourceType == .seed }.compactMap(\.relation))
            : Deferral.parentsToCheck(compiled, selected: chosen)
        if !selection.favorState, !wanted.isEmpty, let engine {
            do {
                let found = try await engine.existingRelations(among: wanted)
                existing = Set(found.keys)
            } catch {
                try report(Diagnostic.error("cannot read which relations exist in the target, so nothing was deferred or run: \(error)"))
                throw ExitCode(1)
            }
        }
        Deferral.apply(&compiled, state: state, selected: chosen, existing: existing, favorState: selection.favorState)
    }

    /// Where a flag is on the command line, for a diagnostic's caret (as UnsupportedFlags does).
    static func commandLineRange(of flag: String) -> SourceRange? {
        locate(flag, value: false)
    }

    /// Where a flag's value is on the command line (`--state DIR` or `--state=DIR`).
    static func commandLineRange(ofValueOf flag: String) -> SourceRange? {
        locate(flag, value: true)
    }

    private static func locate(_ flag: String, value: Bool) -> SourceRange? {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let line = arguments.joined(separator: " ")
        let file = SourceFile(path: "command line", text: line)
        var offset = 0
        for (i, arg) in arguments.enumerated() {
            if arg == flag {
                guard value else { return SourceRange(file: file, bytes: offset..<(offset + arg.utf8.count)) }
                guard i + 1 < arguments.count else { return nil }
                let start = offset + arg.utf8.count + 1
                return SourceRange(file: file, bytes: start..<(start + arguments[i + 1].utf8.count))
            }
            if value, arg.hasPrefix(flag + "=") {
                let start = offset + flag.utf8.count + 1
                return SourceRange(file: file, bytes: start..<(offset + arg.utf8.count))
            }
            offset += arg.utf8.count + 1
        }
        return nil
    }
}

/// State manifests read in this process, by folder: selection and deferral both need the state,
/// and a production manifest can be tens of megabytes, so it is parsed once.
final class LoadedStates: @unchecked Sendable {
    private let lock = NSLock()
    private var byDir: [String: StateManifest] = [:]
    func manifest(_ dir: String) -> StateManifest? { lock.withLock { byDir[dir] } }
    func keep(_ manifest: StateManifest, for dir: String) { lock.withLock { byDir[dir] = manifest } }
}

extension Session {
    static let loadedStates = LoadedStates()
}
