import SDBasics
import Testing

@testable import SDGraph

/// The graph a full compile saves for `compile --select` (GraphSnapshot.swift): it reads back as the
/// same graph, awkward text included, and anything else reads back as nothing rather than a wrong graph.
@Suite struct GraphSnapshotTests {
    static func sample() -> GraphSnapshot {
        var model = GraphNode(
            uniqueId: "model.p.orders", name: "orders", resourceType: .model, packageName: "p", fqn: ["p", "marts", "orders"],
            originalFilePath: "models/marts/orders.sql", tags: ["daily", "tab\there", ""],
            config: [
                "materialized": .string("table"), "meta.owner": .string("back\\slash\nnew line\u{1F}unit"), "enabled": .bool(true),
                "threads": .number(4), "ratio": .number(0.1), "grants.select": .list(["a", "", "b\tc"]), "empty": .list([]),
            ])
        model.version = "2"
        model.latestVersion = "3"
        let source = GraphNode(
            uniqueId: "source.p.lake.ticks", name: "ticks", resourceType: .source, packageName: "p", fqn: ["p", "lake", "ticks"],
            originalFilePath: "models/sources.yml", sourceName: "lake")
        let test = GraphNode(
            uniqueId: "test.p.not_null_orders_id.abc", name: "not_null_orders_id", resourceType: .test, packageName: "p",
            fqn: ["p", "marts", "not_null_orders_id"], originalFilePath: "models/marts/props.yml", testType: .generic,
            testName: "not_null", testedNodeIds: ["model.p.orders"])
        let graph = DependencyGraph(
            nodes: [test, model, source],
            edges: [
                GraphEdge(parent: "source.p.lake.ticks", child: "model.p.orders"),
                GraphEdge(parent: "model.p.orders", child: "test.p.not_null_orders_id.abc"),
            ])
        let paths = graph.nodes.map { $0.resourceType == .source ? nil : "target/compiled/p/" + $0.originalFilePath }
        return GraphSnapshot(graph: graph, compiledPaths: paths, notes: ["found": "Found 1 model", "odd": "a\tb\\c\nd"])
    }

    @Test func aSnapshotReadsBackAsTheSameGraph() throws {
        let saved = Self.sample()
        let loaded = try #require(GraphSnapshot.decode(saved.encoded()))
        #expect(loaded.graph.nodes == saved.graph.nodes)
        #expect(loaded.graph.nodes.indices.map(loaded.compiledPath) == saved.graph.nodes.indices.map(saved.compiledPath))
        #expect(loaded.notes == saved.notes)
        #expect(loaded.graph.parentMap == saved.graph.parentMap)
        #expect(loaded.graph.childMap == saved.graph.childMap)
        #expect(loaded.graph.topologicalOrder == saved.graph.topologicalOrder)
        // Selection on the loaded graph answers as on the original, indirect selection included.
        for select in [["orders"], ["+orders"], ["config.meta.owner:*unit"], ["tag:tab*"], ["config.threads:4"], ["source:lake+"]] {
            let a = NodeSelector(graph: saved.graph).select(select).uniqueIds
            let b = NodeSelector(graph: loaded.graph).select(select).uniqueIds
            #expect(a == b && !a.isEmpty, "\(select): \(a) vs \(b)")
        }
    }

    /// A large graph too, decoded on both cores.
    @Test func aLargeSnapshotReadsBack() throws {
        var nodes: [GraphNode] = []
        var edges: [GraphEdge] = []
        for i in 0..<5_000 {
            nodes.append(
                GraphNode(
                    uniqueId: "model.p.m\(i)", name: "m\(i)", resourceType: .model, packageName: "p", fqn: ["p", "m\(i)"],
                    originalFilePath: "models/m\(i).sql", config: ["materialized": .string(i % 2 == 0 ? "view" : "table")]))
            if i > 0 { edges.append(GraphEdge(parent: "model.p.m\(i / 2)", child: "model.p.m\(i)")) }
        }
        let graph = DependencyGraph(nodes: nodes, edges: edges)
        let saved = GraphSnapshot(graph: graph, compiledPaths: graph.nodes.map(\.originalFilePath), notes: [:])
        // Written in batches that do not divide the nodes evenly, as the compile streams it.
        var bytes: [UInt8] = []
        let stream = saved.stream(batchSize: 333)
        while let batch = stream.next() { for piece in batch { bytes += piece } }
        #expect(bytes == saved.encoded())
        let loaded = try #require(GraphSnapshot.decode(bytes))
        #expect(loaded.graph.nodes == graph.nodes)
        #expect(loaded.graph.parentMap == graph.parentMap)
        #expect(loaded.graph.nodes.indices.map(loaded.compiledPath) == saved.graph.nodes.indices.map(saved.compiledPath))
        #expect(loaded.graph.topologicalOrder == graph.topologicalOrder)
        // The saved order is used only when it is one of the graph's: any other is sorted again.
        let text = String(decoding: bytes, as: UTF8.self)
        let orderLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("order\t") })
        let reversed = "order\t" + orderLine.dropFirst(6).split(separator: ",").reversed().joined(separator: ",")
        let repeated = "order\t" + Array(repeating: "0", count: graph.nodes.count).joined(separator: ",")
        for other in [reversed, repeated] {
            let wrong = try #require(GraphSnapshot.decode(Array(text.replacingOccurrences(of: orderLine, with: other).utf8)))
            #expect(wrong.graph.topologicalOrder == graph.topologicalOrder)
        }
    }

    /// Truncated, edited or foreign bytes read back as nil (the command then loads the project).
    @Test func damagedBytesReadBackAsNothing() {
        let bytes = Self.sample().encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        var damaged: [[UInt8]] = [
            [], Array(bytes.dropLast()), Array(bytes.dropLast(10)), Array("swiftdbt-graph 3\n".utf8),
            Array(text.replacingOccurrences(of: "swiftdbt-graph 2", with: "swiftdbt-graph 9").utf8),
            // An unknown test type, a parent out of range, a count that does not match the list.
            Array(text.replacingOccurrences(of: "=generic", with: "=bogus").utf8),
            Array(text.replacingOccurrences(of: "\t0\n", with: "\t7\n").utf8),
            Array(text.replacingOccurrences(of: "\t3\u{1F}p\u{1F}marts", with: "\t4\u{1F}p\u{1F}marts").utf8),
            // Nodes out of order, and a tested node that is not there.
            Array(text.replacingOccurrences(of: "source.p.lake.ticks", with: "aaa.p.lake.ticks").utf8),
            Array(text.replacingOccurrences(of: "1\u{1F}model.p.orders", with: "1\u{1F}model.p.gone").utf8),
            Array(text.replacingOccurrences(of: "\\n", with: "\\q").utf8),
        ]
        damaged.append(Array(text.replacingOccurrences(of: "\tview", with: "\tview").utf8) + [UInt8(ascii: "x")])
        for (i, candidate) in damaged.enumerated() {
            #expect(candidate != bytes, "case \(i) damaged nothing")
            #expect(GraphSnapshot.decode(candidate) == nil, "case \(i) read back")
        }
    }
}
