import Foundation
import SDBasics
import SDImport

/// The one place `deps` turns a dbt package (a folder with dbt_project.yml and Jinja) into a
/// swiftdbt one: the `import-dbt` converter (SDImport, docs/import-dbt.md) writes the converted
/// package into a new folder, which the installer then moves into place. What the converter could
/// not convert is left in the package as a marked error that fails where it is used, and is
/// reported by `deps` as one warning per package with each finding as a note.
enum DbtPackageConversion {
    /// Converts the dbt package in `source` into `destination` (a new folder); returns the findings.
    static func convert(package: String, source: String, into destination: String) throws(DiagnosticError) -> [Diagnostic] {
        let report: ImportReport
        do {
            report = try DbtImporter().convert(project: source, into: destination)
        } catch let error as DiagnosticError {
            throw DiagnosticError(.error("cannot convert dbt package '\(package)'", path: source, notes: error.diagnostics))
        } catch {
            throw DiagnosticError(.error("cannot convert dbt package '\(package)': \(error)", path: source))
        }
        guard report.unconverted > 0 else { return [] }
        return [
            .warning(
                "dbt package '\(package)' has \(report.unconverted) construct\(report.unconverted == 1 ? "" : "s") import-dbt could not convert",
                notes: report.diagnostics.filter { $0.severity == .error }.map { d in
                    var note = d
                    note.severity = .note
                    return note
                },
                hint: "they fail at compile where they are used; docs/import-dbt.md lists what converts")
        ]
    }
}

/// Findings gathered while packages install (conversion reports), read once at the end of `deps`.
final class FindingsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []

    func append(contentsOf more: [Diagnostic]) { lock.withLock { items += more } }
    var all: [Diagnostic] { lock.withLock { items } }
}
