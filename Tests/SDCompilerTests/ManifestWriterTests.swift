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

    /// Models and tests of every shape the compiler makes: versions, a contract with constraints,
    /// group and access, generic tests on a column and on a model, a singular test, an ephemeral
    /// model, hooks, meta and tags.
    static let shapes = [
        "models/orders.sql": "<< config(materialized='table', tags=['daily'], meta={'owner': 'ops'}) >>select 1 as id, 2 as customer_id\n",
        "models/customers.sql": "<< config(materialized='ephemeral') >>select 1 as id\n",
        "models/report.sql":
            "<< config(pre_hook='select 1', group='finance', access='private') >>"
            + "select * from << ref('orders') >> join << ref('customers') >> using (id)\n",
        "tests/no_negative_ids.sql": "select * from << ref('orders') >> where id < 0\n",
        "models/_orders.yml": """
        version: 2
        groups:
          - name: finance
            owner: {name: Ops}
        models:
          - name: orders
            description: 'All "orders"'
            config:
              contract: {enforced: true}
            constraints:
              - {type: primary_key, columns: [id], name: pk_orders}
            columns:
              - name: id
                data_type: integer
                constraints: [{type: not_null}]
                data_tests: [unique, not_null]
              - name: customer_id
                data_type: integer
                data_tests:
                  - relationships:
                      arguments: {to: ref('customers'), field: id}
          - name: report
            data_tests:
              - dbt_utils_like_row_count:
                  arguments: {min: 1}
        """,
        "macros/row_count.sql": "<< test dbt_utils_like_row_count(model, min) >>select 1 from << model >> having count(*) < << min >><< endtest >>\n",
    ]

    /// `Manifest.writeNode` gives each model's and test's entry the very bytes of the general path
    /// (`modelJSON`/`testJSON` written by `JSONValue`), and the streamed manifest stays the bytes of
    /// the whole tree: on RTSA for both targets, the model versions' project and the shapes above.
    @Test func typedNodeEntriesHaveTheGeneralPathsBytes() throws {
        var projects = [try RTSAGoldenTests.compile(target: "local"), try RTSAGoldenTests.compile(target: "dev")]
        for files in [ModelVersionTests.files, Self.shapes] {
            let (compiled, diagnostics) = try CompilerRegressionTests.compile(files)
            projects.append(try #require(compiled, "\(diagnostics)"))
        }
        var written = 0
        var kinds = Set<String>()
        for compiled in projects {
            for (id, compiledNode) in compiled.nodes {
                // Each node also as `parse` leaves it, before any compiled code.
                var parsed = compiledNode
                parsed.compiledCode = ""
                parsed.compiledPath = nil
                for n in [compiledNode, parsed] {
                    var typed: [UInt8] = []
                    guard Manifest.writeNode(n, compiled: compiled, into: &typed, level: 2) else { continue }
                    var general: [UInt8] = []
                    let json = n.resourceType == .test ? Manifest.testJSON(n, compiled: compiled) : Manifest.modelJSON(n, compiled: compiled)
                    json.write(into: &general, level: 2)
                    #expect(String(decoding: typed, as: UTF8.self) == String(decoding: general, as: UTF8.self), "\(id)")
                    written += 1
                }
                let n = compiledNode
                if n.version != nil { kinds.insert("version") }
                if !n.constraints.isEmpty { kinds.insert("constraints") }
                if n.testName != nil && n.columnName != nil { kinds.insert("column test") }
                if n.resourceType == .test && n.testName == nil { kinds.insert("singular test") }
                if n.config.string("group") != nil { kinds.insert("group") }
            }
            let document = Manifest.parts(compiled, version: "0.0.0", invocationId: "x", generatedAt: nil)
            #expect(ManifestWriter.serialize(document) == document.json.serialized())
        }
        #expect(written > 100)
        #expect(kinds == ["version", "constraints", "column test", "singular test", "group"])
    }
}
