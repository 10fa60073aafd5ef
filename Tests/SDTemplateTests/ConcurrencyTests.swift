import SDBasics
import Testing

@testable import SDTemplate

@Suite struct ConcurrencyTests {
    /// The compiler renders one parse per model from many tasks; Template and MacroLibrary are
    /// Sendable and only read, so every task must see the same result.
    @Test func oneParseRendersConcurrently() async throws {
        let template = try parseClean(
            "<< set xs = [] >><< for i in range(50) >><< do xs.append(wrap(i)) >><< endfor >><< xs | join(',') >>")
        let lib = try library([("macros/w.sql", "<< macro wrap(x) >>[<< x * k >>]<< endmacro >>")])
        let outputs = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for k in 1...8 {
                group.addTask {
                    let renderer = TemplateRenderer(host: DictionaryHost(["k": .int(k)]), library: lib)
                    return (k, try renderer.render(template))
                }
            }
            var results: [Int: String] = [:]
            for try await (k, out) in group { results[k] = out }
            return results
        }
        for k in 1...8 {
            let expected = (0..<50).map { "[\($0 * k)]" }.joined(separator: ",")
            #expect(outputs[k] == expected)
        }
    }
}
