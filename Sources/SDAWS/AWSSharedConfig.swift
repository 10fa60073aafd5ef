import Foundation
import SDBasics

/// The shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`), located through
/// `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE` and `HOME`, read through a `FileSystem`.
public struct AWSSharedConfig: Sendable {
    var config: AWSConfigFile
    var credentials: AWSConfigFile
    public var configPath: String
    public var credentialsPath: String

    /// Reads both files; a missing file counts as empty.
    public init(environment: [String: String], fileSystem: any FileSystem) {
        let home = environment["HOME"] ?? environment["USERPROFILE"] ?? ""
        func expand(_ p: String) -> String { p.hasPrefix("~/") ? home + p.dropFirst(1) : p }
        configPath = expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
        credentialsPath = expand(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
        func load(_ path: String) -> AWSConfigFile {
            guard fileSystem.fileExists(path), let text = try? fileSystem.readFile(path) else { return AWSConfigFile() }
            return AWSConfigFile(parsing: text)
        }
        config = load(configPath)
        credentials = load(credentialsPath)
    }

    init(config: AWSConfigFile, credentials: AWSConfigFile) {
        self.config = config
        self.credentials = credentials
        configPath = "config"
        credentialsPath = "credentials"
    }

    /// The profile's settings: the config file's `[profile name]` (`[default]` for the default
    /// profile) overlaid by the credentials file's `[name]`, as the AWS CLI merges them; nil when
    /// neither file has the profile.
    public func profile(_ name: String) -> [String: String]? {
        var found = false
        var merged: [String: String] = [:]
        let configNames = name == "default" ? ["default", "profile default"] : ["profile \(name)"]
        for section in configNames {
            if let s = config.sections[section] {
                found = true
                merged.merge(s.values) { _, new in new }
            }
        }
        if let s = credentials.sections[name] {
            found = true
            merged.merge(s.values) { _, new in new }
        }
        return found ? merged : nil
    }

    /// A service's settings from the `[services name]` section the profile points at.
    func serviceSettings(profile: String, service: AWSService) -> [String: String]? {
        guard let servicesName = self.profile(profile)?["services"],
            let section = config.sections["services \(servicesName)"]
        else { return nil }
        return section.nested[service.configKey]
    }

    /// Every profile name either file defines, sorted; for "did you mean" hints.
    public var profileNames: [String] {
        var names: Set<String> = []
        for key in config.sections.keys {
            if key == "default" {
                names.insert("default")
            } else if key.hasPrefix("profile ") {
                names.insert(String(key.dropFirst(8)).trimmingCharacters(in: .whitespaces))
            }
        }
        for key in credentials.sections.keys { names.insert(key) }
        return names.sorted()
    }
}

extension AWSSharedConfig {
    /// A setting inside a nested block of the profile, e.g. `s3 =` / `  addressing_style = path`.
    func nestedProfileSetting(_ profile: String, block: String, key: String) -> String? {
        let section = profile == "default" ? "default" : "profile \(profile)"
        return config.sections[section]?.nested[block]?[key]
    }
}
