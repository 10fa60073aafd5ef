import Foundation
import SDBasics
import Testing

@testable import SDProject

/// Nothing dbt documents is accepted and dropped (issue 15): each key swiftdbt does not implement is
/// an error at the key, values that ask for nothing swiftdbt fails to do pass, and
/// docs/dbt-compatibility.md names every key the code knows.
@Suite("dbt keys: implemented or refused")
struct DbtSupportTests {
    static func project(_ yaml: String) -> [Diagnostic] {
        var bag = DiagnosticBag()
        _ = ProjectConfig.parse(SourceFile(path: "project.yml", text: yaml), configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        return bag.diagnostics
    }

    static func properties(_ yaml: String) -> [Diagnostic] {
        var bag = DiagnosticBag()
        var set = PropertySet()
        set.add(SourceFile(path: "models/p.yml", text: yaml), render: { s, _, _ in s }, configKeys: ProfilesTests.adapters.configKeys, diagnostics: &bag)
        return bag.diagnostics
    }

    /// Hooks and contracts work now (docs/hooks.md, docs/contracts.md), so only persist_docs is refused.
    @Test func hooksAndContractsPassAndRefusalsAreErrorsAtTheKey() throws {
        let yaml =
            "name: shop\non-run-end: ['select 1']\nmodels:\n  +post-hook: 'select 1'\n  +contract: {enforced: true}\n  marts:\n    +persist_docs: {relation: true}\n"
        let diags = Self.project(yaml)
        let errors = diags.filter { $0.severity == .error }
        #expect(errors.map(\.message) == ["persisting descriptions as database comments is not supported yet"])
        let file = SourceFile(path: "project.yml", text: yaml)
        let texts = errors.compactMap { $0.range.map { String(decoding: file.utf8[$0.bytes], as: UTF8.self) } }
        #expect(texts == ["+persist_docs"])
        #expect(errors.allSatisfy { $0.hint?.isEmpty == false })
    }

    @Test func valuesThatAskForNothingMissingPass() {
        let yaml = """
            name: shop
            quoting: {database: true, identifier: true}
            flags: {send_anonymous_usage_stats: false}
            query-comment: null
            clean-targets: [target]
            snapshot-paths: [snapshots]
            models:
              +contract: {enforced: false}
              +persist_docs: {relation: false, columns: false}
              +access: protected
            seeds:
              +delimiter: ","
            """
        let diags = Self.project(yaml)
        #expect(diags.isEmpty, "\(DiagnosticRenderer().render(diags))")
    }

    @Test func refusedValuesOfTheSameKeys() {
        let yaml = "name: shop\nquoting: {identifier: false}\nmodels:\n  +persist_docs: {relation: true}\nseeds:\n  +delimiter: ';'\n"
        #expect(Self.project(yaml).filter { $0.severity == .error }.count == 3)
    }

    @Test func propertyBlocksAndKeysAreRefused() {
        let yaml = """
            version: 2
            models:
              - name: orders
                constraints: [{type: primary_key, columns: [id]}]
                config: {sql_header: "set x = 1"}
                columns:
                  - name: id
                    constraints: [{type: not_null}]
            unit_tests: []
            sources:
              - name: raw
                loaded_at_field: ts
                tables:
                  - name: t
                    config: {materialized: table}
            """
        let messages = Self.properties(yaml).filter { $0.severity == .error }.map(\.message)
        #expect(
            messages == [
                "'sql_header' is not supported yet", "source config 'materialized' is not supported",
            ])
    }

    /// docs/dbt-compatibility.md is the user's table of what works: every key the code knows is in it.
    @Test func compatibilityTableNamesEveryKnownKey() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/dbt-compatibility.md"), encoding: .utf8)
        let known = ProfilesTests.adapters.configKeys.all.union(ConfigKeys.test).union(ProjectConfig.topLevelKeys).union(PropertySet.topLevelKeys)
            .union(PropertySet.nodeKeys).union(PropertySet.columnKeys).union(PropertySet.sourceKeys).union(PropertySet.tableKeys)
            .union(PropertySet.exposureKeys).union(DbtSupport.config.keys).union(DbtSupport.projectKeys.keys)
            .union(DbtSupport.propertyKeys.keys).union(DbtSupport.columnKeys.keys).union(DbtSupport.sourceKeys.keys)
        let missing = known.filter { !doc.contains("`\($0)`") }.sorted()
        #expect(missing.isEmpty, "docs/dbt-compatibility.md does not mention \(missing)")
    }
}
