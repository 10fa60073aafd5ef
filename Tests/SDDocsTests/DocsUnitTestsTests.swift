import SDBasics
import SDDocs
import Testing

/// The docs site lists a model's unit tests (issue 16 item 3), and a unit test's page names its
/// model, its inputs and how many rows it expects.
@Suite struct DocsUnitTestsTests {
    @Test func aModelListsItsUnitTests() throws {
        let compiled = try MiniProject.compile(extra: [
            "models/gold/_unit.yml": """
            unit_tests:
              - name: joins_the_group_name
                model: gold
                given:
                  - input: ref('bronze')
                    rows: [{id: 1}]
                expect:
                  rows: [{id: 1, name: Tech}]

            """
        ])
        let doc = DocsSiteData(compiled: compiled).document()
        let nodes = doc["nodes"]?.arrayValue ?? []
        let gold = try #require(nodes.firstIndex { $0["id"] == "model.mini.gold" })
        let unit = try #require(nodes.firstIndex { $0["id"] == "unit_test.mini.gold.joins_the_group_name" })
        #expect(nodes[gold]["unit_tests"] == .array([.object(["name": "joins_the_group_name", "node": .int(unit)])]))
        #expect(nodes[unit]["type"] == "unit_test")
        #expect(nodes[unit]["attached"] == .int(gold))
        #expect(nodes[unit]["unit"] == .object(["given": ["ref('bronze')"], "expect": 1]))
        // A unit test is no data test of its model.
        #expect(nodes[gold]["tests"]?.arrayValue?.contains { $0["name"] == "joins_the_group_name" } != true)
    }
}
