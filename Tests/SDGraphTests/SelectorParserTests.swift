import SDBasics
import Testing

@testable import SDGraph

/// The parsed AST: methods, values, operators and ranges (docs.getdbt.com node selection syntax).
@Suite struct SelectorParserTests {
    private func parse(_ text: String) throws -> SelectorExpression {
        var bag = DiagnosticBag()
        let expression = SelectorParser.parse([text], flag: "--select", diagnostics: &bag)
        try #require(bag.diagnostics.isEmpty, "\(DiagnosticRenderer().render(bag.diagnostics))")
        return expression
    }

    @Test func operatorsAndMethodAreSeparatedFromTheValue() throws {
        let expression = try parse("2+config.meta.owner:alice+3")
        let c = try #require(expression.members.first?.criteria.first)
        #expect(c.method == .config(key: "meta.owner"))
        #expect(!c.methodIsImplicit)
        #expect(c.value == "alice")
        #expect(c.parents == .generations(2))
        #expect(c.children == .generations(3))
        #expect(!c.childrensParents)
        #expect(c.range.text == "2+config.meta.owner:alice+3")
        #expect(c.valueRange.text == "alice")
    }

    static let defaults: [(String, SelectorMethod)] = [
        ("gold_grouped_returns", .fqn),
        ("rtsa.gold", .fqn),
        ("models/gold", .path),
        ("models\\gold", .path),
        ("gold_grouped_returns.sql", .file),
        ("symbol_groups.CSV", .file),
        ("2019_orders", .fqn),
    ]

    @Test(arguments: defaults)
    func defaultMethodFollowsDbt(value: String, method: SelectorMethod) throws {
        let c = try #require(try parse(value).members.first?.criteria.first)
        #expect(c.method == method)
        #expect(c.methodIsImplicit)
        #expect(c.value == value, "digits without '+' belong to the value")
        #expect(c.parents == nil)
    }

    @Test func spacesMakeMembersAndCommasMakeIntersections() throws {
        let expression = try parse(" tag:nightly,gold   @silver_symbols\t+x+ ")
        #expect(expression.members.map(\.text) == ["tag:nightly,gold", "@silver_symbols", "+x+"])
        #expect(expression.members.map(\.criteria.count) == [2, 1, 1])
        let at = try #require(expression.members[1].criteria.first)
        #expect(at.childrensParents)
        #expect(at.value == "silver_symbols")
        let both = try #require(expression.members[2].criteria.first)
        #expect(both.parents == .unlimited)
        #expect(both.children == .unlimited)
    }

    @Test func colonAfterNonMethodTextBelongsToTheValue() throws {
        let c = try #require(try parse("path:C:/models/gold").members.first?.criteria.first)
        #expect(c.method == .path)
        #expect(c.value == "C:/models/gold")
    }

    @Test func eachArgumentIsItsOwnSourceFile() {
        var bag = DiagnosticBag()
        let expression = SelectorParser.parse(["a", "b"], flag: "--exclude", diagnostics: &bag)
        #expect(expression.members.count == 2)
        #expect(expression.members.map(\.range.file.path) == ["--exclude", "--exclude"])
        #expect(expression.members[0].range.file !== expression.members[1].range.file)
    }
}
