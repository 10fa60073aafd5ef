import Dispatch
import Foundation
import SDBasics
import SDGraph

/// The rest of what `swiftdbt compile` does after rendering: select, write compiled SQL, write the
/// manifest. Lives here rather than in the executable so tests drive the same code as the CLI.
extension ProjectPipeline {
    /// Evaluates `--select`/`--exclude` over the graph; the diagnostics go into `bag`.
    public func select(
        _ compiled: CompiledProject, select: [String], exclude: [String], indirectSelection: IndirectSelection = .eager,
        types: Set<ResourceType>?, states: NodeStates? = nil, diagnostics bag: inout DiagnosticBag
    ) -> [String] {
        self.select(
            compiled.graph, select: select, exclude: exclude, indirectSelection: indirectSelection, types: types, states: states,
            diagnostics: &bag)
    }

    /// The same over a graph alone (a saved one, GraphSnapshot.swift).
    public func select(
        _ graph: DependencyGraph, select: [String], exclude: [String], indirectSelection: IndirectSelection = .eager,
        types: Set<ResourceType>?, states: NodeStates? = nil, diagnostics bag: inout DiagnosticBag
    ) -> [String] {
        var selector = NodeSelector(graph: graph)
        selector.states = states
        let result = selector.select(
            select, exclude: exclude, indirectSelection: indirectSelection,
            resourceTypes: types)
        bag.append(contentsOf: result.diagnostics)
        return result.uniqueIds
    }

    /// Writes the compiled SQL of `ids` and the manifest. Called only after every node compiled, so
    /// a failed compile leaves no partial output that looks valid. Files whose content did not change
    /// are left alone (`FileSystem.updateFile`).
    /// Returns every path written (or left alone because it held the same text), the manifest's last.
    @discardableResult
    public func writeCompiled(_ compiled: CompiledProject, ids: [String], version: String) throws -> [String] {
        // Paths only: each file's text is made where it is written, so no second copy of every
        // compiled SQL (with its newline added) is held while the files and the manifest are written.
        var files: [(path: String, node: CompiledNode)] = []
        files.reserveCapacity(ids.count)
        for id in ids {
            guard let n = compiled.nodes[id], let path = n.compiledPath, n.resourceType != .seed, n.resourceType != .source else { continue }
            files.append((root + "/" + path, n))
        }
        // Folders first (once each), then the files on every core: creating thousands of files is
        // kernel time that two threads overlap.
        let folders = Set(files.map { f in f.path.lastIndex(of: "/").map { String(f.path[..<$0]) } ?? "" })
        for dir in folders.sorted() where !dir.isEmpty && !fileSystem.isDirectory(dir) {
            try fileSystem.createDirectory(dir)
        }
        let fs = fileSystem
        let failures = FirstFailure()
        let chunks = max(1, min(files.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let size = (files.count + chunks - 1) / max(1, chunks)
        let shared = files
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = c * size
            let hi = min(shared.count, lo + size)
            guard lo < hi else { return }
            for i in lo..<hi {
                // A unit test's file holds its whole query, given rows included, as dbt's does.
                let n = shared[i].node
                let code = n.unitTest?.compiledSQL ?? n.compiledCode
                do { try fs.updateFile(shared[i].path, code.hasSuffix("\n") ? code : code + "\n") } catch { failures.record(error) }
            }
        }
        if let error = failures.first { throw error }
        return files.map(\.path) + (try writeManifest(compiled, version: version))
    }

    /// `target/manifest.json` and its two companions (`Manifest.artifacts`: streaming_manifest.json,
    /// swiftdbt_sourcemap.json). The manifest is byte-stable from run to run, so its invocation id is
    /// derived from what it describes rather than drawn at random (run_results.json carries the run's own id).
    /// Returns the paths written, manifest.json first.
    @discardableResult
    public func writeManifest(_ compiled: CompiledProject, version: String) throws -> [String] {
        let dir = root + "/" + compiled.project.config.targetPath
        var written: [String] = []
        for (name, doc) in Manifest.artifactParts(compiled, version: version, invocationId: Manifest.stableId(compiled), generatedAt: nil) {
            try fileSystem.writeStream(dir + "/" + name, ManifestWriter.stream(doc))
            written.append(dir + "/" + name)
        }
        return written
    }
}

/// Keeps the first error thrown by concurrent work.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func record(_ e: any Error) { lock.withLock { if error == nil { error = e } } }
    var first: (any Error)? { lock.withLock { error } }
}
