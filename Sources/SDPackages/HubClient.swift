import Foundation
import SDBasics
import SDHTTP
import SDProject

/// What a hub package resolves to: a git repository and the tag of the chosen version.
public struct HubResolution: Sendable, Equatable {
    public var version: String
    public var gitURL: String
    public var revision: String
}

/// The dbt package hub's JSON API, as dbt-core's registry client reads it: `GET
/// {hub}/api/v1/{org}/{name}.json` answers `{"name", "namespace", "latest", "versions": {"1.2.0": {...}}}`,
/// each version with `downloads.tarball` (`https://codeload.github.com/{org}/{repo}/tar.gz/{tag}`).
/// swiftdbt installs from the repository behind that tarball, at the same tag, with the system git,
/// so a hub package is pinned and installed exactly like a git one. An unknown package is a 404.
public struct HubClient: Sendable {
    public var baseURL: String
    public var transport: any HTTPTransport

    /// dbt's default; `DBT_PACKAGE_HUB_URL` (or `SWIFTDBT_PACKAGE_HUB_URL`) points it elsewhere, as in dbt.
    public static let defaultURL = "https://hub.getdbt.com/"

    public init(baseURL: String, transport: any HTTPTransport) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.transport = transport
    }

    /// The newest version `constraints` admit, with its repository and tag. A lock's pin is the
    /// constraint of its one exact version.
    public func resolve(_ name: String, constraints: [String], prerelease: Bool) async throws(DiagnosticError)
        -> HubResolution
    {
        let url = baseURL + "api/v1/\(name).json"
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", url: url, timeout: 30))
        } catch {
            throw DiagnosticError(.error("cannot reach the package hub at \(baseURL): \(error)", hint: "check the network, or set DBT_PACKAGE_HUB_URL"))
        }
        if response.status == 404 {
            throw DiagnosticError(
                .error("package '\(name)' was not found on the package hub", hint: "check the name at \(baseURL); hub names are 'org/name'"))
        }
        guard response.status == 200, let json = try? JSONValue.parse(response.body), case .object(let versions)? = json["versions"] else {
            throw DiagnosticError(.error("the package hub answered \(response.status) for \(url) with no 'versions'"))
        }
        let parsed = constraints.compactMap { try? VersionConstraint.parse($0) }
        let chosen = VersionConstraint.best(parsed, among: Array(versions.keys), prerelease: prerelease)
        guard let version = chosen, let entry = versions[version] else {
            let wanted = "a version matching \(constraints.joined(separator: ", "))"
            let listed = versions.keys.compactMap { SemanticVersion($0) }.sorted().suffix(5).map(\.description)
            throw DiagnosticError(
                .error(
                    "package '\(name)' has no \(wanted) on the hub", hint: "the newest versions are \(listed.joined(separator: ", "))"))
        }
        guard let tarball = entry["downloads"]?["tarball"]?.stringValue, let repository = HubClient.githubRepository(tarball) else {
            throw DiagnosticError(.error("the hub lists no GitHub download for \(name) \(version)"))
        }
        return HubResolution(version: version, gitURL: repository.url, revision: repository.tag)
    }

    /// `https://codeload.github.com/{org}/{repo}/tar.gz/{tag}` → (`https://github.com/{org}/{repo}.git`, tag).
    static func githubRepository(_ tarball: String) -> (url: String, tag: String)? {
        let prefix = "https://codeload.github.com/"
        guard tarball.hasPrefix(prefix) else { return nil }
        let parts = tarball.dropFirst(prefix.count).split(separator: "/", maxSplits: 3).map(String.init)
        guard parts.count == 4, parts[2] == "tar.gz", !parts[3].isEmpty else { return nil }
        return ("https://github.com/\(parts[0])/\(parts[1]).git", parts[3])
    }
}
