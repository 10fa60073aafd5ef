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

    /// Model `m<i>` of package `p`, at models/m<i>.sql.
    static func model(_ i: Int, config: [String: ConfigValue] = [:]) -> GraphNode {
        GraphNode(
            uniqueId: "model.p.m\(i)", name: "m\(i)", resourceType: .model, packageName: "p", fqn: ["p", "m\(i)"],
            originalFilePath: "models/m\(i).sql", config: config)
    }

    /// A large graph too, decoded on both cores.
    @Test func aLargeSnapshotReadsBack() throws {
        var nodes: [GraphNode] = []
        var edges: [GraphEdge] = []
        for i in 0..<5_000 {
            nodes.append(Self.model(i, config: ["materialized": .string(i % 2 == 0 ? "view" : "table")]))
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

    /// A large graph with tests, read on several threads (its nodes in eight runs, then the index,
    /// both directions' edges and the tests' dependencies side by side): the same graph, and a
    /// damaged line anywhere, a run's first or last one included, reads back as nothing.
    @Test func aLargeSnapshotWithTestsReadsBackAndRefusesDamageInAnyRun() throws {
        var nodes: [GraphNode] = []
        var edges: [GraphEdge] = []
        for i in 0..<2_000 {
            nodes.append(Self.model(i))
            if i > 0 { edges.append(GraphEdge(parent: "model.p.m\((i - 1) / 3)", child: "model.p.m\(i)")) }
        }
        // Tests sort after models: 4,000 of them, so that they fill both halves of the nodes.
        for i in 0..<4_000 {
            // Every third test also tests a model that is not its parent, as a relationships test does.
            let tested = i % 3 == 0 ? ["model.p.m\(i % 2_000)", "model.p.m\(1_999 - i % 2_000)"] : ["model.p.m\(i % 2_000)"]
            nodes.append(
                GraphNode(
                    uniqueId: "test.p.t\(i)", name: "t\(i)", resourceType: .test, packageName: "p", fqn: ["p", "t\(i)"],
                    originalFilePath: "models/props.yml", testType: .generic, testName: "not_null", testedNodeIds: tested))
            edges.append(GraphEdge(parent: "model.p.m\(i % 2_000)", child: "test.p.t\(i)"))
        }
        let graph = DependencyGraph(nodes: nodes, edges: edges)
        let saved = GraphSnapshot(graph: graph, compiledPaths: graph.nodes.map(\.originalFilePath), notes: [:])
        let bytes = saved.encoded()
        let loaded = try #require(GraphSnapshot.decode(bytes))
        #expect(loaded.graph.nodes == graph.nodes)
        #expect(loaded.graph.parentMap == graph.parentMap)
        #expect(loaded.graph.childMap == graph.childMap)
        #expect(loaded.graph.testDependencies == graph.testDependencies)
        #expect(loaded.graph.topologicalOrder == graph.topologicalOrder)
        #expect(graph.testDependencies[try #require(graph.index(of: "test.p.t3"))].count == 2)

        // The node lines, to damage one at a time: the first and last of the second run of 750,
        // one in the middle, and the last line of all.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("n\t") })
        #expect(lines.count - 1 - first == 6_000)
        func readsBack(_ bytes: [UInt8]) -> Bool { GraphSnapshot.decode(bytes) != nil }
        func damaged(_ node: Int, _ change: (inout [String]) -> Void) -> [UInt8] {
            var copy = lines
            var fields = copy[first + node].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            change(&fields)
            copy[first + node] = fields.joined(separator: "\t")
            return Array(copy.joined(separator: "\n").utf8)
        }
        for node in [750, 1_499, 3_000, 5_999] {
            // An id out of order, a parent that is no node, a parent that is not a number.
            let cases = [
                damaged(node) { $0[1] = "a" + $0[1] },
                damaged(node) { $0[16] = "6000" },
                damaged(node) { $0[16] = "1,x" },
            ]
            // A Bool, so that a failure does not print the whole graph.
            for (k, bytes) in cases.enumerated() { #expect(!readsBack(bytes), "node \(node), case \(k)") }
        }
        // A test of a node the graph does not hold, in the first half of the nodes and in the second.
        for (name, firstHalf) in [("t1", true), ("t999", false)] {
            let node = try #require(graph.index(of: "test.p.\(name)"))
            #expect((node < 3_000) == firstHalf, "\(name) is node \(node)")
            let bytes = damaged(node) { $0[12] = "1\u{1F}model.p.gone" }
            #expect(!readsBack(bytes), "\(name)")
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
