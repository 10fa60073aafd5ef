import Foundation
import SDBasics
import SDCompiler
import SDDocs
import SDEngine
import SDGraph
import Testing

@Suite("docs site data")
struct DocsSiteDataTests {
    func node(_ doc: JSONValue, _ id: String) -> (index: Int, value: [String: JSONValue])? {
        for (i, n) in (doc["nodes"]?.arrayValue ?? []).enumerated() where n["id"] == .string(id) { return (i, n.objectValue ?? [:]) }
        return nil
    }

    @Test func nodesRefersToEachOtherByIndexAndIncludeExposures() throws {
        let compiled = try MiniProject.compile()
        let doc = DocsSiteData(compiled: compiled).document()
        let ids = (doc["nodes"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(ids == ids.sorted())
        let gold = try #require(node(doc, "model.mini.gold"))
        let bronze = try #require(node(doc, "model.mini.bronze"))
        let seed = try #require(node(doc, "seed.mini.groups"))
        let source = try #require(node(doc, "source.mini.lake.ticks"))
        let board = try #require(node(doc, "exposure.mini.board"))
        #expect(gold.value["parents"]?.arrayValue?.compactMap(\.intValue) == [bronze.index, seed.index].sorted())
        #expect(bronze.value["parents"]?.arrayValue?.compactMap(\.intValue) == [source.index])
        // The exposure hangs below both things it names, and they list it as a child.
        #expect(board.value["parents"]?.arrayValue?.compactMap(\.intValue) == [gold.index, source.index].sorted())
        #expect(gold.value["children"]?.arrayValue?.compactMap(\.intValue).contains(board.index) == true)
        #expect(board.value["exposure"]?["url"] == "https://example.com/board")
        #expect(board.value["exposure"]?["owner"]?["name"] == "Analytics")
        #expect(board.value["mat"] == nil)
        #expect(doc["lanes"] == ["source", "seed", "model", "exposure", "test"])
        #expect(gold.value["rel"] == .string("\"mini\".\"main\".\"gold\""))
        #expect(gold.value["sql"]?.stringValue?.contains("\"mini\".\"main\".\"bronze\"") == true)
        #expect(gold.value["raw"]?.stringValue?.contains("ref('bronze')") == true)
    }

    @Test func columnsTakeTypesFromTheCatalogAndListTheirTests() throws {
        let compiled = try MiniProject.compile()
        let catalog = Catalog(tables: [
            CatalogTable(
                database: "MINI", schema: "main", name: "gold", type: "BASE TABLE",
                columns: [
                    CatalogColumn(name: "name", type: "VARCHAR", index: 2), CatalogColumn(name: "id", type: "INTEGER", index: 1),
                ])
        ])
        let doc = DocsSiteData(compiled: compiled, catalog: catalog).document()
        let gold = try #require(node(doc, "model.mini.gold")).value
        let columns = gold["columns"]?.arrayValue ?? []
        // The target's order (by ordinal), then what is documented but absent, flagged.
        #expect(columns.compactMap { $0["name"]?.stringValue } == ["id", "name", "ghost"])
        #expect(columns[0]["type"] == "INTEGER")
        #expect(columns[0]["desc"] == "The key")
        #expect(columns[2]["missing"] == true)
        #expect(columns[1]["missing"] == nil)
        let tests = columns[0]["tests"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(tests == ["not_null", "unique"])
        let all = doc["nodes"]?.arrayValue ?? []
        for t in columns[0]["tests"]?.arrayValue ?? [] {
            let i = try #require(t["node"]?.intValue)
            #expect(all[i]["type"] == "test")
            #expect(all[i]["column"] == "id")
        }
        #expect(gold["kind"] == "BASE TABLE")
    }

    @Test func aModelWithAChartButNoDataSaysWhy() throws {
        let compiled = try MiniProject.compile()
        let doc = DocsSiteData(compiled: compiled).document()
        let chart = try #require(node(doc, "model.mini.gold")?.value["chart"])
        #expect(chart["x"] == "day")
        #expect(chart["colour"] == "name")
        #expect(chart["series"] == nil)
        #expect(chart["error"]?.stringValue?.contains("docs generate") == true)
        let series = [ChartSeries(name: "Tech", points: [["2026-01-01", 1.5]])]
        let withData = DocsSiteData(compiled: compiled, charts: ["model.mini.gold": ChartSpec(x: "day", y: "price").json(series: series)]).document()
        #expect(node(withData, "model.mini.gold")?.value["chart"]?["series"]?.arrayValue?.count == 1)
    }

    /// Streaming kinds are not special-cased: a topic upstream of the source shows up first in the
    /// lanes, linked like any node (the streaming compiler adds such nodes to the same graph).
    @Test func newResourceTypesAppearWithoutChangesHere() throws {
        var compiled = try MiniProject.compile()
        let topic = CompiledNode(
            uniqueId: "topic.mini.TICKS", name: "TICKS", resourceType: .topic, packageName: "mini",
            fqn: ["mini", "TICKS"], originalFilePath: "streaming/ticks.yml", path: "ticks.yml")
        let odd = CompiledNode(
            uniqueId: "widget.mini.w", name: "w", resourceType: ResourceType("widget"), packageName: "mini",
            fqn: ["mini", "w"], originalFilePath: "w.yml", path: "w.yml", dependsOn: ["model.mini.gold"])
        compiled.nodes[topic.uniqueId] = topic
        compiled.nodes[odd.uniqueId] = odd
        compiled.nodes["source.mini.lake.ticks"]?.dependsOn = ["topic.mini.TICKS"]
        let doc = DocsSiteData(compiled: compiled).document()
        #expect(doc["lanes"] == ["topic", "source", "seed", "model", "exposure", "test", "widget"])
        let t = try #require(node(doc, "topic.mini.TICKS"))
        #expect(node(doc, "source.mini.lake.ticks")?.value["parents"]?.arrayValue?.compactMap(\.intValue) == [t.index])
        #expect(node(doc, "widget.mini.w")?.value["parents"]?.arrayValue?.count == 1)
    }

    @Test func exposureEntriesThatNameNothingAreLeftOut() throws {
        let compiled = try MiniProject.compile()
        let nodes = compiled.exposureNodes()
        #expect(nodes.map(\.uniqueId) == ["exposure.mini.board"])
        #expect(nodes.first?.dependsOn == ["model.mini.gold", "source.mini.lake.ticks"])
        // Exposures are in the graph (selection reaches them, as in dbt); no command runs them.
        #expect(compiled.graph.node("exposure.mini.board") != nil)
        #expect(!Set<ResourceType>.build.contains(.exposure) && !Set<ResourceType>.run.contains(.exposure))
    }

    /// Speed: the site's data for 10,000 models (each reading the one before it and a seed) is built
    /// in well under a second in a release build; debug gets a looser bound.
    @Test func tenThousandNodesStayFast() throws {
        var compiled = try MiniProject.compile()
        for i in 0..<10_000 {
            let id = "model.mini.m\(i)"
            compiled.nodes[id] = CompiledNode(
                uniqueId: id, name: "m\(i)", resourceType: .model, packageName: "mini", fqn: ["mini", "m\(i)"],
                originalFilePath: "models/m\(i).sql", path: "m\(i).sql", rawCode: "select 1 as id\n",
                dependsOn: i == 0 ? ["seed.mini.groups"] : ["model.mini.m\(i - 1)", "seed.mini.groups"])
        }
        let clock = ContinuousClock()
        var doc: JSONValue = .null
        let elapsed = clock.measure { doc = DocsSiteData(compiled: compiled).document() }
        let text = DocsAssets.files(data: doc, title: "mini")["assets/site-data.js"] ?? ""
        #expect((doc["nodes"]?.arrayValue?.count ?? 0) > 10_000)
        #expect(text.hasPrefix("window.SWIFTDBT_DOCS = {"))
        #expect(elapsed < .seconds(5), "building the data took \(elapsed)")
    }
}
