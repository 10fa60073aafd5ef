import SDBasics
import SDTemplate

/// The parts of a node's fingerprint that come from outside its own file: the macros and the
/// vars/env vars the parse render read, the generic test macro a test calls, a seed's contents.
/// They are written to the manifest (`depends_on.macros`, `unrendered_config.swiftdbt_reads`, the
/// seed's `checksum`) so that a state manifest carries them and `state:` compares like with like.
extension CompiledNode {
    /// Keeps what one capture render read: the library macros it called (transitively, because a
    /// macro body renders through the same host) and a hash of each var/env var value.
    mutating func recordReads(_ reads: RenderReads?, library: MacroLibrary, adapter: String) {
        guard let reads else { return }
        macros = reads.macroIds(library: library, adapter: adapter, project: packageName)
        inputs = reads.digests
    }
}

extension Compiler {
    /// A generic test depends on the `<< test name >>` block that renders it, as dbt's
    /// `depends_on.macros` lists `macro.dbt.test_not_null`.
    ///
    /// The ids are gathered first: writing `nodes[id]` while iterating `nodes` copied the whole
    /// dictionary, and then each test node's storage, which the loop variable still held.
    static func recordTestMacros(_ nodes: inout [String: CompiledNode], library: MacroLibrary, package: String) {
        let tests = nodes.compactMap { id, n -> (String, String)? in
            guard n.resourceType == .test, let name = n.testName, library.test(named: name) != nil else { return nil }
            return (id, name)
        }
        for (id, name) in tests { nodes[id]?.macros = ["macro.\(package).test_\(name)"] }
    }
}

extension ProjectPipeline {
    /// dbt's seed checksum ("Caveats to state comparison"): the SHA-256 of the file when it is under
    /// 1 MiB, else only its path (then an edit in place is not seen; dbt warns the same way).
    public static let seedHashLimit = 1 << 20

    /// Hashes every seed's CSV into `contentHash`, for the manifest's `checksum`. A file that cannot
    /// be read keeps the path checksum; the seed command reports the read error itself.
    /// The seeds are listed first, for the reason `recordTestMacros` gives.
    public func hashSeeds(_ compiled: inout CompiledProject) {
        let seeds = compiled.nodes.compactMap { id, n in n.resourceType == .seed ? (id, n.originalFilePath) : nil }
        for (id, path) in seeds {
            guard let text = try? fileSystem.readFile(root + "/" + path), text.utf8.count < Self.seedHashLimit else { continue }
            compiled.nodes[id]?.contentHash = SHA256Digest.hex(Array(text.utf8))
        }
    }
}

/// With `--defer`: where the state manifest says an unselected node's relation is, and the
/// `defer_relation` object dbt writes for it in the manifest.
public struct DeferredRelation: Sendable, Hashable {
    public var relation: Relation
    /// The state node's `defer_relation` fields (database, schema, alias, relation_name, name, …).
    public var manifestJSON: [String: JSONValue]
    /// True when refs to the node read this relation in this compile (the node is not selected and
    /// its own relation is missing from the target, or `--favor-state`).
    public var used: Bool

    public init(relation: Relation, manifestJSON: [String: JSONValue], used: Bool) {
        self.relation = relation
        self.manifestJSON = manifestJSON
        self.used = used
    }
}

extension CompiledNode {
    /// What `ref()` to this node renders: the deferred relation when `--defer` chose it, else its own.
    var refRelation: Relation? {
        if let d = deferRelation, d.used { return d.relation }
        return relation
    }
}

extension Manifest {
    /// dbt's `unrendered_config` is a free-form object; swiftdbt keeps in it, under
    /// `swiftdbt_reads`, the hashes of the vars and env vars the node read, so a later
    /// `--state` comparison sees a changed value (StateComparison.swift). Empty when nothing was read.
    static func unrenderedConfigJSON(_ n: CompiledNode) -> JSONValue {
        guard !n.inputs.isEmpty else { return [:] }
        return ["swiftdbt_reads": .object(n.inputs.mapValues { .string($0) })]
    }
}
