import Foundation
import Testing

/// Packages through the real binary on DuckDB (issue 16, item 2): `deps` installs a local package,
/// its models build as `model.<package>.<name>`, its macros are callable, and the project's own
/// macro of the same name overrides the package's, and package vars are scoped as in dbt.
@Suite(.serialized) struct PackagesCommandTests {
    static let files = [
        "packages.yml": "packages:\n  - local: vendor/helpers\n",
        "project.yml": "name: proj\nprofile: proj\nvars:\n  helpers:\n    unit: eur\n",
        "vendor/helpers/project.yml": "name: helpers\nvars:\n  greeting: hi\n  unit: usd\nmodels:\n  +materialized: table\n",
        "vendor/helpers/macros/money.sql": """
        << macro cents(col) >>(<< col >> / 100.0)<< endmacro >>
        << macro default__label() >>'package'<< endmacro >>

        """,
        "vendor/helpers/models/calendar.sql": "select 1 as d, << label() >> as who, '<< var('greeting') >> << var('unit') >>' as g\n",
        "vendor/helpers/seeds/currencies.csv": "code\neur\n",
        "vendor/helpers/models/_calendar.yml": """
        models:
          - name: calendar
            description: One row per day.
            columns:
              - name: d
                data_tests: [not_null]

        """,
        "macros/override.sql": "<< macro default__label() >>'project'<< endmacro >>\n",
        "models/orders.sql": """
        << config(materialized='table') >>
        select d, << cents(250) >> as amount, << helpers.cents(100) >> as one from << ref('helpers', 'calendar') >>

        """,
    ]

