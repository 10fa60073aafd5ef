import Dispatch
import Foundation
import SDBasics
import SDCompiler
import SDGraph

/// `compile --select` (or `--exclude`, `--selector`) answered from the last full compile.
///
/// A compile of every node that could be cached leaves its graph under target/ (GraphSnapshot.swift)
/// among its recorded outputs. When that compile's cache record still hits (nothing it read or wrote
/// has changed: CompileCache.swift), the selected nodes' compiled files already hold what a compile
/// of them would write, so the selection is evaluated on the saved graph and the command prints what
/// it would have printed, without loading the project: on 100k models this is the cache check plus
/// reading the graph, instead of a full load and parse (bench/README.md). That check leaves out the
/// compiled files, most of the record's outputs; the selected nodes' own are checked after selecting.
///
/// manifest.json stays as the full compile wrote it, every node compiled: a superset of the one a
/// selected compile from nothing writes, where only the selected nodes carry compiled code.
extension CompileCommand {
    /// Answers from the last full compile; when only model files changed since, patches that
    /// compile's outputs first (the one-edit compile, CompilePatch.swift), as a `compile` would, so
    /// that editing a model and compiling just it does not load the whole project. False, having
    /// printed nothing, when neither can answer.
    func selectFromLastCompile(_ session: Session, indirect: String) throws -> Bool {
        if try answerFromLastCompile(session, indirect: indirect) { return true }
        let pipeline = session.pipeline
        guard let target = pipeline.targetFolder(), pipeline.hasGraphSnapshot(in: target),
            case .patched = pipeline.patchCompile(
                key: Self.everything(pipeline, indirect: indirect), version: swiftdbtVersion, runStartedAt: session.startedAt,
                invocationId: session.invocationId)
        else { return false }
        return try answerFromLastCompile(session, indirect: indirect)
    }

    /// The key a compile's record is kept under: its arguments and `--selector` besides what
    /// `ProjectPipeline.cacheKey` holds.
    static func key(_ pipeline: ProjectPipeline, select: [String], exclude: [String], selector: String?, indirect: String) -> [String] {
        pipeline.cacheKey(select: select, exclude: exclude, indirectSelection: indirect, extra: ["selector=\(selector ?? "-")"])
    }

    /// The key a compile of everything is recorded under.
    static func everything(_ pipeline: ProjectPipeline, indirect: String) -> [String] {
        key(pipeline, select: [], exclude: [], selector: nil, indirect: indirect)
    }

    /// Prints the selection's outcome and returns true; returns false, having printed nothing, when
    /// the last full compile cannot answer (no snapshot, a miss, a compiled file gone).
    func answerFromLastCompile(_ session: Session, indirect: String) throws -> Bool {
        let pipeline = session.pipeline
        guard let (record, snapshot) = session.lastCompile(indirect: indirect),
            let found = snapshot.notes["found"], let target = snapshot.notes["target"], let type = snapshot.notes["type"],
            let into = snapshot.notes["into"]
        else { return false }
        let graph = snapshot.graph
        var bag = DiagnosticBag()
        let ids = try session.select(graph, selection, indirect: indirect, types: [.model, .test, .analysis, .unitTest], states: nil, diagnostics: &bag)
        var paths: [String?] = []
        paths.reserveCapacity(ids.count)
        for id in ids {
            guard let i = graph.index(of: id) else { return false }
            paths.append(snapshot.compiledPath(i))
        }
        guard pipeline.outputsStand(paths.compactMap { $0.map { pipeline.root + "/" + $0 } }, record: record) else { return false }
        // The one node's SQL, as the compile prints it: its compiled file without the final newline
        // that writing it added (ProjectPipeline.writeCompiled).
        var single: (name: String, sql: String)? = nil
        if !selection.select.isEmpty, ids.count == 1 {
            guard let path = paths[0], let node = graph.node(ids[0]),
                let text = try? pipeline.fileSystem.readFile(pipeline.root + "/" + path)
            else { return false }
            single = (node.name, text)
        }
        try session.report(bag)
        let reporter = session.reporter()
        let count = paths.count(where: { $0 != nil })
        if reporter.prints("info") {
            Output.out("\(found)\nCompiled \(count) node\(count == 1 ? "" : "s") for target '\(target)' (\(type)) into \(into)\n")
        }
        if let single { printCompiled(single.sql, header: "Compiled node '\(single.name)' is:", name: single.name, reporter: reporter, session: session) }
        return true
    }
}

extension Session {
    /// The last full compile's cache record and saved graph, when that record still hits with the
    /// compiled files left out (a caller checks those it needs: `CompileCache.outputsStand`), or with
    /// every output under the target folder left out when `anyOutputs` (a run, which reads none of
    /// manifest.json and checks the outputs it reads itself: Execution+LastCompile.swift).
    func lastCompile(indirect: String, anyOutputs: Bool = false) -> (record: FileBytes, snapshot: GraphSnapshot)? {
        let everything = CompileCommand.everything(pipeline, indirect: indirect)
        guard let target = pipeline.targetFolder(), pipeline.hasGraphSnapshot(in: target) else { return nil }
        // The record is checked while the graph is read: the stamp check is mostly the kernel's
        // work and the graph's building has long stretches on one core, so each fills the other's
        // gaps. The check has a thread of its own, so that the graph's decoding, which spreads over
        // the pool's threads, has them all (Background.swift).
        let reader = UnsafeSendable(pipeline)
        let checking = Background(ownThread: true) {
            UnsafeSendable(
                reader.value.cachedRecord(key: everything, version: swiftdbtVersion, skippingOutputsUnder: target + (anyOutputs ? "/" : "/compiled/")))
        }
        let snapshot = pipeline.loadGraphSnapshot(in: target)
        let record = (try? checking.value())?.value
        guard let record, let snapshot else { return nil }
        // Freeing 160,000 nodes one by one at exit would cost more than reading them.
        ExitKeeper.keep(snapshot)
        return (record, snapshot)
    }
}
