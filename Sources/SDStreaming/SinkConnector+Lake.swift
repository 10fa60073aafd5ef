import Foundation
import SDBasics

extension SinkConnector {
    /// A folder level of the sink's `path.format`: `'dt'=YYYY-MM-dd` is name `dt`, Joda pattern `YYYY-MM-dd`.
    public struct PathLevel: Sendable, Hashable {
        public var name: String
        public var pattern: String
    }

    /// The `name=pattern` levels of a TimeBasedPartitioner's path.format (Joda DateTimeFormat:
    /// quoted text is literal), nil when a level is not of that shape.
    public var pathLevels: [PathLevel]? {
        guard let format = config["path.format"], !format.isEmpty else { return nil }
        var out: [PathLevel] = []
        for level in format.split(separator: "/") {
            guard level.hasPrefix("'"), let close = level.dropFirst().firstIndex(of: "'") else { return nil }
            let name = String(level[level.index(after: level.startIndex)..<close])
            let rest = level[level.index(after: close)...]
            guard rest.hasPrefix("=") else { return nil }
            out.append(PathLevel(name: name, pattern: String(rest.dropFirst())))
        }
        return out
    }

    /// Athena partition projection table properties that read exactly the keys this sink writes
    /// for one topic (docs.aws.amazon.com/athena/latest/ug/partition-projection.html): a level with
    /// a date pattern becomes a `date` column (Joda `YYYY` is the year of era, Java's `yyyy`); an
    /// hour-only level becomes an `integer` 0–23 with two digits. nil when the layout cannot be
    /// projected (not time-based, or a pattern swiftdbt cannot map).
    public func athenaProjection(topic: String, rangeStart: String) -> [String: String]? {
        guard config["partitioner.class"]?.hasSuffix("TimeBasedPartitioner") == true, let levels = pathLevels, !levels.isEmpty else { return nil }
        var props: [String: String] = ["projection.enabled": "true"]
        var template = "s3://\(config["s3.bucket.name"] ?? "")/\(config["topics.dir"] ?? "topics")/\(topic)"
        for level in levels {
            let p = level.pattern
            if p == "HH" {
                props["projection.\(level.name).type"] = "integer"
                props["projection.\(level.name).range"] = "0,23"
                props["projection.\(level.name).digits"] = "2"
            } else if p.contains("YYYY") || p.contains("yyyy") {
                let java = p.replacingOccurrences(of: "YYYY", with: "yyyy")
                props["projection.\(level.name).type"] = "date"
                props["projection.\(level.name).format"] = java
                props["projection.\(level.name).range"] = "\(rangeStart),NOW"
                props["projection.\(level.name).interval"] = "1"
                props["projection.\(level.name).interval.unit"] = java.contains("HH") ? "HOURS" : "DAYS"
            } else {
                return nil
            }
            template += "/\(level.name)=${\(level.name)}"
        }
        props["storage.location.template"] = template + "/"
        return props
    }
}
