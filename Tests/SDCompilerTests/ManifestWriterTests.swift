import Foundation
import SDBasics
import Testing

@testable import SDCompiler

/// The parallel manifest writer must give the very bytes of `JSONValue.serialized()`: the manifest
/// goldens and every reader depend on them.
@Suite("manifest writer")
struct ManifestWriterTests {
    static func entry(_ i: Int) -> JSONValue {
        .object([
            "name": .string("model_\(i)"), "raw_code": .string("select \"a\"\n\tfrom t -- \\ \u{1}"),
            "depends_on": .object(["nodes": .array((0..<(i % 4)).map { .string("model.x.m\($0)") }), "macros": .array([])]),
            "config": .object([:]), "columns": .object(["id": .object(["name": "id", "meta": [:], "tags": []])]),
            "checksum": i % 3 == 0 ? .null : .double(Double(i) / 7), "count": .int(i), "enabled": .bool(i % 2 == 0),
        ])
    }

    @Test(arguments: [0, 3, ManifestWriter.parallelThreshold - 1, ManifestWriter.parallelThreshold, 1_000])
    func sameBytesAsTheSerialWriter(entries: Int) throws {
        var nodes: [String: JSONValue] = [:]
        for i in 0..<entries { nodes["model.x.m\(i)"] = Self.entry(i) }
        let doc: JSONValue = .object([
            "metadata": .object(["dbt_version": "0.1.0", "env": [:], "user_id": nil]), "nodes": .object(nodes),
            "parent_map": .object(Dictionary(uniqueKeysWithValues: nodes.keys.map { ($0, JSONValue.array([.string($0)])) })),
            "docs": [:], "list": [1, 2, [3, [:]]],
        ])
        let parallel = ManifestWriter.serialize(doc)
        #expect(parallel == doc.serialized())
        // Streamed in batches smaller than the map (writeManifest), which are dropped as they are
        // written, the file holds the same bytes.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LocalFileSystem().writeStream(path, ManifestWriter.stream(ManifestDocument(doc), batchSize: 100))
        #expect(try LocalFileSystem().readFile(path) == doc.serialized())
    }

    @Test func emptyAndScalarDocuments() {
        for doc: JSONValue in [.object([:]), .array([]), .string("x"), .null] {
            #expect(ManifestWriter.serialize(doc) == doc.serialized())
        }
    }
}
