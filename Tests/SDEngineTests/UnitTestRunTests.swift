import SDBasics
import SDCompiler
import SDEngine
import SDGraph
import Testing

/// The pure parts of a unit test's run: the row comparison dbt makes (order-insensitive, values
/// compared after typing) and where `build` schedules a unit test (before its model, after the
/// model's parents).
@Suite struct UnitTestRunTests {
    @Test func rowsCompareAsABagWhateverTheirOrderAndSpelling() {
        let columns = ["status", "n", "total", "at"]
        let expected: [[JSONValue]] = [
            ["paid", 2, 15.5, "2024-01-01"],
            ["open", "1", .null, "2024-01-02 10:00:00"],
        ]
        let actual: [[JSONValue]] = [
            ["open", 1, .null, "2024-01-02T10:00:00.000"],
            ["paid", 2.0, "15.50", "2024-01-01 00:00:00"],
        ]
        let same = UnitTestRun.compare(columns: columns, expected: expected, actual: actual)
        #expect(same.differences == 0)
        #expect(same.diff == nil)
    }

    @Test func aDifferenceListsTheRowsOnlyOneSideHas() throws {
        let expected: [[JSONValue]] = [["a", 1], ["a", 1], ["b", 2]]
        let actual: [[JSONValue]] = [["a", 1], ["b", 3], ["c", .null]]
        let outcome = UnitTestRun.compare(columns: ["k", "v"], expected: expected, actual: actual)
        #expect(outcome.differences == 4)
        let diff = try #require(outcome.diff)
        #expect(diff.columns == ["@@", "k", "v"])
        // The duplicate expected row counts: one "a" row is missing.
        #expect(diff.rows == [["---", "a", 1], ["---", "b", 2], ["+++", "b", 3], ["+++", "c", .null]])
        // A null is not an empty string and not the text "null".
        #expect(UnitTestRun.compare(columns: ["v"], expected: [[.null]], actual: [[""]]).differences == 2)
    }

    @Test func theQueryKeepsTheModelWholeInsideASubqueryThatSeesTheInputs() {
        let sql = UnitTestRun.query(
            ctes: [("__dbt__cte__a", "select cast(1 as INTEGER) as \"id\"")], model: "with x as (select * from __dbt__cte__a) select * from x;\n")
        #expect(
            sql == """
                with __dbt__cte__a as (
                select cast(1 as INTEGER) as "id"
                )
                select * from (
                with x as (select * from __dbt__cte__a) select * from x
                ) as dbt_unit_test_actual
                """)
    }

    /// parent → m → child, with m's unit test: the unit test waits for the parent, m for the unit
    /// test, and a failing unit test skips m and child.
    @Test func buildRunsAUnitTestBetweenTheModelsParentsAndTheModel() {
        var unit = CompiledNode(
            uniqueId: "unit_test.p.m.u", name: "u", resourceType: .unitTest, packageName: "p", fqn: ["p", "m", "u"],
            originalFilePath: "models/u.yml", path: "models/u.yml", dependsOn: ["model.p.m"])
        unit.attachedNode = "model.p.m"
        let nodes = Nodes.byId([Nodes.model("parent"), Nodes.model("m", dependsOn: ["parent"]), Nodes.model("child", dependsOn: ["m"]), unit])
        let order = ["model.p.parent", "model.p.m", "unit_test.p.m.u", "model.p.child"]
        var parents = Runner.schedulingParents(order: order, nodes: nodes)
        let scheduled = Runner.addUnitTestEdges(&parents, order: order, nodes: nodes)
        #expect(scheduled == ["model.p.parent", "unit_test.p.m.u", "model.p.m", "model.p.child"])
        #expect(parents["unit_test.p.m.u"] == ["model.p.parent"])
        #expect(parents["model.p.m"]?.sorted() == ["model.p.parent", "unit_test.p.m.u"])
        var state = ScheduleState(order: scheduled, parents: parents, failFast: false)
        #expect(state.start(slots: 4) == ["model.p.parent"])
        _ = state.finish("model.p.parent", succeeded: true)
        #expect(state.start(slots: 4) == ["unit_test.p.m.u"])
        #expect(state.finish("unit_test.p.m.u", succeeded: false) == ["model.p.m", "model.p.child"])

        // `swiftdbt test` selects the unit test without its model: nothing to wait for.
        var alone = Runner.schedulingParents(order: ["unit_test.p.m.u"], nodes: nodes)
        #expect(Runner.addUnitTestEdges(&alone, order: ["unit_test.p.m.u"], nodes: nodes) == ["unit_test.p.m.u"])
        #expect(alone["unit_test.p.m.u"] == [])
    }
}
