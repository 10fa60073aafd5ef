import Foundation
import SDTemplate

/// A rendered SQL text with the origins of its bytes.
public struct MappedSQL: Sendable {
    public var text: String
    public var map: SourceMap
    public init(text: String, map: SourceMap = SourceMap()) {
        self.text = text
        self.map = map
    }
}

extension Compiler {
    /// Puts CTEs in front of a query: merged into its own leading `with`, or as a new `with`.
    static func injectCTEs(_ ctes: [String], into sql: String) -> String {
        injectCTEs(ctes.map { MappedSQL(text: $0) }, into: MappedSQL(text: sql)).text
    }

    /// An ephemeral model's CTE, `__dbt__cte__<name> as (\n<its SQL, trimmed>\n)`, keeping the map of
    /// the SQL so that an error inside the CTE points into the ephemeral model's file.
    static func cte(named name: String, _ body: MappedSQL) -> MappedSQL {
        let bytes = Array(body.text.utf8)
        let trimmed = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let lead = body.text.unicodeScalars.prefix { CharacterSet.whitespacesAndNewlines.contains($0) }
            .reduce(0) { $0 + UTF8.width($1) }
        let kept = lead..<min(bytes.count, lead + trimmed.utf8.count)
        var out = MappedText()
        out.append("\(cteName(name)) as (\n")
        out.append(body, kept)
        out.append("\n)")
        return out.result
    }

    /// `injectCTEs` keeping the origins: the query's bytes and each CTE's bytes keep their segments;
    /// the `with` and separators swiftdbt writes map nowhere.
    static func injectCTEs(_ ctes: [MappedSQL], into sql: MappedSQL) -> MappedSQL {
        let bytes = Array(sql.text.utf8)
        // Find the first keyword after leading whitespace and SQL comments.
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1; continue }
            if bytes[i] == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                continue
            }
            if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
                continue
            }
            break
        }
        let headEnd = min(i, bytes.count)
        var out = MappedText()
        out.append(sql, 0..<headEnd)
        func appendCTEs() {
            for (k, c) in ctes.enumerated() {
                if k > 0 { out.append(", ") }
                out.append(c, 0..<c.text.utf8.count)
            }
        }
        let rest = String(decoding: bytes[headEnd...], as: UTF8.self)
        if rest.count >= 5, rest.prefix(4).lowercased() == "with", let c = rest.dropFirst(4).first, c.isWhitespace {
            let afterWith = rest.dropFirst(4)
            var afterStart = headEnd + rest.utf8.distance(from: rest.startIndex, to: afterWith.startIndex)
            var recursive = ""
            let trimmed = afterWith.drop { $0.isWhitespace }
            if trimmed.lowercased().hasPrefix("recursive ") {
                recursive = " recursive"
                let after = trimmed.dropFirst("recursive".count)
                afterStart = headEnd + rest.utf8.distance(from: rest.startIndex, to: after.startIndex)
            }
            out.append("with\(recursive) ")
            appendCTEs()
            out.append(",")
            out.append(sql, afterStart..<bytes.count)
            return out.result
        }
        out.append("with ")
        appendCTEs()
        out.append("\n")
        out.append(sql, headEnd..<bytes.count)
        return out.result
    }
}

/// Builds a text from generated strings and slices of mapped texts, carrying the slices' segments.
struct MappedText {
    private var bytes: [UInt8] = []
    private var segments: [SourceSegment] = []

    mutating func append(_ generated: String) { bytes.append(contentsOf: generated.utf8) }

    mutating func append(_ source: MappedSQL, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        segments.append(contentsOf: source.map.slice(range, movedTo: bytes.count))
        bytes.append(contentsOf: Array(source.text.utf8)[range])
    }

    var result: MappedSQL { MappedSQL(text: String(decoding: bytes, as: UTF8.self), map: SourceMap(segments)) }
}
