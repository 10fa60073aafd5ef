import SDBasics
import SDCompiler
import SDProject

/// What a DuckDB target in profiles.yml says, typed, with dbt-duckdb's names and swiftdbt's defaults.
/// The shapes were checked when the profile loaded (`DuckDBAdapter.settingKeys`), so reading here
/// cannot fail.
public struct DuckDBSettings: Sendable {
    /// Another database attached next to the main one (dbt-duckdb's `attach:` entries).
    public struct Attachment: Sendable, Equatable {
        public var path: String
        public var alias: String?
        /// `sqlite`, `postgres`, … (DuckDB's ATTACH `TYPE`); nil for a DuckDB file.
        public var type: String?
        public var readOnly: Bool
    }

    /// The database file (`path`, default `target/local.duckdb`; `:memory:` for none).
    public var path: String
    /// The `duckdb` CLI to run (`duckdb_path`), else PATH and `SWIFTDBT_DUCKDB`.
    public var duckdbPath: String?
    /// Extensions loaded at start (`extensions`).
    public var extensions: [String]
    /// `SET key = value` at start (`settings`), in key order.
    public var settings: [(key: String, value: JSONValue)]
    public var memoryLimit: String?
    /// Where DuckDB spills what does not fit in memory (`temp_directory`).
    public var tempDirectory: String?
    public var attach: [Attachment]

    public init(target: Target) {
        path = target.string("path") ?? "target/local.duckdb"
        duckdbPath = target.string("duckdb_path")
        switch target.settings["extensions"] {
        case .array(let a): extensions = a.compactMap(\.stringValue)
        case .string(let s): extensions = [s]
        default: extensions = []
        }
        if case .object(let o) = target.settings["settings"] ?? .null {
            settings = o.keys.sorted().map { ($0, o[$0] ?? .null) }
        } else {
            settings = []
        }
        memoryLimit = target.string("memory_limit")
        tempDirectory = target.string("temp_directory")
        attach = DuckDBSettings.attachments(target.settings["attach"]).compactMap { try? $0.get() }
    }

    /// Each `attach:` entry read, or why it cannot be (a plain string is a path).
    static func attachments(_ value: JSONValue?) -> [Result<Attachment, AttachError>] {
        let entries: [JSONValue]
        switch value {
        case .array(let a): entries = a
        case nil, .null: entries = []
        case .some(let one): entries = [one]
        }
        return entries.enumerated().map { i, entry in
            switch entry {
            case .string(let p): return .success(Attachment(path: p, alias: nil, type: nil, readOnly: false))
            case .object(let o):
                guard let p = o["path"]?.stringValue, !p.isEmpty else { return .failure(AttachError(index: i, message: "has no 'path'")) }
                let unknown = o.keys.filter { !["path", "alias", "type", "read_only"].contains($0) }.sorted()
                if let k = unknown.first { return .failure(AttachError(index: i, message: "has an unknown key '\(k)' (path, alias, type, read_only)")) }
                return .success(
                    Attachment(
                        path: p, alias: o["alias"]?.stringValue, type: o["type"]?.stringValue,
                        readOnly: o["read_only"] == .bool(true) || o["read_only"] == .string("true")))
            default:
                return .failure(AttachError(index: i, message: "must be a path or a mapping with 'path'"))
            }
        }
    }

    struct AttachError: Error {
        var index: Int
        var message: String
    }

    /// The statements run once the CLI is up, in order: extensions, settings, spill folder, attachments.
    /// `root` resolves a relative spill folder or attached file against the project folder.
    public func setupStatements(root: String) -> [String] {
        var out = extensions.map { "load \($0)" }
        out += settings.map { "set \($0.key) = \(DuckDBEngine.literal($0.value))" }
        if let memoryLimit { out.append("set memory_limit = \(DuckDBEngine.literal(.string(memoryLimit)))") }
        if let tempDirectory {
            out.append("set temp_directory = \(DuckDBEngine.literal(.string(DuckDBEngine.absolute(tempDirectory, root: root))))")
        }
        for a in attach {
            let file = a.type == nil && !a.path.contains(":") ? DuckDBEngine.absolute(a.path, root: root) : a.path
            var options: [String] = []
            if let type = a.type { options.append("type \(type)") }
            if a.readOnly { options.append("read_only") }
            out.append(
                "attach if not exists \(DuckDBEngine.literal(.string(file)))" + (a.alias.map { " as \(DuckDBEngine.quote($0))" } ?? "")
                    + (options.isEmpty ? "" : " (\(options.joined(separator: ", ")))"))
        }
        return out
    }
}
