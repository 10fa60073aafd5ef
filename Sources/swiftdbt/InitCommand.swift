import ArgumentParser
import Foundation
import SDBasics

/// `swiftdbt init NAME`: a new project that `swiftdbt build` passes at once on the local DuckDB
/// target, with one of each thing a project holds (a seed, a model reading it, a data test, a
/// property file), so the first edit starts from working code rather than an empty folder.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new project in a new folder.",
        discussion: """
            Examples:
              swiftdbt init shop            # ./shop with project.yml, profiles.yml (DuckDB), a seed, a model and a test
              cd shop && swiftdbt build
            """)

    @Argument(help: "The project's name (letters, digits and underscores); also the folder created.")
    var name: String

    @Option(name: .customLong("project-dir"), help: "The folder to create (default: ./NAME).")
    var projectDir: String?

    @Option(help: "The target type of the profile written: duckdb (the only one that needs no account).")
    var target: String = "duckdb"

    func run() throws {
        var bag = DiagnosticBag()
        if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) || name.first?.isNumber == true {
            let fixed = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
            bag.append(
                .error(
                    "'\(name)' is not a valid project name", path: "command line",
                    hint: "use letters, digits and underscores, starting with a letter: it prefixes every node id (model.\(fixed).orders)"))
        }
        if target != "duckdb" {
            bag.append(
                .error(
                    "init writes a DuckDB profile only, not '\(target)'", path: "--target",
                    hint: "create the project, then add an Athena output to profiles.yml as profiles.example.yml in the swiftdbt repository shows"))
        }
        let dir = projectDir ?? name
        if FileManager.default.fileExists(atPath: dir) {
            bag.append(.error("'\(dir)' already exists; init never writes into an existing folder", path: dir, hint: "choose another name or --project-dir"))
        }
        if bag.hasErrors {
            Output.err(DiagnosticRenderer(colour: false).render(bag.diagnostics))
            throw ExitCode(2)
        }
        for (path, text) in InitCommand.files(name: name) {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        Output.out(
            """
            Created project '\(name)' in \(dir)/
              cd \(dir)
              swiftdbt build       # loads seeds/countries.csv, builds models/countries_by_region.sql, runs its tests

            """)
    }

    /// The files of a new project, relative to its folder.
    static func files(name: String) -> [(String, String)] {
        [
            (
                "project.yml",
                """
                name: \(name)
                version: "1.0.0"
                profile: \(name)

                model-paths: ["models"]
                seed-paths: ["seeds"]
                macro-paths: ["macros"]
                test-paths: ["tests"]
                target-path: target

                models:
                  \(name):
                    +materialized: view

                """
            ),
            (
                "profiles.yml",
                """
                # swiftdbt reads this file from the project folder (or --profiles-dir, or ~/.dbt/).
                \(name):
                  target: local
                  outputs:
                    local:
                      type: duckdb
                      path: target/\(name).duckdb
                      schema: main
                      threads: 4

                """
            ),
            (
                "seeds/countries.csv",
                """
                country_code,country_name,region
                DE,Germany,Europe
                FR,France,Europe
                JP,Japan,Asia
                US,United States,Americas

                """
            ),
            (
                "models/countries_by_region.sql",
                """
                << config(materialized='table') >>

                select region, count(*) as countries
                from << ref('countries') >>
                group by region

                """
            ),
            (
                "models/schema.yml",
                """
                version: 2

                seeds:
                  - name: countries
                    description: One row per country.
                    columns:
                      - name: country_code
                        data_tests: [unique, not_null]

                models:
                  - name: countries_by_region
                    description: How many countries each region has.
                    columns:
                      - name: region
                        data_tests: [unique, not_null]

                """
            ),
            (
                "tests/no_empty_region.sql",
                """
                -- A singular test: the rows it returns are failures.
                select * from << ref('countries_by_region') >> where countries < 1

                """
            ),
            ("macros/.gitkeep", ""),
            (
                ".gitignore",
                """
                target/
                logs/
                *.duckdb
                *.duckdb.wal

                """
            ),
        ]
    }
}
