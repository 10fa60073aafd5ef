import Foundation
import SDBasics
import SDProject

extension Compiler {
    /// Exposures' `depends_on` entries must name nodes that exist: a misspelt `ref('ordrs')` would
    /// otherwise leave a dashboard silently unlinked (dbt fails the parse on it too).
    func checkExposures(nodes: [String: CompiledNode], disabled: Set<String>, diagnostics: inout DiagnosticBag) {
        guard !project.properties.exposures.isEmpty else { return }
        let pkg = project.name
        let refNames = Set(nodes.values.filter { $0.resourceType == .model || $0.resourceType == .seed }.map(\.name))
        let sources = project.properties.sources
        for exposure in project.properties.exposures {
            for (text, range) in exposure.dependsOn {
                guard let call = Compiler.dependencyCall(text) else {
                    diagnostics.append(.error("exposure '\(exposure.name)' depends on '\(text)', which is not a ref() or source() call",
                                              at: range, hint: "write entries as ref('model') or source('source', 'table')"))
                    continue
                }
                switch (call.function, call.arguments.count) {
                case ("ref", 1), ("ref", 2):
                    let name = call.arguments.last ?? ""
                    if call.arguments.count == 2, call.arguments[0] != pkg {
                        diagnostics.append(.error("no package named '\(call.arguments[0])'; swiftdbt projects have no packages yet", at: range))
                    } else if disabled.contains(name) {
                        diagnostics.append(.error("exposure '\(exposure.name)' depends on '\(name)', which is disabled", at: range))
                    } else if !refNames.contains(name) {
                        diagnostics.append(Diagnostic.error("exposure '\(exposure.name)' depends on '\(name)', but no model or seed has that name",
                                                            at: range).suggesting(name, from: refNames))
                    }
                case ("source", 2):
                    let (s, t) = (call.arguments[0], call.arguments[1])
                    guard nodes["source.\(pkg).\(s).\(t)"] == nil else { continue }
                    let tables = sources.filter { $0.sourceName == s }.map(\.name)
                    if tables.isEmpty {
                        diagnostics.append(Diagnostic.error("exposure '\(exposure.name)' depends on source '\(s)', which is not declared",
                                                            at: range).suggesting(s, from: Set(sources.map(\.sourceName))))
                    } else {
                        diagnostics.append(Diagnostic.error("source '\(s)' has no table named '\(t)'", at: range).suggesting(t, from: tables))
                    }
                default:
                    diagnostics.append(.error("\(call.function)() in depends_on takes \(call.function == "ref" ? "1 or 2 arguments" : "2 arguments"), got \(call.arguments.count)",
                                              at: range))
                }
            }
        }
    }

    /// `ref('a')`, `ref("pkg", "a")` or `source('s', 't')` as written in YAML; nil for anything else.
    static func dependencyCall(_ text: String) -> (function: String, arguments: [String])? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else { return nil }
        let function = String(t[..<open]).trimmingCharacters(in: .whitespaces)
        guard function == "ref" || function == "source" else { return nil }
        let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
        var arguments: [String] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let a = part.trimmingCharacters(in: .whitespaces)
            guard a.count >= 2, let q = a.first, q == "'" || q == "\"", a.last == q else { return nil }
            arguments.append(String(a.dropFirst().dropLast()))
        }
        return (function, arguments)
    }
}
