import SDBasics

/// One docs block of a `.md` file: the text `doc('name')` stands for in a description.
public struct DocsBlock: Sendable {
    public var name: String
    public var text: String
    /// The name in the opening tag, for duplicate and unclosed-block diagnostics.
    public var nameRange: SourceRange
}

/// Reads docs blocks from markdown files under docs-paths.
///
/// A `.md` file is markdown, not a template, so both spellings are accepted there and nowhere else:
/// dbt's `{% docs name %}…{% enddocs %}` (a dbt project's docs files work unchanged) and swiftdbt's
/// `<< docs name >>…<< enddocs >>` (the house tag, docs/template-language.md). Whitespace-control
/// dashes (`{%-`, `-%}`, `<<-`, `->>`) are allowed. Text outside blocks is ignored, as in dbt; the
/// block's text is trimmed of leading and trailing blank space, as dbt stores it.
public enum DocsBlocks {
    struct Tag {
        var keyword: String
        var argument: String?
        var argumentRange: SourceRange?
        var range: SourceRange
        var end: Int
    }

    public static func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> [DocsBlock] {
        var blocks: [DocsBlock] = []
        var open: Tag? = nil
        var i = 0
        let bytes = file.utf8
        while i < bytes.count {
            guard let tag = tag(at: i, in: file) else {
                i += 1
                continue
            }
            switch (tag.keyword, open) {
            case ("docs", nil):
                guard let name = tag.argument, let range = tag.argumentRange else {
                    diagnostics.error("a docs block needs a name", at: tag.range, hint: "write {% docs orders %} … {% enddocs %}")
                    i = tag.end
                    continue
                }
                if !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                    diagnostics.error("docs block name '\(name)' must contain only letters, digits and underscores", at: range)
                }
                open = tag
            case ("docs", let outer?):
                diagnostics.append(
                    .error(
                        "a docs block cannot contain another docs block", at: tag.range,
                        notes: [.note("the open block", at: outer.range)], hint: "close the first block with {% enddocs %}"))
            case ("enddocs", nil):
                diagnostics.error("'enddocs' without an open docs block", at: tag.range)
            case ("enddocs", let start?):
                let body = String(decoding: bytes[start.end..<tag.range.bytes.lowerBound], as: UTF8.self)
                if let name = start.argument, let range = start.argumentRange {
                    blocks.append(DocsBlock(name: name, text: body.trimmingCharacters(in: .whitespacesAndNewlines), nameRange: range))
                }
                open = nil
            default:
                break
            }
            i = tag.end
        }
        if let open {
            diagnostics.error("docs block '\(open.argument ?? "")' is never closed", at: open.range, hint: "end it with {% enddocs %}")
        }
        return blocks
    }

    /// A `{% docs x %}`/`{% enddocs %}` or `<< docs x >>`/`<< enddocs >>` tag starting at `start`.
    static func tag(at start: Int, in file: SourceFile) -> Tag? {
        let bytes = file.utf8
        let pairs: [([UInt8], [UInt8])] = [(Array("{%".utf8), Array("%}".utf8)), (Array("<<".utf8), Array(">>".utf8))]
        guard let closer = pairs.first(where: { bytes[start...].starts(with: $0.0) })?.1 else { return nil }
        var i = start + 2
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 } }
        func word() -> (String, Range<Int>)? {
            let s = i
            while i < bytes.count, bytes[i] == UInt8(ascii: "_") || isAlphanumeric(bytes[i]) || bytes[i] >= 0x80 { i += 1 }
            return s < i ? (String(decoding: bytes[s..<i], as: UTF8.self), s..<i) : nil
        }
        skipSpace()
        guard let (keyword, _) = word(), keyword == "docs" || keyword == "enddocs" else { return nil }
        skipSpace()
        var argument: (String, Range<Int>)? = nil
        if keyword == "docs" {
            argument = word()
            skipSpace()
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard bytes[i...].starts(with: closer) else { return nil }
        let end = i + closer.count
        return Tag(
            keyword: keyword, argument: argument?.0, argumentRange: argument.map { SourceRange(file: file, bytes: $0.1) },
            range: SourceRange(file: file, bytes: start..<end), end: end)
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
