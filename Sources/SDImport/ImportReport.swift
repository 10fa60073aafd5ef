import SDBasics

/// What one import did: files written, tags converted, and every finding. A finding of error
/// severity is something not converted (`swiftdbt import-dbt --check` fails on it); warnings are
/// things converted with a change worth knowing (a dropped key).
public struct ImportReport: Sendable {
    /// Files whose templates were rewritten (SQL and YAML).
    public var filesConverted = 0
    /// Files copied byte for byte (seeds, docs, everything else).
    public var filesCopied = 0
    /// Tags written in the `<< >>` language.
    public var tagsConverted = 0
    public var diagnostics: [Diagnostic] = []
    /// Project-relative paths of the files written, in order.
    public var files: [String] = []

    public init() {}

    /// Constructs left unconverted (each one is an error finding).
    public var unconverted: Int { diagnostics.filter { $0.severity == .error }.count }

    public var summary: String {
        let reported = diagnostics.filter { $0.severity != .note }.count
        return "Imported \(filesConverted + filesCopied) files (\(filesConverted) converted, \(filesCopied) copied): "
            + "\(tagsConverted) tags converted, \(reported) constructs reported, \(unconverted) not converted"
    }
}
