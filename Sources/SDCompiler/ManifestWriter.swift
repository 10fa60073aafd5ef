import Foundation
import SDBasics

/// Writes a manifest document with the same bytes as `JSONValue.serialized()`, but serialises the
/// entries of its large top-level maps (nodes, sources, macros, parent and child maps) on every core.
/// Pretty-printed JSON puts no raw newline inside a string (they are escaped), so an entry written at
/// level 0 is moved to its real depth by indenting after each newline; the stitching below follows
/// JSONValue's writer exactly (sorted keys, two spaces a level, `{}` for an empty map).
enum ManifestWriter {
    /// Maps with fewer entries are written on the calling thread.
    static let parallelThreshold = 256

    static func serialize(_ document: JSONValue) -> String {
        guard case .object(let top) = document else { return document.serialized() }
        if top.isEmpty { return "{}\n" }
        // The document as a list of pieces, joined once at the end into a buffer of the exact size:
        // growing one buffer by doubling would hold two copies of a 50 MB manifest at its peak.
        var pieces: [[UInt8]] = []
        var head: [UInt8] = [UInt8(ascii: "{")]
        for (i, (key, value)) in top.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { head.append(UInt8(ascii: ",")) }
            newline(&head, level: 1)
            JSONValue.writeString(key, into: &head)
            head.append(contentsOf: ": ".utf8)
            if case .object(let map) = value, map.count >= parallelThreshold {
                head.append(UInt8(ascii: "{"))
                pieces.append(head)
                for (j, part) in entries(map, level: 1).enumerated() {
                    var lead: [UInt8] = j > 0 ? [UInt8(ascii: ",")] : []
                    newline(&lead, level: 2)
                    pieces.append(lead)
                    pieces.append(part)
                }
                head = []
                newline(&head, level: 1)
                head.append(UInt8(ascii: "}"))
            } else {
                append(value, into: &head, level: 1)
            }
        }
        newline(&head, level: 0)
        head.append(contentsOf: "}\n".utf8)
        pieces.append(head)
        // Straight into the String's own storage, each piece freed once copied: no second buffer.
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

    /// `"key": value` of each entry of a map at `level`, in key order, serialised concurrently.
    static func entries(_ map: [String: JSONValue], level: Int) -> [[UInt8]] {
        let sorted = map.sorted { $0.key < $1.key }
        return ParallelMap.map(sorted) { entry -> [UInt8] in
            // Reserved to the byte (key, value, the indent after each newline): a part grown by doubling
            // could hold twice its size, and the parts of a 10k manifest are tens of megabytes.
            var text = entry.value.serialized()
            let size = text.withUTF8 { b in b.count + b.reduce(0) { $0 + ($1 == 0x0A ? 2 * (level + 1) : 0) } }
            var part: [UInt8] = []
            part.reserveCapacity(entry.key.utf8.count * 2 + 4 + size)
            JSONValue.writeString(entry.key, into: &part)
            part.append(contentsOf: ": ".utf8)
            appendSerialized(&text, into: &part, level: level + 1)
            return part
        }
    }

    /// `value` as JSONValue writes it at `level`: serialised at level 0, re-indented.
    static func append(_ value: JSONValue, into out: inout [UInt8], level: Int) {
        var text = value.serialized()
        appendSerialized(&text, into: &out, level: level)
    }

    /// `serialized()` output moved to `level`.
    static func appendSerialized(_ text: inout String, into out: inout [UInt8], level: Int) {
        text.withUTF8 { bytes in
            // serialized() ends with one newline; the writer at a deeper level does not.
            let body = bytes.count > 0 && bytes[bytes.count - 1] == 0x0A ? UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count - 1)]) : bytes
            var runStart = 0
            for j in 0..<body.count where body[j] == 0x0A {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: body[runStart...j]))
                out.append(contentsOf: repeatElement(0x20, count: 2 * level))
                runStart = j + 1
            }
            if runStart < body.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: body[runStart..<body.count])) }
        }
    }

    static func newline(_ out: inout [UInt8], level: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }
}
