import SDBasics
import SDProject
import SDTemplate

/// `<< doc('name') >>` in property-file descriptions: replaced by the text of the docs block of that
/// name (dbt's `{{ doc('name') }}`, https://docs.getdbt.com/reference/dbt-jinja-functions/doc), so
/// the manifest's `description` and the docs site show the block, not the call.
///
/// Descriptions are not rendered as templates otherwise (a literal `<<` in prose stays prose), so
/// only the `doc` call is recognised. dbt's `{{ doc('x') }}` is an error with the `<< >>` spelling.
enum DocReferences {
    /// Resolves every description of the property set in place. Only a description that holds `<<`
    /// or `{{` can change or be reported, so the others are passed over without copying their node
    /// out of its dictionary and back (a 100,000-model project has 100,000 of them, and a handful
    /// of calls); the findings come in the order they did when every node was visited.
    static func resolve(_ properties: inout PropertySet, docs: [String: DocsBlock], diagnostics: inout DiagnosticBag) {
        func fix(_ text: inout String, _ range: SourceRange?) {
            guard mayCall(text) else { return }
            text = resolve(text, at: range, docs: docs, diagnostics: &diagnostics)
        }
        func fixColumns(_ columns: inout [ColumnProperties]) {
            for i in columns.indices { fix(&columns[i].description, columns[i].descriptionRange) }
        }
        func calling(_ nodes: [String: NodeProperties]) -> [String] {
            nodes.compactMap { name, p in mayCall(p.description) || p.columns.contains { mayCall($0.description) } ? name : nil }.sorted()
        }
        for name in calling(properties.models) {
            guard let at = properties.models.index(forKey: name) else { continue }
            fix(&properties.models.values[at].description, properties.models.values[at].descriptionRange)
            fixColumns(&properties.models.values[at].columns)
        }
        for name in calling(properties.seeds) {
            guard let at = properties.seeds.index(forKey: name) else { continue }
            fix(&properties.seeds.values[at].description, properties.seeds.values[at].descriptionRange)
            fixColumns(&properties.seeds.values[at].columns)
        }
        // The source's own description repeats on each of its tables: report it at the first only.
        var sourcesSeen = Set<String>()
        for i in properties.sources.indices {
            fix(&properties.sources[i].description, properties.sources[i].descriptionRange)
            let first = sourcesSeen.insert(properties.sources[i].sourceName).inserted
            if mayCall(properties.sources[i].sourceDescription) {
                var ignored = DiagnosticBag()
                properties.sources[i].sourceDescription =
                    first
                    ? resolve(
                        properties.sources[i].sourceDescription, at: properties.sources[i].sourceDescriptionRange, docs: docs,
                        diagnostics: &diagnostics)
                    : resolve(properties.sources[i].sourceDescription, at: nil, docs: docs, diagnostics: &ignored)
            }
            fixColumns(&properties.sources[i].columns)
        }
        for i in properties.exposures.indices {
            fix(&properties.exposures[i].description, properties.exposures[i].descriptionRange)
        }
    }

    /// True when `text` may hold a `doc` call in either spelling; `resolve` leaves any other text as it is.
    static func mayCall(_ text: String) -> Bool {
        ByteSearch.contains(text, open) || ByteSearch.contains(text, jinjaOpen)
    }

    private static let open = Array("<<".utf8)
    private static let jinjaOpen = Array("{{".utf8)
    private static let docCall = Array("doc(".utf8)

    /// `text` with each `<< doc('name') >>` replaced; an unknown name is an error at the name.
    static func resolve(_ text: String, at range: SourceRange?, docs: [String: DocsBlock], diagnostics: inout DiagnosticBag) -> String {
        if ByteSearch.contains(text, jinjaOpen), ByteSearch.contains(text, docCall), let range, let at = find("{{", in: range),
            let d = JinjaDelimiters.diagnostic(at: at, in: range.file)
        {
            diagnostics.append(d)
            return text
        }
        guard ByteSearch.contains(text, open) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let (end, name) = call(at: i, in: bytes) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            if let block = docs[name] {
                out.append(contentsOf: block.text.utf8)
            } else {
                let at = range.flatMap { locate(name, in: $0) } ?? range
                diagnostics.append(
                    Diagnostic.error(
                        "no docs block named '\(name)'", at: at, path: at == nil ? "property file" : nil,
                        hint: docs.isEmpty
                            ? "define it in a .md file under the model paths: {% docs \(name) %} … {% enddocs %}"
                            : "docs blocks are defined in .md files under the model paths (docs-paths)"
                    )
                    .suggesting(name, from: docs.keys))
                out.append(contentsOf: bytes[i..<end])
            }
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A `<< doc('name') >>` starting at `start` (whitespace control and either quote allowed): its end and the name.
    static func call(at start: Int, in b: [UInt8]) -> (Int, String)? {
        guard b[start...].starts(with: Array("<<".utf8)) else { return nil }
        var i = start + 2
        func skip() { while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A { i += 1 } }
        func take(_ s: String) -> Bool {
            guard b[i...].starts(with: Array(s.utf8)) else { return false }
            i += s.utf8.count
            return true
        }
        _ = take("-")
        skip()
        guard take("doc") else { return nil }
        skip()
        guard take("("), i < b.count else { return nil }
        skip()
        guard i < b.count, b[i] == 0x27 || b[i] == 0x22 else { return nil }
        let quote = b[i]
        i += 1
        let nameStart = i
        while i < b.count, b[i] != quote, b[i] != 0x0A { i += 1 }
        guard i < b.count, b[i] == quote else { return nil }
        let name = String(decoding: b[nameStart..<i], as: UTF8.self)
        i += 1
        skip()
        guard take(")") else { return nil }
        skip()
        _ = take("-")
        guard take(">>") else { return nil }
        return (i, name)
    }

    /// Where `needle` is written inside `range` of its file, to point at it.
    static func find(_ needle: String, in range: SourceRange) -> Int? {
        let n = Array(needle.utf8)
        let bytes = range.file.utf8
        var i = range.bytes.lowerBound
        while i + n.count <= min(range.bytes.upperBound, bytes.count) {
            if bytes[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    /// The name inside its quotes in the file, so the caret is under the name and not an earlier word.
    static func locate(_ name: String, in range: SourceRange) -> SourceRange? {
        let at = (find("'\(name)'", in: range) ?? find("\"\(name)\"", in: range)).map { $0 + 1 } ?? find(name, in: range)
        return at.map { SourceRange(file: range.file, bytes: $0..<($0 + name.utf8.count)) }
    }
}
