import Foundation
import Testing

@testable import SDBasics
@testable import SDCompiler

/// What a compile keeps in memory (issue 20: a 100k-model compile held 1.55 GB): each source file
/// once, as bytes; no line table nobody asked for; source maps made while they are written. The
/// outputs must not change, so every check here also compares what a reader sees.
@Suite("compile memory")
struct CompileMemoryTests {
    @Test func aSourceFileBuildsItsLineTableOnlyWhenAPositionIsAsked() {
        let text = "\u{FEFF}select 1,\r\n  'é' as x\nfrom t"
        let file = SourceFile(path: "models/m.sql", text: text)
        #expect(!file.hasLineTable)
        #expect(file.text == text)
        #expect(file.utf8 == Array(text.utf8))
        // Line 1 starts after the byte order mark; 'é' is two bytes but one column.
        let from = file.utf8.count - "from t".utf8.count
        #expect(file.location(of: from) == SourceLocation(line: 3, column: 1))
        #expect(file.hasLineTable)
        #expect(file.location(of: 3) == SourceLocation(line: 1, column: 1))
        let x = Array(file.utf8).firstIndex(of: UInt8(ascii: "x")) ?? -1
        #expect(file.location(of: x) == SourceLocation(line: 2, column: 10))
        #expect(file.offset(line: 2, column: 10) == x)
        #expect(file.line(1) == "select 1,")
        #expect(file.line(2) == "  'é' as x")
        #expect(file.lineStarts == [0, 14, 26])
    }

    static let files: [String: String] = [
        "models/base.sql": "select 1 as id\n",
        "models/orders.sql": "-- orders\nselect id from << ref('base') >>\n",
        "models/_props.yml": "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null]\n",
    ]

    @Test func aModelReadsItsRawCodeFromItsFile() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        var orders = try #require(compiled?.node(named: "orders"))
        #expect(!orders.holdsOwnRawCode)
        #expect(orders.rawCode == Self.files["models/orders.sql"])
        let manifest = try #require(compiled.map { Manifest.baseNodeJSON(orders, compiled: $0) })
        #expect(manifest["raw_code"] == .string(Self.files["models/orders.sql"] ?? ""))
        let checksum = SHA256Digest.hex(Array((Self.files["models/orders.sql"] ?? "").utf8))
        #expect(manifest["checksum"] == .object(["name": "sha256", "checksum": .string(checksum)]))
        // A raw code set later (snapshots rewrite theirs) is the node's own; the file is unchanged.
        orders.rawCode = "select 2"
        #expect(orders.holdsOwnRawCode && orders.rawCode == "select 2")
        orders.withRawCodeBytes { #expect(Array($0) == Array("select 2".utf8)) }
        #expect(orders.file?.text == Self.files["models/orders.sql"])
    }

    @Test func sourceMapsAreWrittenEntryByEntryWithTheSameBytes() throws {
        var files: [String: String] = [:]
        for i in 0..<(ManifestWriter.parallelThreshold + 4) { files["models/m\(i).sql"] = "select \(i) as id -- << 'm' ~ \(i) >>\n" }
        let (compiled, diags) = try CompilerRegressionTests.compile(files)
        #expect(diags.isEmpty, "\(diags)")
        let project = try #require(compiled)
        let document = Manifest.sourceMaps(project)
        guard case .entries(let ids, _) = document.members["source_maps"] else {
            Issue.record("the maps of \(files.count) models are made whole before the file is written")
            return
        }
        #expect(ids.count == files.count)
        // The whole tree, as it was made before: the file must keep its bytes.
        var maps: [String: JSONValue] = [:]
        for (id, n) in project.nodes where !n.sourceMap.segments.isEmpty { maps[id] = Manifest.sourceMapJSON(n.sourceMap) }
        let whole: JSONValue = .object(["source_map_version": 1, "source_maps": .object(maps)])
        #expect(ManifestWriter.serialize(document) == whole.serialized())
    }
}
