import Foundation
import SDBasics
import SDTemplate

/// `swiftdbt import-dbt`: converts a dbt project folder into a swiftdbt project folder
/// (docs/import-dbt.md). Pure over a `FileSystem`, so the packages installer can call it on a dbt
/// package and tests can run it in memory; the CLI command only prints the report.
///
/// Every file below the project is written to the output: SQL files with their Jinja rewritten,
/// YAML files with their delimiters rewritten, dbt_project.yml as project.yml, everything else
/// (seeds, docs, profiles.yml) byte for byte. Folders dbt writes or installs (the target and log
/// folders, dbt_packages/) and hidden folders are not part of the project and are left out. The
/// output depends only on the input's bytes, so importing twice writes the same bytes.
public struct DbtImporter: Sendable {
    public var fileSystem: any FileSystem

    public init(fileSystem: any FileSystem = LocalFileSystem()) {
        self.fileSystem = fileSystem
    }

    /// The library entry point (docs/import-dbt.md): converts `project` into `into`.
    public static func convert(project: URL, into: URL) throws -> ImportReport {
        try DbtImporter().convert(project: project.path, into: into.path)
    }

    /// Converts the dbt project at `project` into `output`; with `write` false nothing is written
    /// (`--check`). Throws a `DiagnosticError` when the folders themselves are wrong.
    public func convert(project: String, into output: String, write: Bool = true) throws -> ImportReport {
        let root = Self.normalized(project)
        let out = Self.normalized(output)
        let dbtProject = root + "/dbt_project.yml"
        guard fileSystem.fileExists(dbtProject) else {
            if fileSystem.fileExists(root + "/project.yml") {
                throw DiagnosticError(
                    .error(
                        "\(root) is already a swiftdbt project (it has project.yml and no dbt_project.yml)", path: root + "/project.yml",
                        hint: "import-dbt converts dbt projects; run swiftdbt commands on this folder directly"))
            }
            throw DiagnosticError(
                .error("no dbt_project.yml in \(root)", path: root, hint: "pass the folder that holds the dbt project's dbt_project.yml"))
        }
        guard out != root else {
            throw DiagnosticError(
                .error("the output folder is the dbt project itself", path: out, hint: "pass --out with another folder; the dbt project is never changed"))
        }
        if write, fileSystem.isDirectory(out), !(try fileSystem.listFiles(under: out)).isEmpty {
            let previous = (try? fileSystem.readFile(out + "/project.yml")).map { $0.hasPrefix(ProjectFileConverter.marker) } ?? false
            guard previous else {
                throw DiagnosticError(
                    .error(
                        "\(out) is not empty and was not written by import-dbt", path: out,
                        hint: "pass --out with a new folder, or the folder of a previous import to write it again"))
            }
        }
        var report = ImportReport()
        let projectFile = SourceFile(path: "dbt_project.yml", text: try fileSystem.readFile(dbtProject))
        let skipped = skippedFolders(projectFile)
        let outRelative = out.hasPrefix(root + "/") ? String(out.dropFirst(root.count + 1)) : nil
        let all = try fileSystem.listFiles(under: root).filter { rel in
            let parts = rel.split(separator: "/").map(String.init)
            if parts.dropLast().contains(where: { $0.hasPrefix(".") }) || skipped.contains(parts[0]) && parts.count > 1 { return false }
            return outRelative.map { !rel.hasPrefix($0 + "/") } ?? true
        }
        // A dbt project below this one (a local package) stays a dbt project: `swiftdbt deps` converts
        // it when it installs it, and converting it twice would escape the `<<` written the first time.
        let packages = all.filter { $0.hasSuffix("/dbt_project.yml") }.map { String($0.dropLast("dbt_project.yml".count)) }
        for p in packages {
            report.diagnostics.append(
                .note("\(p) is a dbt project of its own (a local package): copied as it is; swiftdbt deps converts it", path: p))
        }
        for rel in all {
            let text = try fileSystem.readFile(root + "/" + rel)
            let written: (String, String)?
            if packages.contains(where: { rel.hasPrefix($0) }) {
                report.filesCopied += 1
                written = (rel, text)
            } else {
                written = convertFile(rel, text, &report)
            }
            guard let pair = written else { continue }
            let (name, converted) = pair
            report.files.append(name)
            if write { try fileSystem.updateFile(out + "/" + name, converted) }
        }
        report.diagnostics = Self.inFileOrder(report.diagnostics)
        return report
    }

