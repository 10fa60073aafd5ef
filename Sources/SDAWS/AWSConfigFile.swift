import Foundation

/// One parsed INI file in the shape of the AWS shared config and credentials files: sections of
/// `key = value` lines, keys lower-cased, `#`/`;` comment lines, and nested blocks (`s3 =` followed
/// by indented `key = value` lines, "Configuration and credential file settings", AWS CLI guide).
struct AWSConfigFile: Sendable, Equatable {
    struct Section: Sendable, Equatable {
        var values: [String: String] = [:]
        /// Nested blocks: `athena =` then indented lines, keyed by `athena`.
        var nested: [String: [String: String]] = [:]
    }

    var sections: [String: Section] = [:]
    /// Lines that could not be read, as "line N: reason", for diagnostics.
    var problems: [String] = []

    init() {}

    init(parsing text: String) {
        var current: String?
        var nestedKey: String?
        var lastKey: String?
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    problems.append("line \(lineNumber): unterminated section header")
                    current = nil
                    continue
                }
                let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = name
                nestedKey = nil
                lastKey = nil
                if sections[name] == nil { sections[name] = Section() }
                continue
            }
            guard let section = current else {
                problems.append("line \(lineNumber): setting outside any section")
                continue
            }
            guard let eq = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                if indented, let key = lastKey {
                    // A continuation line of a multi-line value.
                    let previous = sections[section]?.values[key] ?? ""
                    sections[section]?.values[key] = previous.isEmpty ? trimmed : previous + "\n" + trimmed
                } else {
                    problems.append("line \(lineNumber): expected 'key = value'")
                }
                continue
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if indented, let parent = nestedKey {
                sections[section]?.nested[parent, default: [:]][key] = value
                continue
            }
            nestedKey = value.isEmpty ? key : nil
            lastKey = key
            sections[section]?.values[key] = value
        }
    }
}
