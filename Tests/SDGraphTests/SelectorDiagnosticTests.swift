import SDBasics
import Testing

@testable import SDGraph

/// Each selector mistake is a diagnostic with a range into the argument, rendered like a compiler's.
@Suite struct SelectorDiagnosticTests {
    static let cases: [(select: [String], exclude: [String], rendered: String)] = [
        (
            ["tags:nightly"], [],
            """
            --select:1:1: error: unknown selector method 'tags'
              1 | tags:nightly
                | ^~~~
            --select:1:1: note: did you mean 'tag'?

            """
        ),
        (
            ["gold 2+"], [],
            """
            --select:1:6: error: graph operator '2+' has no node to apply to
              1 | gold 2+
                |      ^~
              hint: put a node name or method:value next to the operator, as in '+gold_grouped_returns'

            """
        ),
        (
            ["+"], [],
            """
            --select:1:1: error: graph operator '+' has no node to apply to
              1 | +
                | ^
              hint: put a node name or method:value next to the operator, as in '+gold_grouped_returns'

            """
        ),
        (
            ["+@gold"], [],
            """
            --select:1:1: error: the '@' operator cannot be combined with a leading '+'
              1 | +@gold
                | ^~
              hint: '@x' already selects the ancestors of x's descendants; write '@x' or '+x+'

            """
        ),
        (
            ["@2+gold"], [],
            """
            --select:1:1: error: the '@' operator cannot be combined with a leading '+'
              1 | @2+gold
                | ^~~
              hint: '@x' already selects the ancestors of x's descendants; write '@x' or '+x+'

            """
        ),
        (
            ["tag:"], [],
            """
            --select:1:1: error: selector method 'tag' needs a value
              1 | tag:
                | ^~~~
              hint: write a value after the colon, as in 'tag:nightly'

            """
        ),
        (
            ["resource_type:modle"], [],
            """
            --select:1:15: error: unknown resource type 'modle'
              1 | resource_type:modle
                |               ^~~~~
            --select:1:15: note: did you mean 'model'?
              hint: expected one of analysis, connector, exposure, metric, model, saved_query, seed, semantic_model, snapshot, source, stream, table, test, topic, unit_test

            """
        ),
        (
            ["test_type:genric"], [],
            """
            --select:1:11: error: unknown test type 'genric'
              1 | test_type:genric
                |           ^~~~~~
            --select:1:11: note: did you mean 'generic'?
              hint: expected 'generic', 'singular', 'data' (both) or 'unit'

            """
        ),
        (
            ["config:table"], [],
            """
            --select:1:1: error: the config method needs a key
              1 | config:table
                | ^~~~~~
              hint: name the config key after a dot, as in 'config.materialized:table'

            """
        ),
        (
            ["materialized:table"], [],
            """
            --select:1:1: error: unknown selector method 'materialized'
              1 | materialized:table
                | ^~~~~~~~~~~~
              hint: expected one of access, config.<key>, exposure, file, fqn, group, metric, package, path, resource_type, saved_query, semantic_model, source, state, tag, test_name, test_type, unit_test, version

            """
        ),
        (
            ["state:modified"], [],
            """
            --select:1:1: error: the state method needs a previous manifest to compare with
              1 | state:modified
                | ^~~~~~~~~~~~~~
              hint: pass --state with the target folder of the run to compare with, e.g. --state prod-artifacts/

            """
        ),
        (
            ["tag.x:gold"], [],
            """
            --select:1:1: error: selector method 'tag' takes no dotted arguments
              1 | tag.x:gold
                | ^~~~~

            """
        ),
        (
            ["gold,,silver"], [],
            """
            --select:1:6: error: empty selection criterion around ','
              1 | gold,,silver
                |      ^
              hint: separate criteria to intersect with a single comma, as in 'tag:nightly,gold'

            """
        ),
        (
            ["gold,", ","], [],
            """
            --select:1:5: error: empty selection criterion around ','
              1 | gold,
                |     ^
              hint: separate criteria to intersect with a single comma, as in 'tag:nightly,gold'
            --select:1:1: error: empty selection criterion around ','
              1 | ,
                | ^
              hint: separate criteria to intersect with a single comma, as in 'tag:nightly,gold'

            """
        ),
        (
            ["source:a.b.c.d"], [],
            """
            --select:1:8: error: source selector 'a.b.c.d' has too many parts
              1 | source:a.b.c.d
                |        ^~~~~~~
              hint: expected 'source', 'source.table' or 'package.source.table'

            """
        ),
        (
            ["99999999999999999999+gold"], [],
            """
            --select:1:1: error: graph operator depth '99999999999999999999' is too large
              1 | 99999999999999999999+gold
                | ^~~~~~~~~~~~~~~~~~~~

            """
        ),
        // All errors of all flags are reported at once.
        (
            ["tags:nightly", "tag:"], ["+@gold"],
            """
            --select:1:1: error: unknown selector method 'tags'
              1 | tags:nightly
                | ^~~~
            --select:1:1: note: did you mean 'tag'?
            --select:1:1: error: selector method 'tag' needs a value
              1 | tag:
                | ^~~~
              hint: write a value after the colon, as in 'tag:nightly'
            --exclude:1:1: error: the '@' operator cannot be combined with a leading '+'
              1 | +@gold
                | ^~
              hint: '@x' already selects the ancestors of x's descendants; write '@x' or '+x+'

            """
        ),
        // A criterion that matches nothing is a warning, with a did-you-mean from the node names.
        (
            ["gold_grouped_retruns"], [],
            """
            --select:1:1: warning: the selection criterion 'gold_grouped_retruns' does not match any enabled nodes
              1 | gold_grouped_retruns
                | ^~~~~~~~~~~~~~~~~~~~
            --select:1:1: note: did you mean 'gold_grouped_returns'?

            """
        ),
        (
            ["+gold_grouped_retruns+1,tag:gold"], [],
            """
            --select:1:1: warning: the selection criterion '+gold_grouped_retruns+1,tag:gold' does not match any enabled nodes
              1 | +gold_grouped_retruns+1,tag:gold
                | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            --select:1:2: note: did you mean 'gold_grouped_returns'?
              1 | +gold_grouped_retruns+1,tag:gold
                |  ^~~~~~~~~~~~~~~~~~~~

            """
        ),
        (
            ["tag:nightly tag:nigthly"], ["source:lake.tiks_enriched_v2"],
            """
            --select:1:13: warning: the selection criterion 'tag:nigthly' does not match any enabled nodes
              1 | tag:nightly tag:nigthly
                |             ^~~~~~~~~~~
            --select:1:17: note: did you mean 'nightly'?
              1 | tag:nightly tag:nigthly
                |                 ^~~~~~~
            --exclude:1:1: warning: the selection criterion 'source:lake.tiks_enriched_v2' does not match any enabled nodes
              1 | source:lake.tiks_enriched_v2
                | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~
            --exclude:1:8: note: did you mean 'lake.ticks_enriched_v2'?
              1 | source:lake.tiks_enriched_v2
                |        ^~~~~~~~~~~~~~~~~~~~~

            """
        ),
        (
            ["path:models/gld"], [],
            """
            --select:1:1: warning: the selection criterion 'path:models/gld' does not match any enabled nodes
              1 | path:models/gld
                | ^~~~~~~~~~~~~~~
            --select:1:6: note: did you mean 'models/gold'?
              1 | path:models/gld
                |      ^~~~~~~~~~

            """
        ),
    ]

    @Test(arguments: cases)
    func rendersDiagnostic(select: [String], exclude: [String], rendered: String) {
        let result = RTSAFixture.selector.select(select, exclude: exclude)
        #expect(DiagnosticRenderer().render(result.diagnostics) == rendered)
    }

    @Test func errorsSelectNothing() {
        let result = RTSAFixture.selector.select(["gold", "tags:x"])
        #expect(result.hasErrors)
        #expect(result.uniqueIds.isEmpty)
    }

    @Test func aFailedParseNeverWidensToEverything() {
        var bag = DiagnosticBag()
        let select = SelectorParser.parse(["tags:gold"], flag: "--select", diagnostics: &bag)
        #expect(bag.hasErrors)
        #expect(select.hasErrors)
        #expect(select.members.isEmpty)
        #expect(RTSAFixture.selector.evaluate(select: select).uniqueIds.isEmpty)
    }

    @Test func warningsKeepTheRestOfTheSelection() {
        let result = RTSAFixture.selector.select(["gold_grouped_returns nothing_here"], indirectSelection: .empty)
        #expect(!result.hasErrors)
        #expect(result.uniqueIds == ["model.rtsa.gold_grouped_returns"])
        #expect(result.diagnostics.map(\.severity) == [.warning])
    }
}