    /// One file: its output name and text, or nil when it is not written (with a finding).
    func convertFile(_ rel: String, _ text: String, _ report: inout ImportReport) -> (String, String)? {
        let file = SourceFile(path: rel, text: text)
        let ext = rel.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        if rel == "project.yml" {
            // dbt_project.yml becomes project.yml; a file already named so would overwrite it.
            report.diagnostics.append(
                .warning(
                    "project.yml is not copied: the output's project.yml is the converted dbt_project.yml", path: rel,
                    hint: "merge anything it holds into the output's project.yml by hand"))
            return nil
        }
        if rel == "dbt_project.yml" {
            let (converted, diags) = ProjectFileConverter.convert(file)
            report.diagnostics += diags
            report.filesConverted += 1
            return ("project.yml", converted)
        }
        if text.contains("\u{FFFD}") {
            report.diagnostics.append(
                .warning("not copied: the file is not UTF-8 text", path: rel, hint: "copy it by hand if the project needs it"))
            return nil
        }
        switch ext {
        case "sql":
            let result = JinjaTranslator(mode: .sql).translate(file)
            report.diagnostics += result.diagnostics + parseFindings(result, original: file)
            report.tagsConverted += result.converted
            report.filesConverted += 1
            return (rel, result.text)
        case "yml", "yaml":
            let result = JinjaTranslator(mode: .yaml).translate(file)
            report.diagnostics += result.diagnostics + PropertyTemplates.findings(file)
            report.tagsConverted += result.converted
            report.filesConverted += 1
            return (rel, result.text)
        case "py" where rel.contains("/"):
            report.diagnostics.append(
                .error(
                    "Python models are not supported", path: rel,
                    hint: "rewrite the model in SQL; the file is copied as written and swiftdbt does not read it"))
            report.filesCopied += 1
            return (rel, text)
        default:
            report.filesCopied += 1
            return (rel, text)
        }
    }

    /// Parses the converted text with swiftdbt's own parser: whatever the language does not have (a
    /// statement, a filter, a test) is a syntax error there, reported at the dbt tag it came from.
    func parseFindings(_ result: JinjaTranslator.Result, original: SourceFile) -> [Diagnostic] {
        let converted = SourceFile(path: original.path, text: result.text)
        let (_, syntax) = Template.parse(converted)
        let already = Set(result.diagnostics.compactMap { $0.range?.bytes.lowerBound })
        var out: [Diagnostic] = []
        for d in syntax where d.severity == .error {
            let at = d.range?.bytes.lowerBound ?? 0
            let tag = result.tags.last(where: { $0.output.lowerBound <= at }) ?? result.tags.first
            var range: SourceRange? = nil
            if let tag {
                let lineEnd = original.utf8[tag.input].firstIndex(of: 0x0A) ?? tag.input.upperBound
                range = SourceRange(file: original, bytes: tag.input.lowerBound..<lineEnd)
                if already.contains(tag.input.lowerBound) { continue }
            }
            out.append(
                .error(
                    "not converted: swiftdbt's template language refuses the converted tag: \(d.message)", at: range,
                    path: range == nil ? original.path : nil,
                    hint: d.hint ?? "docs/import-dbt.md lists each construct; rewrite this one by hand"))
        }
        return out
    }

    /// Top-level folders dbt writes or installs into, which are not part of the project.
    func skippedFolders(_ projectFile: SourceFile) -> Set<String> {
        var skipped: Set<String> = ["target", "logs", "dbt_packages", "dbt_modules"]
        for key in ["target-path", "log-path", "packages-install-path"] {
            if let v = projectValue(projectFile, key) { skipped.insert(v) }
        }
        return skipped
    }

    private func projectValue(_ file: SourceFile, _ key: String) -> String? {
        for line in file.text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let v = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            let unquoted = v.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return unquoted.split(separator: "/").first.map(String.init)
        }
        return nil
    }

    public static func normalized(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    static func inFileOrder(_ ds: [Diagnostic]) -> [Diagnostic] {
        ds.enumerated().sorted { a, b in
            let pa = a.element.range?.file.path ?? a.element.path ?? ""
            let pb = b.element.range?.file.path ?? b.element.path ?? ""
            if pa != pb { return pa < pb }
            let (x, y) = (a.element.range?.bytes.lowerBound ?? -1, b.element.range?.bytes.lowerBound ?? -1)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }
}
