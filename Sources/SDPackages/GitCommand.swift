import Foundation
import SDBasics

/// The system `git`, run to the end for each step of a git package's install. Nothing is linked
/// against libgit2: the user's git already knows their credentials, proxies and `insteadOf` rules.
public struct GitCommand: Sendable {
    /// The environment git runs with: the caller's, with prompts turned off (a missing credential
    /// must fail, not hang `deps` waiting on a terminal).
    public var environment: [String: String]

    public init(environment: [String: String]) {
        var env = environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        self.environment = env
    }

    /// Runs `git args...`, returning its standard output; a non-zero exit throws with git's own message.
    @discardableResult
    public func run(_ args: [String]) throws(DiagnosticError) -> String {
        let result: (status: Int32, stdout: Data, stderr: Data)
        do {
            result = try ChildProcess.run(executable: "/usr/bin/env", arguments: ["git"] + args, environment: environment)
        } catch {
            throw DiagnosticError(.error("cannot start git: \(error)", hint: "install git; swiftdbt deps clones git and hub packages with it"))
        }
        guard result.status == 0 else {
            let message = String(decoding: result.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw DiagnosticError(.error("git \(args.first ?? "") failed: \(message)"))
        }
        return String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Clones `url` into `folder` and checks out `revision` (a branch, tag or commit; nil keeps the
    /// default branch). Returns the commit checked out, which the lock file pins.
    public func checkout(url: String, revision: String?, into folder: String) throws(DiagnosticError) -> String {
        try run(["clone", "--quiet", url, folder])
        if let revision {
            do {
                try run(["-C", folder, "checkout", "--quiet", revision])
            } catch {
                throw DiagnosticError(
                    .error(
                        "revision '\(revision)' is not in \(url)",
                        notes: error.diagnostics, hint: "name a branch, a tag or a full commit hash of the repository"))
            }
        }
        return try run(["-C", folder, "rev-parse", "HEAD"])
    }
}
