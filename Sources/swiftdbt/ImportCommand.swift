import ArgumentParser
import Foundation
import SDBasics
import SDImport

/// `swiftdbt import-dbt PATH`: the CLI face of SDImport's `DbtImporter` (docs/import-dbt.md); it
/// only picks the folders, prints the report and chooses the exit code.
struct ImportDbtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-dbt", abstract: "Convert a dbt project ({{ }}/{% %} Jinja, dbt_project.yml) into a swiftdbt project.",
        discussion: """
            Every file is written to the output folder: SQL and YAML with their Jinja rewritten in the << >>
            language, dbt_project.yml as project.yml, seeds, docs and profiles.yml as they are. What cannot be
            converted is reported file:line:col and left in the output so that compiling fails at it.

            Examples:
              swiftdbt import-dbt ../jaffle_shop                      # writes ../jaffle_shop-swiftdbt
              swiftdbt import-dbt ../jaffle_shop --out ./jaffle       # writes ./jaffle
              swiftdbt import-dbt ../jaffle_shop --check              # writes nothing; exit 1 if anything is not converted
            """)

    @Argument(help: "The dbt project folder (the one holding dbt_project.yml).")
    var path: String

    @Option(help: "The folder to write the swiftdbt project to (default: PATH-swiftdbt).")
    var out: String?

    @Flag(help: "Convert in memory and write nothing; exit 1 when anything could not be converted.")
    var check = false

    @Flag(name: .customLong("no-color"), help: "Print findings without colour.")
    var noColor = false

    func run() throws {
        let source = DbtImporter.normalized(path)
        let output = out ?? source + "-swiftdbt"
        let report = try DbtImporter().convert(project: source, into: output, write: !check)
        let colour = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(2) == 1
        if !report.diagnostics.isEmpty {
            Output.err(DiagnosticRenderer(colour: colour).render(report.diagnostics.map { relocate($0, under: source) }))
        }
        Output.out(report.summary + (check ? "" : " -> \(output)") + "\n")
        if check && report.unconverted > 0 { throw ExitCode.failure }
    }

    /// Findings name files relative to the dbt project; say where that is.
    private func relocate(_ d: Diagnostic, under root: String) -> Diagnostic {
        var d = d
        if let r = d.range, !r.file.path.hasPrefix("/") {
            d.range = SourceRange(file: SourceFile(path: root + "/" + r.file.path, text: r.file.text), bytes: r.bytes)
        } else if let p = d.path, !p.hasPrefix("/") {
            d.path = root + "/" + p
        }
        d.notes = d.notes.map { relocate($0, under: root) }
        return d
    }
}
