import Foundation
import SDBasics

/// A JSON document whose large top-level maps are made entry by entry while it is written
/// (`Manifest.parts`): `.entries` holds the keys and a function that makes one entry's value.
struct ManifestDocument: Sendable {
    enum Member: Sendable {
        case value(JSONValue)
        case entries([String], @Sendable (String) -> JSONValue)
    }

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
            case .entries(let keys, let make):
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

    /// The document's bytes as a list of pieces in order, for `FileSystem.writeChunks`: a 57 MB
    /// manifest written piece by piece never exists a second time as one buffer.
    static func chunks(_ document: ManifestDocument) -> [[UInt8]] {
        if let whole = document.whole { return [Array(whole.serialized().utf8)] }
        if document.members.isEmpty { return [Array("{}\n".utf8)] }
        var pieces: [[UInt8]] = []
        var head: [UInt8] = [UInt8(ascii: "{")]
        for (i, (key, member)) in document.members.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { head.append(UInt8(ascii: ",")) }
            newline(&head, level: 1)
            JSONValue.writeString(key, into: &head)
            head.append(contentsOf: ": ".utf8)
            switch member {
            case .value(let value):
                value.write(into: &head, level: 1)
            case .entries(let keys, _) where keys.isEmpty:
                head.append(contentsOf: "{}".utf8)
            case .entries(let keys, let make):
                head.append(UInt8(ascii: "{"))
                pieces.append(head)
                pieces.append(contentsOf: entries(keys.sorted(), make: make, level: 1))
                head = []
                newline(&head, level: 1)
                head.append(UInt8(ascii: "}"))
            }
        }
        newline(&head, level: 0)
        head.append(contentsOf: "}\n".utf8)
        pieces.append(head)
        return pieces
    }

    /// `,\n    "key": value` of each entry of a map at `level` (no comma before the first), in the
    /// order of `keys`, made and serialised concurrently in chunks: one piece per chunk, not per entry.
    static func entries(_ keys: [String], make: @Sendable (String) -> JSONValue, level: Int) -> [[UInt8]] {
        let chunk = 64
        let starts = Array(stride(from: 0, to: keys.count, by: chunk))
        return ParallelMap.map(starts) { start -> [UInt8] in
            var part: [UInt8] = []
            part.reserveCapacity(chunk * 2048)
            for i in start..<min(keys.count, start + chunk) {
                if i > 0 { part.append(UInt8(ascii: ",")) }
                newline(&part, level: level + 1)
                JSONValue.writeString(keys[i], into: &part)
                part.append(contentsOf: ": ".utf8)
                make(keys[i]).write(into: &part, level: level + 1)
            }
            return part
        }
    }

    static func newline(_ out: inout [UInt8], level: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }
}
