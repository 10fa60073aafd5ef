import SDBasics

extension StreamingProject {
    /// Warnings where a sink and the source it feeds disagree on the lake layout: the source's
    /// `external.location` must end with `<topics.dir>/<topic>` and its partitions must be the
    /// path.format's levels, or the table reads no rows (repost.aws, athena-partition-projection).
    public func lakeLayoutWarnings(sources: [(source: String, table: String, external: [String: JSONValue]?)]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for c in connectors {
            guard let feeds = c.feeds, let topic = c.topics.first,
                let fed = sources.first(where: { $0.source == feeds[0] && $0.table == feeds[1] })
            else { continue }
            let at = c.keyRanges["feeds"] ?? c.range
            guard let external = fed.external else {
                out.append(
                    .warning(
                        "source '\(feeds.joined(separator: "."))' has no external: block, so nothing reads what connector '\(c.name)' writes",
                        at: at, hint: "describe the lake in the source: external: {location: …/\(c.config["topics.dir"] ?? "topics")/\(topic)}"))
                continue
            }
            let suffix = "\(c.config["topics.dir"] ?? "topics")/\(topic)"
            if let location = external["location"]?.stringValue {
                var trimmed = location
                while trimmed.hasSuffix("/") { trimmed.removeLast() }
                if !trimmed.hasSuffix("/" + suffix), trimmed != suffix {
                    out.append(
                        .warning(
                            "source '\(feeds.joined(separator: "."))' reads '\(location)', but connector '\(c.name)' writes '\(suffix)/' below its bucket",
                            at: at))
                }
            }
            if let levels = c.pathLevels, case .array(let parts) = external["partitions"] ?? .null {
                let names = parts.compactMap { $0["name"]?.stringValue }
                if names != levels.map(\.name) {
                    out.append(
                        .warning(
                            "source '\(feeds.joined(separator: "."))' is partitioned by (\(names.joined(separator: ", "))), but connector '\(c.name)' writes folders (\(levels.map(\.name).joined(separator: ", ")))",
                            at: at, hint: "path.format is '\(c.config["path.format"] ?? "")'"))
                }
            }
        }
        return out
    }
}
