import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDDuckDB
import SDGraph
import SDProject
import SDTestSupport
import Testing

@testable import SDStreaming

/// Streaming objects as nodes of the project's DAG (issue 7 item 4), through the compiler hook.
@Suite("one lineage: topics, streams and connectors in the project DAG")
struct LineageTests {
    /// The RTSA project at the repository root, with profiles.example.yml as its profiles.
    static func compileRTSA(
        withLineage: Bool, extra: [CompiledNode] = [], extraParents: [String: [String]] = [:],
        diagnostics: inout DiagnosticBag
    ) throws -> CompiledProject? {
        let root = Repository.url.path
        let profiles = FileManager.default.temporaryDirectory.appendingPathComponent("sd-streaming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profiles) }
        try FileManager.default.copyItem(atPath: root + "/profiles.example.yml", toPath: profiles.appendingPathComponent("profiles.yml").path)
        let pipeline = ProjectPipeline(
            root: root, profilesDir: profiles.path, environment: [:],
            adapters: TargetAdapterRegistry([DuckDBAdapter(), AthenaAdapter()]))
        var bag = DiagnosticBag()
        defer { diagnostics.append(contentsOf: bag.diagnostics) }
        let maybeLoaded = pipeline.load(diagnostics: &bag)
        let loaded = try #require(maybeLoaded, "\(DiagnosticRenderer().render(bag.diagnostics))")
        var options = CompileOptions(
            target: loaded.target, profileName: loaded.profileName, runStartedAt: Date(timeIntervalSince1970: 0),
            invocationId: "test")
        if withLineage {
            let maybeStreaming = StreamingProject.load(loaded.project, cliVars: [:], environment: [:], diagnostics: &bag)
            let streaming = try #require(maybeStreaming, "\(DiagnosticRenderer().render(bag.diagnostics))")
            let lineage = StreamingLineage(streaming, packageName: loaded.project.name)
            options.extraNodes = lineage.nodes
            options.extraParents = lineage.parents
        }
        options.extraNodes += extra
        options.extraParents.merge(extraParents) { a, b in a + b }
        return Compiler(project: loaded.project, options: options).parse(diagnostics: &bag)
    }

    static func compileRTSA(withLineage: Bool) throws -> CompiledProject {
        var bag = DiagnosticBag()
        let compiled = try compileRTSA(withLineage: withLineage, diagnostics: &bag)
        #expect(!bag.hasErrors, "\(DiagnosticRenderer().render(bag.diagnostics))")
        return try #require(compiled)
    }

    // The hook never drops a node or an edge silently.
    @Test func hookReportsTakenIdsAndMissingChildren() throws {
        var bag = DiagnosticBag()
        let clash = CompiledNode(
            uniqueId: "model.rtsa.bronze_ticks", name: "bronze_ticks", resourceType: .stream, packageName: "rtsa",
            fqn: ["rtsa", "streaming", "bronze_ticks"], originalFilePath: "streaming/x.yml", path: "streaming/x.yml")
        _ = try LineageTests.compileRTSA(
            withLineage: false, extra: [clash], extraParents: ["source.rtsa.lake.nope": ["model.rtsa.bronze_ticks"]],
            diagnostics: &bag)
        let messages = bag.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains("'model.rtsa.bronze_ticks' is declared twice"))
        #expect(messages.contains("'source.rtsa.lake.nope' is named as fed by a streaming node, but there is no such node"))
    }

    // dbt selector grammar (docs/selectors.md): `+node` selects the node and all its ancestors.
    @Test func ancestorsOfAGoldModelCrossIntoStreaming() throws {
        let compiled = try LineageTests.compileRTSA(withLineage: true)
        let selection = NodeSelector(graph: compiled.graph).select(["+gold_grouped_returns"])
        #expect(selection.diagnostics.isEmpty)
        let ids = Set(selection.uniqueIds)
        for id in [
            "connector.rtsa.s3-sink-ticks", "stream.rtsa.TICKS_ENRICHED_V2", "stream.rtsa.TICKS", "topic.rtsa.ticks",
            "topic.rtsa.ticks_enriched_v2", "source.rtsa.lake.ticks_enriched_v2",
        ] {
            #expect(ids.contains(id), "\(id) is an ancestor of gold_grouped_returns")
        }
        #expect(compiled.graph.parents(of: "source.rtsa.lake.ticks_enriched_v2") == ["connector.rtsa.s3-sink-ticks"])
        #expect(compiled.graph.parents(of: "connector.rtsa.s3-sink-ticks") == ["topic.rtsa.ticks_enriched_v2"])
        #expect(compiled.graph.parents(of: "topic.rtsa.ticks_enriched_v2") == ["stream.rtsa.TICKS_ENRICHED_V2"])
        #expect(compiled.graph.parents(of: "stream.rtsa.TICKS_ENRICHED_V2") == ["stream.rtsa.TICKS"])
        #expect(compiled.graph.parents(of: "stream.rtsa.TICKS") == ["topic.rtsa.ticks"])
        // Resource-type selection works on the new kinds.
        let connectors = NodeSelector(graph: compiled.graph).select(["resource_type:connector"])
        #expect(connectors.uniqueIds == ["connector.rtsa.s3-sink-ticks"])
    }

    @Test func withoutTheHookTheGraphIsUnchanged() throws {
        let compiled = try LineageTests.compileRTSA(withLineage: false)
        #expect(compiled.nodes.values.allSatisfy { !ResourceType.streaming.contains($0.resourceType) })
        #expect(compiled.graph.parents(of: "source.rtsa.lake.ticks_enriched_v2").isEmpty)
    }

    @Test func manifestRecordsTheStreamingNodes() throws {
        let compiled = try LineageTests.compileRTSA(withLineage: true)
        let doc = Manifest.document(compiled, version: "test", invocationId: "test", generatedAt: nil)
        // dbt's manifest allows only dbt's node types in `nodes`: streaming objects are sources
        // whose meta names their kind; their full declaration is in streaming_manifest.json.
        #expect(doc["nodes"]?["connector.rtsa.s3-sink-ticks"] == nil)
        let listed = try #require(doc["sources"]?["connector.rtsa.s3-sink-ticks"])
        #expect(listed["resource_type"] == "source")
        #expect(listed["meta"]?["swiftdbt_streaming"]?["kind"] == "connector")
        #expect(doc["sources"]?["topic.rtsa.ticks"]?["meta"]?["swiftdbt_streaming"]?["kind"] == "topic")
        let streaming = Manifest.streamingDocument(compiled, version: "test", invocationId: "test")
        let connector = try #require(streaming["nodes"]?["connector.rtsa.s3-sink-ticks"])
        #expect(connector["resource_type"] == "connector")
        #expect(connector["config"]?["locations"] == ["s3://rtsa-lake/topics/ticks_enriched_v2/"])
        // partition-projection.html: relative ranges such as NOW-5YEARS are allowed for date columns.
        #expect(connector["config"]?["athena_table_properties"]?["projection.dt.range"] == "NOW-5YEARS,NOW")
        #expect(connector["config"]?["athena_table_properties"]?["storage.location.template"] == "s3://rtsa-lake/topics/ticks_enriched_v2/dt=${dt}/")
        #expect(doc["parent_map"]?["source.rtsa.lake.ticks_enriched_v2"] == ["connector.rtsa.s3-sink-ticks"])
        #expect(doc["parent_map"]?["stream.rtsa.TICKS"] == ["topic.rtsa.ticks"])
        #expect(streaming["nodes"]?["stream.rtsa.TICKS"]?["original_file_path"] == "streaming/rtsa.yml")
    }
}
