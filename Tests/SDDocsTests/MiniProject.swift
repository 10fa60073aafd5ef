import Foundation
import SDAthena
import SDBasics
import SDCompiler
import SDDuckDB
import SDGraph
import SDProject
import Testing

/// A small project written to a temporary folder and compiled through the real pipeline.
struct MiniProject {
    static let files: [String: String] = [
        "project.yml": "name: mini\nprofile: mini\n",
        "profiles.yml": """
        mini:
          target: local
          outputs:
            local: {type: duckdb, path: target/mini.duckdb, schema: main}

        """,
        "seeds/groups.csv": "id,name\n1,Tech\n",
        "models/raw/_sources.yml": """
        version: 2
        sources:
          - name: lake
            schema: main
            tables:
              - name: ticks

        """,
        "models/raw/bronze.sql": "select * from << source('lake', 'ticks') >>\n",
        "models/gold/gold.sql": "select b.*, g.name from << ref('bronze') >> b join << ref('groups') >> g using (id)\n",
        "models/gold/_gold.yml": """
        version: 2
        models:
          - name: gold
            description: The gold table
            meta:
              chart: {x: day, y: price, color: name}
            columns:
              - name: id
                description: The key
                data_tests: [unique, not_null]
              - name: ghost
                description: Documented but never built
        exposures:
          - name: board
            type: dashboard
            url: https://example.com/board
            owner: {name: Analytics}
            depends_on: ["ref('gold')", "source('lake', 'ticks')"]

        """,
    ]

    static func compile(extra: [String: String] = [:]) throws -> CompiledProject {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sddocs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fs = LocalFileSystem()
        for (path, text) in files.merging(extra, uniquingKeysWith: { _, b in b }) { try fs.writeFile(root + "/" + path, text) }
        let pipeline = ProjectPipeline(
            root: root, environment: [:], fileSystem: fs,
            adapters: TargetAdapterRegistry([DuckDBAdapter(), AthenaAdapter()]))
        var bag = DiagnosticBag()
        let result = pipeline.compile(runStartedAt: Date(timeIntervalSince1970: 0), invocationId: "test", diagnostics: &bag)
        let errors = bag.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let (compiled, _) = result else {
            throw CompileError(text: DiagnosticRenderer().render(bag.diagnostics))
        }
        return compiled
    }

    struct CompileError: Error, CustomStringConvertible { var text: String; var description: String { text } }
}
