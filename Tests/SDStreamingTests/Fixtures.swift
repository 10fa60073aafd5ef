import Foundation
import SDBasics
import SDTestSupport

@testable import SDStreaming

/// Loading helpers shared by the suites.
enum Fixtures {
    static func rtsaFile() throws -> SourceFile {
        let url = Repository.url.appendingPathComponent("streaming/rtsa.yml")
        let text = try String(contentsOf: url, encoding: .utf8)
        return SourceFile(path: "streaming/rtsa.yml", text: text)
    }

    /// The RTSA declarations with a fixed environment (no real env leaks into goldens).
    static func rtsa(environment: [String: String] = [:]) throws -> StreamingProject? {
        var bag = DiagnosticBag()
        let p = StreamingLoader(environment: environment, knownSourceTables: [["lake", "ticks_enriched_v2"]]).load([try rtsaFile()], diagnostics: &bag)
        return bag.hasErrors ? nil : p
    }

    /// Loads YAML text as one streaming file; the project (nil on errors) and rendered diagnostics.
    static func load(
        _ yaml: String, path: String = "streaming/case.yml", environment: [String: String] = [:],
        vars: [String: JSONValue] = [:], sources: [[String]]? = [["lake", "ticks_enriched_v2"]]
    ) -> (StreamingProject?, String) {
        var bag = DiagnosticBag()
        let p = StreamingLoader(environment: environment, vars: vars, knownSourceTables: sources)
            .load([SourceFile(path: path, text: yaml)], diagnostics: &bag)
        return (p, DiagnosticRenderer().render(bag.diagnostics))
    }
}
