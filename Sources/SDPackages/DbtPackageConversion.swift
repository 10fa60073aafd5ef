import SDBasics

/// The one place `deps` turns a dbt package (a folder with dbt_project.yml and Jinja) into a
/// swiftdbt one: the `import-dbt` converter (module SDImport, issue 16 item 1) is called here, and
/// nowhere else in the installer. Until that module is part of the build, a dbt package is refused
/// with an error that names the package, instead of being installed half-working.
enum DbtPackageConversion {
    /// Converts the dbt package in `source` into `destination` (a new folder).
    static func convert(package: String, source: String, into destination: String) throws(DiagnosticError) {
        throw DiagnosticError(
            .error(
                "package '\(package)' is a dbt package (dbt_project.yml, Jinja templates), which needs import-dbt to convert it",
                path: source,
                hint: "this build of swiftdbt cannot convert dbt packages yet; use a swiftdbt package (project.yml, << >> templates)"))
    }
}
