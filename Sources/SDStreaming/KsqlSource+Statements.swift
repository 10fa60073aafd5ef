extension KsqlSource {
    /// The WITH properties, always explicit (create-stream.md: PARTITIONS and REPLICAS default from the server's config).
    var withClause: String {
        var parts = ["KAFKA_TOPIC='\(KsqlSource.quote(topic))'", "KEY_FORMAT='\(keyFormat.rawValue)'", "VALUE_FORMAT='\(valueFormat.rawValue)'"]
        if let partitions { parts.append("PARTITIONS=\(partitions)") }
        if let replicas { parts.append("REPLICAS=\(replicas)") }
        if let timestamp { parts.append("TIMESTAMP='\(KsqlSource.quote(timestamp))'") }
        if let timestampFormat { parts.append("TIMESTAMP_FORMAT='\(KsqlSource.quote(timestampFormat))'") }
        return "WITH (" + parts.joined(separator: ", ") + ")"
    }

    static func quote(_ s: String) -> String { s.replacingOccurrences(of: "'", with: "''") }

    /// `CREATE [OR REPLACE] STREAM|TABLE …` for this declaration (create-stream.md, create-stream-as-select.md).
    public func createStatement(orReplace: Bool = false) -> KsqlStatement {
        let head = "CREATE \(orReplace ? "OR REPLACE " : "")\(kind.rawValue) \(name)"
        var text: String
        if let query {
            // A query ending in a line comment would swallow the semicolon.
            let lastLine = query.split(separator: "\n").last ?? ""
            text = "\(head) \(withClause) AS\n\(query)\(lastLine.contains("--") ? "\n" : "");\n"
        } else {
            let keyWord = kind == .table ? "PRIMARY KEY" : "KEY"
            let cols = columns.map { "  \($0.name) \($0.type)\($0.isKey ? " " + keyWord : "")" }.joined(separator: ",\n")
            text = "\(head) (\n\(cols)\n) \(withClause);\n"
        }
        var props: [String: String] = [:]
        if query != nil, let autoOffsetReset { props["ksql.streams.auto.offset.reset"] = autoOffsetReset }
        return KsqlStatement(object: name, verb: orReplace ? .createOrReplace : .create, text: text, properties: props, declaration: range)
    }

    /// `DROP STREAM|TABLE name;` — the topic is kept (drop-stream.md): the sink and the lake may still read it.
    public func dropStatement() -> KsqlStatement {
        KsqlStatement(object: name, verb: .drop, text: "DROP \(kind.rawValue) IF EXISTS \(name);\n", declaration: range)
    }
}
