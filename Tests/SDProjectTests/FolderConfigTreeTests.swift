import SDBasics
@testable import SDProject
import Testing

@Suite("project.yml folder configs")
struct FolderConfigTreeTests {
    static func config(_ yaml: String) -> (ProjectConfig?, [Diagnostic]) {
        var bag = DiagnosticBag()
        let c = ProjectConfig.parse(SourceFile(path: "project.yml", text: yaml), diagnostics: &bag)
        return (c, bag.diagnostics)
    }

    @Test func projectNameLevelIsOptional() throws {
        let withName = try #require(Self.config("name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: table\n").0)
        let without = try #require(Self.config("name: shop\nmodels:\n  marts:\n    +materialized: table\n").0)
        #expect(withName.models.config(for: ["marts", "orders"])["materialized"] == .string("table"))
        #expect(without.models.config(for: ["marts", "orders"])["materialized"] == .string("table"))
        #expect(without.models.config(for: ["staging", "x"])["materialized"] == nil)
    }
}
