/// Secret environment variables: `DBT_ENV_SECRET_*` (dbt's prefix) and `SWIFTDBT_ENV_SECRET_*`.
///
/// dbt lets `env_var()` read them only where credentials belong (profiles.yml, and packages.yml which
/// swiftdbt does not have) and scrubs their values from every log line and artifact
/// (https://docs.getdbt.com/docs/build/environment-variables, "Handling secrets"). Anywhere else a
/// secret would end up in compiled SQL and manifest.json, so reading one there is an error, found
/// both when a template calls `env_var` (any name, however built) and by a lexical scan of every
/// non-profile file (names written literally, also in files that are never rendered, like project.yml).
public enum SecretEnvVars {
    public static let prefixes = ["DBT_ENV_SECRET_", "SWIFTDBT_ENV_SECRET_"]

    public static func isSecret(_ name: String) -> Bool {
        prefixes.contains { name.hasPrefix($0) }
    }

    /// The values of every secret variable set in `environment`, for the scrubber.
    public static func values(in environment: [String: String]) -> [(name: String, value: String)] {
        environment.filter { isSecret($0.key) }.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// The one error every place reports, so the wording and the hint never drift apart.
    public static func misplaced(_ name: String, at range: SourceRange?) -> Diagnostic {
        .error(
            "secret environment variable '\(name)' may only be read in profiles.yml", at: range,
            hint: "read it in profiles.yml (e.g. password: \"<< env_var('\(name)') >>\"), where its value is scrubbed from logs and artifacts")
    }

    /// Every `env_var('<secret name>'…)` written literally in `file`, as positioned errors on the quoted name.
    /// YAML comment lines (`# …`) are skipped: they are never read. This runs over every file of every
    /// load, so `env_var` is found with `ByteSearch` and nothing is built for the bytes in between
    /// (comparing through an `Array` at each letter `e` was 2.6 % of a 10,000-model `ls`).
    public static func scan(_ file: SourceFile, yaml: Bool) -> [Diagnostic] {
        let bytes = file.utf8
        var found: [Diagnostic] = []
        var i = 0
        while let hit = ByteSearch.find(envVar, in: bytes, from: i) {
            let start = hit
            i = hit + envVar.count
            if start > 0, isIdentifierByte(bytes[start - 1]) { continue }
            var j = skipSpaces(bytes, i)
            guard j < bytes.count, bytes[j] == UInt8(ascii: "(") else { continue }
            j = skipSpaces(bytes, j + 1)
            guard j < bytes.count, bytes[j] == UInt8(ascii: "'") || bytes[j] == UInt8(ascii: "\"") else { continue }
            let quote = bytes[j]
            let nameStart = j + 1
            var k = nameStart
            while k < bytes.count, bytes[k] != quote, bytes[k] != UInt8(ascii: "\n") { k += 1 }
            guard k < bytes.count, bytes[k] == quote else { continue }
            let name = String(decoding: bytes[nameStart..<k], as: UTF8.self)
            guard isSecret(name), !(yaml && inComment(bytes, start)) else { continue }
            // The range covers the quotes, as the finding `env_var` itself reports does.
            found.append(misplaced(name, at: SourceRange(file: file, bytes: (nameStart - 1)..<(k + 1))))
            i = k
        }
        return found
    }

    private static let envVar = Array("env_var".utf8)

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }

    private static func skipSpaces(_ bytes: [UInt8], _ from: Int) -> Int {
        var j = from
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
        return j
    }

    /// True when a `#` at the start of the line, or after a blank outside quotes, comes before `offset`.
    private static func inComment(_ bytes: [UInt8], _ offset: Int) -> Bool {
        var lineStart = offset
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var quote: UInt8? = nil
        for p in lineStart..<offset {
            let b = bytes[p]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                quote = b
            } else if b == UInt8(ascii: "#"), p == lineStart || bytes[p - 1] == 0x20 || bytes[p - 1] == 0x09 {
                return true
            }
        }
        return false
    }
}
