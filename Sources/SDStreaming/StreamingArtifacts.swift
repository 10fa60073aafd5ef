import SDBasics

/// What `swiftdbt streaming compile` writes under target/streaming/: one ksql file per statement in
/// dependency order and one JSON config per connector. Byte-stable: sorted keys, trailing newline.
public enum StreamingArtifacts {
    /// Relative path → contents.
    public static func files(_ project: StreamingProject) -> [(path: String, contents: String)] {
        var out: [(String, String)] = []
        for (i, s) in project.sources.enumerated() {
            let n = String(i + 1)
            let prefix = String(repeating: "0", count: max(0, 3 - n.count)) + n
            let statement = s.createStatement()
            var header = "-- \(s.kind.rawValue.lowercased()) \(s.name)"
            if let r = s.range { header += " (\(r.file.path):\(r.start.line))" }
            header += "\n"
            for (k, v) in statement.properties.sorted(by: { $0.key < $1.key }) {
                header += "-- streamsProperties: \(k)=\(v)\n"
            }
            out.append(("ksql/\(prefix)_\(s.kind.rawValue.lowercased())_\(s.name).sql", header + statement.text))
        }
        for c in project.connectors {
            out.append(("connectors/\(c.name).json", configJSON(c.config)))
        }
        return out
    }

    /// A flat config as pretty JSON with sorted keys.
    public static func configJSON(_ config: [String: String]) -> String {
        JSONValue.object(config.mapValues { .string($0) }).serialized()
    }

    /// Writes the files into `directory` after removing what an earlier compile left there.
    public static func write(_ project: StreamingProject, to directory: String, fileSystem: FileSystem) throws {
        try fileSystem.removeItem(directory)
        try fileSystem.createDirectory(directory)
        for (path, contents) in files(project) {
            try fileSystem.writeFile(directory + "/" + path, contents)
        }
    }
}
