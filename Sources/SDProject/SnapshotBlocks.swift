import SDBasics

/// One snapshot written as a `<< snapshot name >> … << endsnapshot >>` block in a `.sql` file under
/// snapshot-paths (dbt's legacy form, docs.getdbt.com "Snapshots", "Configuring snapshots in SQL").
public struct SnapshotBlock: Sendable {
    public var name: String
    /// Where the name is written in the opening tag.
    public var nameRange: SourceRange
    /// The file with everything outside this block's body turned into spaces (newlines kept), so the
    /// body parses as a template and every position in it is the position in the real file.
    public var body: SourceFile
    /// The file as written, and where it sits below the snapshot path.
    public var file: ProjectFile

    /// The body as a project file of the snapshot's name, to parse like a model.
    public var bodyFile: ProjectFile {
        ProjectFile(name: name, path: file.path, relativePath: file.relativePath, folders: file.folders, file: body)
    }
}

/// Finds the snapshot blocks of a file. The tags are not template syntax (the template language has
/// no snapshot block), so they are found here and blanked out before the body is parsed.
public enum SnapshotBlocks {
    struct Tag {
        var keyword: String
        var name: String?
        var range: Range<Int>
        var nameRange: Range<Int>?
    }

    /// Every `<< snapshot name >>` … `<< endsnapshot >>` block of `file`; a file without one, an
    /// unclosed block, a nested one or SQL outside the blocks is an error where it is written.
    public static func parse(_ file: ProjectFile, diagnostics: inout DiagnosticBag) -> [SnapshotBlock] {
        let source = file.file
        let bytes = Array(source.text.utf8)
        let tags = findTags(bytes)
        var blocks: [SnapshotBlock] = []
        var open: Tag?
        var bodies: [(Tag, Range<Int>)] = []
        for tag in tags {
            let at = SourceRange(file: source, bytes: tag.range)
            if tag.keyword == "snapshot" {
                if let o = open {
                    diagnostics.append(
                        .error(
                            "snapshot '\(tag.name ?? "")' starts inside snapshot '\(o.name ?? "")'", at: at,
                            notes: [.note("the open block starts here", at: SourceRange(file: source, bytes: o.range))],
                            hint: "close the first block with << endsnapshot >> before the next one"))
                    continue
                }
                guard tag.name != nil else {
                    diagnostics.error("a snapshot block needs a name", at: at, hint: "write << snapshot orders_snapshot >>")
                    continue
                }
                open = tag
            } else {
                guard let o = open else {
                    diagnostics.error("<< endsnapshot >> without a << snapshot name >> before it", at: at)
                    continue
                }
                bodies.append((o, o.range.upperBound..<tag.range.lowerBound))
                open = nil
            }
        }
        if let o = open {
            diagnostics.append(
                .error(
                    "snapshot '\(o.name ?? "")' is never closed", at: SourceRange(file: source, bytes: o.range),
                    hint: "end the block with << endsnapshot >>"))
        }
        if tags.isEmpty, let jinja = jinjaTag(bytes) {
            let name = jinja.name ?? file.name
            diagnostics.error(
                "snapshot blocks are written << snapshot \(name) >> … << endsnapshot >> in swiftdbt",
                at: SourceRange(file: source, bytes: jinja.range),
                hint: "replace {% snapshot \(name) %} with << snapshot \(name) >> and {% endsnapshot %} with << endsnapshot >>")
        } else if tags.isEmpty {
            diagnostics.error(
                "a file under snapshot-paths must hold << snapshot name >> … << endsnapshot >> blocks", path: file.path,
                hint: "wrap the select in << snapshot \(file.name) >> … << endsnapshot >>, or define it in YAML (snapshots: with relation:)")
        }
        // dbt ignores nothing silently here either: SQL outside every block would never run.
        var inside = [Bool](repeating: false, count: bytes.count)
        for (tag, body) in bodies { for i in tag.range.lowerBound..<body.upperBound { inside[i] = true } }
        for tag in tags where tag.keyword == "endsnapshot" { for i in tag.range { inside[i] = true } }
        if let stray = bytes.indices.first(where: { !inside[$0] && !isSpace(bytes[$0]) }), !bodies.isEmpty {
            var end = stray
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            diagnostics.error(
                "text outside a snapshot block", at: SourceRange(file: source, bytes: stray..<end),
                hint: "only the SQL between << snapshot name >> and << endsnapshot >> is a snapshot; move it inside or remove it")
        }
        for (tag, body) in bodies {
            guard let name = tag.name, let nameRange = tag.nameRange else { continue }
            var blanked = bytes
            for i in blanked.indices where !body.contains(i) && blanked[i] != 10 { blanked[i] = 32 }
            let text = String(decoding: blanked, as: UTF8.self)
            blocks.append(
                SnapshotBlock(
                    name: name, nameRange: SourceRange(file: source, bytes: nameRange),
                    body: SourceFile(path: source.path, text: text), file: file))
        }
        return blocks
    }