    @Test func depsInstallsAndTheBuildUsesThePackage() async throws {
        let p = try TempProject(files: Self.files)
        let before = try await CLI.swiftdbt(["build"], in: p)
        #expect(before.status != 0)
        #expect(before.stderr.contains("packages.yml:2:5: error: the packages of packages.yml are not installed"), "\(before.stderr)")
        #expect(before.stderr.contains("swiftdbt deps"))

        let deps = try await CLI.swiftdbt(["deps"], in: p)
        #expect(deps.status == 0, "\(deps.stdout)\(deps.stderr)")
        #expect(deps.stdout.contains("Installed helpers (local vendor/helpers)"), "\(deps.stdout)")
        #expect(p.exists("package-lock.yml"))

        let build = try await CLI.swiftdbt(["build"], in: p)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(!build.stderr.contains("warning"), "\(build.stderr)")
        #expect(try await p.query("select d, amount, one from orders") == ["d,amount,one", "1,2.5,1.0"])
        // The project's default__label wins over the package's, for the package's own model too.
        #expect(try await p.query("select who from calendar") == ["who", "project"])
        // Package vars: the package's defaults, overridden by the project's `vars: {helpers: ...}` scope.
        #expect(try await p.query("select g from calendar") == ["g", "hi eur"])

        let ls = try await CLI.swiftdbt(["ls", "--resource-type", "model"], in: p)
        #expect(ls.stdout == "helpers.calendar\nproj.orders\n", "\(ls.stdout)")
        let selected = try await CLI.swiftdbt(["ls", "-s", "package:helpers"], in: p)
        #expect(selected.stdout == "helpers.calendar\nhelpers.currencies\nhelpers.not_null_calendar_d\n", "\(selected.stdout)\(selected.stderr)")
        let manifest = try p.read("target/manifest.json")
        #expect(manifest.contains("\"model.helpers.calendar\""))
        #expect(manifest.contains("\"seed.helpers.currencies\""))
        // The package's property file describes and tests its model; the test is the package's.
        #expect(manifest.contains("\"test.helpers.not_null_calendar_d."))
        #expect(manifest.contains("One row per day."))
        #expect(build.stdout.contains("not_null_calendar_d"), "\(build.stdout)")
        #expect(try await p.query("select code from currencies") == ["code", "eur"])
        #expect(manifest.contains("\"package_name\": \"helpers\""))
        #expect(manifest.contains("\"macro.helpers.cents\""))
        #expect(manifest.contains("\"macro.proj.default__label\""))
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest", "run_results"], "a build with a package")

        // A two-argument ref must name the model's own package.
        try p.write("models/wrong.sql", "select * from << ref('proj', 'calendar') >>\n")
        let wrong = try await CLI.swiftdbt(["compile"], in: p)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("models/wrong.sql:1:30: error: 'calendar' is in package 'helpers', not 'proj'"), "\(wrong.stderr)")
    }

    /// A package's sources (under its own name), singular and generic tests and analyses join a real
    /// build on DuckDB; the manifest stays valid against dbt's schema.
    @Test func aPackagesSourcesTestsAndAnalysesBuild() async throws {
        let p = try TempProject(files: [
            "packages.yml": "packages:\n  - local: vendor/events\n",
            "seeds/raw_events.csv": "id,kind\n2,a\n4,b\n",
            "vendor/events/project.yml": "name: events\n",
            "vendor/events/models/_events.yml": """
            sources:
              - name: raw
                description: "<< doc('raw') >>"
                schema: main
                tables:
                  - name: events
                    identifier: raw_events
                    columns:
                      - name: id
                        data_tests: [is_even]

            """,
            "vendor/events/models/docs.md": "{% docs raw %}Events as loaded.{% enddocs %}\n",
            "vendor/events/models/event_count.sql": "select count(*) as n from << source('raw', 'events') >>\n",
            "vendor/events/tests/generic/is_even.sql": """
            << test is_even(model, column_name) >>select * from << model >> where << column_name >> % 2 <> 0<< endtest >>

            """,
            "vendor/events/tests/two_events.sql": "select * from << ref('event_count') >> where n <> 2\n",
            "vendor/events/analyses/kinds.sql": "select distinct kind from << source('raw', 'events') >>\n",
        ])
        let deps = try await CLI.swiftdbt(["deps"], in: p)
        #expect(deps.status == 0, "\(deps.stdout)\(deps.stderr)")
        let seed = try await CLI.swiftdbt(["seed"], in: p)
        #expect(seed.status == 0, "\(seed.stdout)\(seed.stderr)")
        let build = try await CLI.swiftdbt(["build"], in: p)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(!build.stderr.contains("warning"), "\(build.stderr)")
        #expect(build.stdout.contains("two_events") && build.stdout.contains("source_is_even_raw_events_id"), "\(build.stdout)")
        #expect(try await p.query("select n from event_count") == ["n", "2"])
        let ls = try await CLI.swiftdbt(["ls", "-s", "package:events"], in: p)
        #expect(
            ls.stdout == "events.analysis.kinds\nevents.event_count\nsource:events.raw.events\nevents.raw.source_is_even_raw_events_id\nevents.two_events\n",
            "\(ls.stdout)\(ls.stderr)")
        let compile = try await CLI.swiftdbt(["compile", "-s", "kinds"], in: p)
        #expect(compile.status == 0, "\(compile.stdout)\(compile.stderr)")
        let manifest = try p.read("target/manifest.json")
        #expect(manifest.contains("\"source.events.raw.events\""))
        #expect(manifest.contains("\"test.events.two_events\""))
        #expect(manifest.contains("\"analysis.events.kinds\""))
        #expect(manifest.contains("Events as loaded."))
        try await ArtifactSchemaTests.expectValid(p, require: ["manifest"], "a package with sources, tests and analyses")

        // A failing package test fails the build: it really runs.
        try p.write("seeds/raw_events.csv", "id,kind\n2,a\n3,b\n")
        _ = try await CLI.swiftdbt(["seed"], in: p)
        let failing = try await CLI.swiftdbt(["build"], in: p)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL 1 source_is_even_raw_events_id"), "\(failing.stdout)")
    }
}
