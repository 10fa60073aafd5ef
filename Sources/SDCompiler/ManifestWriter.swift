import Foundation
import SDBasics

/// A JSON document whose large top-level maps are made entry by entry while it is written
/// (`Manifest.parts`): `.entries` holds the keys and a function that makes one entry's value.
struct ManifestDocument: Sendable {
    enum Member: Sendable {
        case value(JSONValue)
        /// The keys, what one key's value is, and optionally a faster way to write it with the same
        /// bytes (`Manifest.writeNode`), which may decline (false) for a key.
        case entries([String], @Sendable (String) -> JSONValue, write: EntryWriter? = nil)
    }

    typealias EntryWriter = @Sendable (String, inout [UInt8], Int) -> Bool

    var members: [String: Member]

    init(members: [String: Member]) { self.members = members }

    /// A plain JSON value; a large top-level map becomes `.entries`, so it is written on every core.
    init(_ value: JSONValue) {
        guard case .object(let top) = value else {
            members = [:]
            whole = value
            return
        }
        var members: [String: Member] = [:]
        for (key, member) in top {
            if case .object(let map) = member, map.count >= ManifestWriter.parallelThreshold {
                members[key] = .entries(Array(map.keys)) { map[$0] ?? .null }
            } else {
                members[key] = .value(member)
            }
        }
        self.members = members
    }

    /// Set when the document is not an object (written as it is).
    var whole: JSONValue? = nil

    /// The whole tree, for readers that compare or query it (StateManifest, tests).
    var json: JSONValue {
        if let whole { return whole }
        var top: [String: JSONValue] = [:]
        for (key, member) in members {
            switch member {
            case .value(let v): top[key] = v
            case .entries(let keys, let make, _):
                var map: [String: JSONValue] = [:]
                for k in keys { map[k] = make(k) }
                top[key] = .object(map)
            }
        }
        return .object(top)
    }
}

/// Writes a manifest with the same bytes as `JSONValue.serialized()`, making and serialising the
/// entries of its large top-level maps (nodes, sources, parent and child maps) on every core, each
/// straight at its depth (`JSONValue.write(into:level:)`); the stitching below follows JSONValue's
/// writer exactly (sorted keys, two spaces a level, `{}` for an empty map).
enum ManifestWriter {
    /// Maps with fewer entries are written on the calling thread.
    static let parallelThreshold = 256

    static func serialize(_ document: JSONValue) -> String { serialize(ManifestDocument(document)) }

    static func serialize(_ document: ManifestDocument) -> String {
        // Straight into the String's own storage, each piece freed once copied: no second buffer.
        var pieces = chunks(document)
        let total = pieces.reduce(0) { $0 + $1.count }
        return String(unsafeUninitializedCapacity: total) { buffer in
            var at = 0
            for i in pieces.indices {
                pieces[i].withUnsafeBufferPointer { piece in
                    if let base = piece.baseAddress, let into = buffer.baseAddress { (into + at).update(from: base, count: piece.count) }
                    at += piece.count
                }
                pieces[i] = []
            }
            return at
        }
    }

    /// The document's bytes as a list of pieces in order (all of `stream`'s batches).
    static func chunks(_ document: ManifestDocument) -> [[UInt8]] {
        let source = stream(document)
        var pieces: [[UInt8]] = []
        while let batch = source.next() { pieces += batch }
        return pieces
    }

    /// What writing the document takes, in order: bytes as they are, or a run of a map's entries.
    enum Step {
        case bytes([UInt8])
        case entries(keys: [String], range: Range<Int>, make: @Sendable (String) -> JSONValue, write: ManifestDocument.EntryWriter?, level: Int)
    }

    /// Entries made at a time: enough for both cores to share, few enough that a 100k-model manifest
    /// (570 MB) is never held whole; a batch of a 10k manifest is about 7 MB.
    static let batchSize = 2048

    /// The document for `FileSystem.writeStream`: each batch of entries is made (on every core),
    /// handed to the file and dropped before the next is made.
    static func stream(_ document: ManifestDocument, batchSize: Int = batchSize) -> ChunkStream {
        var steps = self.steps(document, batchSize: batchSize)[...]
        return ChunkStream {
            guard let step = steps.popFirst() else { return nil }
            switch step {
            case .bytes(let bytes): return [bytes]
            case .entries(let keys, let range, let make, let write, let level): return entries(keys, range, make: make, write: write, level: level)
            }
        }
    }

    static func steps(_ document: ManifestDocument, batchSize: Int = batchSize) -> [Step] {
        if let whole = document.whole { return [.bytes(Array(whole.serialized().utf8))] }
        if document.members.isEmpty { return [.bytes(Array("{}\n".utf8))] }
        var steps: [Step] = []
        var head: [UInt8] = [UInt8(ascii: "{")]
        for (i, (key, member)) in document.members.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { head.append(UInt8(ascii: ",")) }
            JSONValue.newline(into: &head, level: 1)
            JSONValue.writeString(key, into: &head)
            head.append(contentsOf: ": ".utf8)
            switch member {
            case .value(let value):
                value.write(into: &head, level: 1)
            case .entries(let keys, _, _) where keys.isEmpty:
                head.append(contentsOf: "{}".utf8)
            case .entries(let keys, let make, let write):
                head.append(UInt8(ascii: "{"))
                steps.append(.bytes(head))
                let sorted = ParallelMap.sorted(keys)
                for lo in stride(from: 0, to: sorted.count, by: batchSize) {
                    steps.append(.entries(keys: sorted, range: lo..<min(sorted.count, lo + batchSize), make: make, write: write, level: 1))
                }
                head = []
                JSONValue.newline(into: &head, level: 1)
                head.append(UInt8(ascii: "}"))
            }
        }
        JSONValue.newline(into: &head, level: 0)
        head.append(contentsOf: "}\n".utf8)
        steps.append(.bytes(head))
        return steps
    }

    /// `,\n    "key": value` of the entries of `keys` in `range` (no comma before the map's first),
    /// made and serialised concurrently in pieces of 64 entries. A batch is 32 such pieces, fewer than
    /// ParallelMap's default minimum, which mapped every batch on one thread: `minimumCount: 2`.
    static func entries(
        _ keys: [String], _ range: Range<Int>, make: @Sendable (String) -> JSONValue, write: ManifestDocument.EntryWriter? = nil, level: Int
    ) -> [[UInt8]] {
        let chunk = 64
        let starts = Array(stride(from: range.lowerBound, to: range.upperBound, by: chunk))
        return ParallelMap.map(starts, minimumCount: 2) { start -> [UInt8] in
            var part: [UInt8] = []
            part.reserveCapacity(chunk * 2048)
            for i in start..<min(range.upperBound, start + chunk) {
                if i > 0 { part.append(UInt8(ascii: ",")) }
                JSONValue.newline(into: &part, level: level + 1)
                JSONValue.writeString(keys[i], into: &part)
                part.append(contentsOf: ": ".utf8)
                if let write, write(keys[i], &part, level + 1) { continue }
                make(keys[i]).write(into: &part, level: level + 1)
            }
            return part
        }
    }
}