    /// dbt's `{% snapshot name %}`, the spelling a dbt user brings along.
    static func jinjaTag(_ bytes: [UInt8]) -> Tag? {
        var i = 0
        while i + 1 < bytes.count {
            defer { i += 1 }
            guard bytes[i] == 123, bytes[i + 1] == 37 else { continue }
            var j = i + 2
            while j < bytes.count, isSpace(bytes[j]) || bytes[j] == 45 { j += 1 }
            let wordStart = j
            while j < bytes.count, isWord(bytes[j]) { j += 1 }
            guard String(decoding: bytes[wordStart..<j], as: UTF8.self) == "snapshot" else { continue }
            while j < bytes.count, isSpace(bytes[j]) { j += 1 }
            let nameStart = j
            while j < bytes.count, isWord(bytes[j]) { j += 1 }
            let name = j > nameStart ? String(decoding: bytes[nameStart..<j], as: UTF8.self) : nil
            var end = j
            while end + 1 < bytes.count, !(bytes[end] == 37 && bytes[end + 1] == 125), bytes[end] != 10 { end += 1 }
            if end + 1 < bytes.count, bytes[end] == 37 { end += 2 }
            return Tag(keyword: "snapshot", name: name, range: i..<end)
        }
        return nil
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    static func isWord(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95
    }

    /// `<< snapshot name >>` and `<< endsnapshot >>` tags, with `<<-`/`->>` trimming marks allowed.
    static func findTags(_ bytes: [UInt8]) -> [Tag] {
        var tags: [Tag] = []
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == 60, bytes[i + 1] == 60 else {
                i += 1
                continue
            }
            let start = i
            var j = i + 2
            if j < bytes.count, bytes[j] == 45 { j += 1 }
            while j < bytes.count, isSpace(bytes[j]) { j += 1 }
            let wordStart = j
            while j < bytes.count, isWord(bytes[j]) { j += 1 }
            let keyword = String(decoding: bytes[wordStart..<j], as: UTF8.self)
            guard keyword == "snapshot" || keyword == "endsnapshot" else {
                i += 2
                continue
            }
            while j < bytes.count, isSpace(bytes[j]) { j += 1 }
            let nameStart = j
            while j < bytes.count, isWord(bytes[j]) { j += 1 }
            let nameEnd = j
            while j < bytes.count, isSpace(bytes[j]) || bytes[j] == 45 { j += 1 }
            guard j + 1 < bytes.count, bytes[j] == 62, bytes[j + 1] == 62 else {
                i += 2
                continue
            }
            let name = nameEnd > nameStart ? String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self) : nil
            tags.append(Tag(keyword: keyword, name: name, range: start..<(j + 2), nameRange: name == nil ? nil : nameStart..<nameEnd))
            i = j + 2
        }
        return tags
    }
}
