import SDBasics

/// The duckdb CLI binary to run, and how it was found.
public struct DuckDBExecutable: Sendable, Hashable {
    /// The binary that is started.
    public var path: String
    /// The path that was found (a profile's `duckdb_path`, `$SWIFTDBT_DUCKDB` or a PATH entry);
    /// differs from `path` when that is PyPI's Python launcher and the real binary was found beside it.
    public var foundAt: String

    public init(path: String, foundAt: String? = nil) {
        self.path = path
        self.foundAt = foundAt ?? path
    }

    /// Finds the CLI: `explicitPath` (a profile's `duckdb_path`) when given, else
    /// `SWIFTDBT_DUCKDB` in `environment`, else `duckdb` on the environment's PATH.
    ///
    /// PyPI's `duckdb-cli` installs `bin/duckdb` as a Python script that runs the real binary as a
    /// child process. Signals sent to the script do not reach the child (SIGINT makes Python kill
    /// it), so when the binary `lib/python3.X/site-packages/duckdb_cli/duckdb` sits beside the
    /// script's `bin/` it is used directly. That also skips the launcher's ~40 ms Python start.
    public static func locate(
        explicitPath: String?, environment: [String: String], fileSystem: any FileSystem
    ) throws(DuckDBError) -> DuckDBExecutable {
        var searched: [String] = []
        func usable(_ path: String) -> Bool { fileSystem.fileExists(path) && !fileSystem.isDirectory(path) }

        if let explicit = explicitPath, !explicit.isEmpty {
            if usable(explicit) { return resolved(explicit, fileSystem) }
            searched.append("duckdb_path \(explicit) (from the profile): no such file")
            throw .executableNotFound(searched: searched)
        }
        if let fromEnv = environment["SWIFTDBT_DUCKDB"], !fromEnv.isEmpty {
            if usable(fromEnv) { return resolved(fromEnv, fileSystem) }
            searched.append("$SWIFTDBT_DUCKDB = \(fromEnv): no such file")
        } else {
            searched.append("$SWIFTDBT_DUCKDB: not set")
        }
        let dirs = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for dir in dirs {
            let candidate = (dir.hasSuffix("/") ? dir : dir + "/") + "duckdb"
            if usable(candidate) { return resolved(candidate, fileSystem) }
        }
        searched.append(dirs.isEmpty ? "PATH: empty" : "PATH: " + dirs.joined(separator: ":"))
        throw .executableNotFound(searched: searched)
    }

    private static func resolved(_ path: String, _ fileSystem: any FileSystem) -> DuckDBExecutable {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[parts.count - 2] == "bin" else { return DuckDBExecutable(path: path) }
        let root = parts.dropLast(2).joined(separator: "/")
        for minor in (6...30).reversed() {
            let binary = "\(root)/lib/python3.\(minor)/site-packages/duckdb_cli/duckdb"
            if fileSystem.fileExists(binary), !fileSystem.isDirectory(binary) {
                return DuckDBExecutable(path: binary, foundAt: path)
            }
        }
        return DuckDBExecutable(path: path)
    }
}
