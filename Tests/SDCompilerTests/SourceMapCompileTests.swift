import Foundation
import SDBasics
import SDCompiler
import SDTemplate
import Testing

/// The compiler keeps, per node, where each byte of its compiled SQL came from, and writes it to
/// target/swiftdbt_sourcemap.json.
@Suite("compiled source maps")
struct SourceMapCompileTests {
    static let files: [String: String] = [
        "models/base.sql": "<< config(materialized='ephemeral') >>\nselect 1 as id,\n  'x' as name\n",
        "models/orders.sql": "select\n  b.id,\n  b.nope\nfrom << ref('base') >> as b\n",
        "models/recursive.sql": "-- walk\nwith recursive r as (select id from << ref('base') >>)\nselect * from r\n",
        "models/_props.yml": "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null]\n",
    ]

    func origin(_ node: CompiledNode, of needle: String, occurrence: Int = 0) throws -> SourceOrigin? {
        let code = Array(node.compiledCode.utf8)
        let n = Array(needle.utf8)
        var hits: [Int] = []
        for i in 0...(code.count - n.count) where Array(code[i..<(i + n.count)]) == n { hits.append(i) }
        let at = try #require(hits.count > occurrence ? hits[occurrence] : nil, "no '\(needle)' in \(node.compiledCode)")
        return node.sourceMap.origin(of: at..<(at + n.count))
    }

    func describe(_ r: SourceRange?) -> String? { r.map { "\($0.file.path):\($0.start.line):\($0.start.column) \($0.text)" } }

    @Test func ephemeralCTEsMapIntoTheEphemeralModel() throws {
        let (compiled, diags) = try CompilerRegressionTests.compile(Self.files)
        #expect(diags.isEmpty, "\(diags)")
        let orders = try #require(compiled?.node(named: "orders"))
        #expect(orders.compiledCode.hasPrefix("with __dbt__cte__base as (\nselect 1 as id,\n  'x' as name\n)\nselect\n"))
        #expect(describe(try origin(orders, of: "'x' as name")?.template) == "models/base.sql:3:3 'x' as name")
        #expect(describe(try origin(orders, of: "b.nope")?.template) == "models/orders.sql:3:3 b.nope")
        // The `with` swiftdbt wrote comes from no template; the CTE's name from the ref() call.
        #expect(try origin(orders, of: "with ") == nil)
        #expect(describe(try origin(orders, of: "__dbt__cte__base", occurrence: 1)?.template) == "models/orders.sql:4:9 ref('base')")
    }

    @Test func ctesMergedIntoARecursiveWithKeepTheModelsBytes() throws {
        let (compiled, _) = try CompilerRegressionTests.compile(Self.files)
        let node = try #require(compiled?.node(named: "recursive"))
        #expect(node.compiledCode.hasPrefix("-- walk\nwith recursive __dbt__cte__base as (\n"))
        #expect(describe(try origin(node, of: "-- walk")?.template) == "models/recursive.sql:1:1 -- walk")
        #expect(describe(try origin(node, of: " r as (select")?.template) == "models/recursive.sql:2:15  r as (select")
        #expect(describe(try origin(node, of: "select * from r")?.template) == "models/recursive.sql:3:1 select * from r")
        #expect(describe(try origin(node, of: "'x' as name")?.template) == "models/base.sql:3:3 'x' as name")
    }

    @Test func genericTestsMapToTheirDeclarationAndNoteTheTestBlock() throws {
        let (compiled, _) = try CompilerRegressionTests.compile(Self.files)
        let test = try #require(compiled?.nodes.values.first { $0.testName == "not_null" })
        let o = try #require(try origin(test, of: "is null"))
        #expect(o.template.file.path == "models/_props.yml")
        #expect(o.macro?.text.contains("is null") == true)
    }

    @Test func manifestCarriesTheMapsByteStably() throws {
        let (compiled, _) = try CompilerRegressionTests.compile(Self.files)
        let project = try #require(compiled)
        func files() -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: Manifest.artifacts(project, version: "0", invocationId: "x", generatedAt: nil).map {
                    ($0.name, $0.document.serialized())
                })
        }
        let written = files()
        #expect(written == files())
        // The maps have their own file: manifest v12 forbids keys it does not declare.
        let manifestText = try #require(written["manifest.json"])
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(manifestText.utf8)) as? [String: Any])
        #expect(manifest["swiftdbt"] == nil)
        let text = try #require(written["swiftdbt_sourcemap.json"])
        let swiftdbt = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(swiftdbt["source_map_version"] as? Int == 1)
        let maps = try #require(swiftdbt["source_maps"] as? [String: [String: Any]])
        let orders = try #require(maps["model.shop.orders"])
        let files = try #require(orders["files"] as? [String])
        #expect(files == ["models/base.sql", "models/orders.sql"])
        let packed = try #require(orders["segments"] as? String)
        let segments = packed.split(separator: ";").map { $0.split(separator: ",").compactMap { Int($0) } }
        let code = Array(try #require(project.node(named: "orders")).compiledCode.utf8)
        var covered = 0
        for s in segments {
            #expect(s.count == 6 || s.count == 10)
            if s[2] == 0 {
                // Copied text: the compiled bytes are the template file's bytes.
                let template = Array(try #require(Self.files[files[s[3]]]).utf8)
                #expect(Array(code[s[0]..<s[1]]) == Array(template[s[4]..<s[5]]))
            }
            covered += s[1] - s[0]
        }
        // Everything but the `with ` and the newline after the CTE comes from a template.
        #expect(covered == code.count - "with ".utf8.count - "\n)\n".utf8.count - "__dbt__cte__base as (\n".utf8.count)
    }
}
