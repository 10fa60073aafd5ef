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
}
