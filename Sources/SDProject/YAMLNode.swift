import SDBasics
import Yams

/// A YAML node that remembers where it came from, so every later finding can point at it.
///
/// Yams' `Decodable` support drops positions, so files are read with `Yams.compose` and mapped by
/// hand into this tree (docs/architecture.md, The compile pipeline).
public indirect enum YAMLNode: Sendable {
    case scalar(String, plain: Bool, range: SourceRange)
    case sequence([YAMLNode], range: SourceRange)
    case mapping([(key: YAMLNode, value: YAMLNode)], range: SourceRange)
    case null(range: SourceRange)

    public var range: SourceRange {
        switch self {
        case .scalar(_, _, let r), .sequence(_, let r), .mapping(_, let r), .null(let r): r
        }
    }

    /// The scalar's text, or nil for other kinds.
    public var string: String? {
        if case .scalar(let s, _, _) = self { return s }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var entries: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let e, _) = self { return e }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let i, _) = self { return i }
        return nil
    }

    /// The value of a mapping key, if present.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let e, _) = self else { return nil }
        return e.first { $0.key.string == key }?.value
    }

    /// A human word for the node's kind, for messages.
    public var kindName: String {
        switch self {
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "null"
        }
    }

    /// Converts to a plain value: plain scalars are typed the way YAML 1.1 core schema reads them
    /// (booleans, integers, floats, null), quoted scalars stay strings.
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .scalar(let s, let plain, _):
            guard plain else { return .string(s) }
            return YAMLNode.typedScalar(s)
        case .sequence(let items, _): return .array(items.map(\.json))
        case .mapping(let entries, _):
            var o: [String: JSONValue] = [:]
            for (k, v) in entries { o[k.string ?? ""] = v.json }
            return .object(o)
        }
    }

    static func typedScalar(_ s: String) -> JSONValue {
        switch s {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        case "null", "Null", "NULL", "~", "": return .null
        default: break
        }
        if let i = Int(s) { return .int(i) }
        if s.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(s), !s.hasPrefix("."),
            s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" }) ?? false
        {
            return .double(d)
        }
        return .string(s)
    }

    /// Parses a whole file. Syntax errors become diagnostics at the position libyaml reports.
    public static func parse(_ file: SourceFile) -> (YAMLNode?, [Diagnostic]) {
        if let tree = BlockYAML.parse(file) { return (tree, []) }
        return parseWithYams(file)
    }

    /// The whole of YAML, through libyaml: what `BlockYAML` leaves, and every error.
    static func parseWithYams(_ file: SourceFile) -> (YAMLNode?, [Diagnostic]) {
        if file.text.allSatisfy({ $0.isWhitespace }) {
            return (nil, [])
        }
        do {
            // Yams hands libyaml the text as UTF-8 without BOM detection, so a byte order mark
            // (Windows editors write one) became part of the first key and the file failed to parse.
            let text = hasByteOrderMark(file) ? String(file.text.unicodeScalars.dropFirst()) : file.text
            // The encoding is named: Yams' default reads it from a copy of the whole process
            // environment on every call (5 % of loading a project with a property file per model).
            guard let root = try Yams.compose(yaml: text, .basic, .default, .utf8) else { return (nil, []) }
            return (YAMLNode.make(root, file), [])
        } catch let e as YamlError {
            return (nil, [diagnostic(for: e, in: file)])
        } catch {
            return (nil, [.error("cannot read YAML: \(error)", path: file.path)])
        }
    }

    private static func diagnostic(for error: YamlError, in file: SourceFile) -> Diagnostic {
        func at(_ mark: Mark) -> SourceRange {
            let off = offset(of: mark, in: file)
            return SourceRange(file: file, bytes: off..<min(file.utf8.count, off + 1))
        }
        switch error {
        case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
            .composer(let ctx, let problem, let mark, _):
            return diagnostic(problem: problem, at: at(mark), context: ctx.map { ($0.text, at($0.mark)) }, in: file)
        case .reader(let problem, let offset, _, _):
            let off = min((offset ?? 0) + (hasByteOrderMark(file) ? 3 : 0), file.utf8.count)
            return .error("malformed YAML: \(problem)", at: SourceRange(file: file, bytes: off..<off))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicateKey(duplicates.first ?? "", first: at(context.mark), in: file)
        default:
            return .error("malformed YAML: \(error)", path: file.path)
        }
    }

    /// Yams refuses a mapping that repeats a key and names only the first one's position. The
    /// second is looked for on a later line at the same indentation (a block mapping, by far the
    /// common case); when it is not found the error stays at the first.
    private static func duplicateKey(_ key: String, first: SourceRange, in file: SourceFile) -> Diagnostic {
        let hint = "a key may appear once in a mapping; merge the two entries or remove one"
        let first = SourceRange(file: file, bytes: first.bytes.lowerBound..<min(file.utf8.count, first.bytes.lowerBound + key.utf8.count))
        let start = first.start
        let indent = file.line(start.line).prefix(start.column - 1)
        if indent.allSatisfy({ $0 == " " }) {
            let spellings = [key + ":", "'\(key)':", "\"\(key)\":"]
            var line = start.line + 1
            while line <= file.lineStarts.count {
                let text = file.line(line)
                if text.hasPrefix(indent), spellings.contains(where: { text.dropFirst(indent.count).hasPrefix($0) }) {
                    let offset = file.lineStarts[line - 1] + indent.utf8.count
                    return .error(
                        "duplicate key '\(key)'", at: SourceRange(file: file, bytes: offset..<(offset + key.utf8.count)),
                        notes: [.note("'\(key)' is first given here", at: first)], hint: hint)
                }
                line += 1
            }
        }
        return .error("duplicate key '\(key)'", at: first, hint: hint)
    }

    /// libyaml's message rephrased where its wording hides the cause: tabs, an unclosed quote, a key
    /// without its colon. The error points where the user must edit, not where libyaml gave up.
    private static func diagnostic(
        problem: String, at range: SourceRange, context: (text: String, range: SourceRange)?,
        in file: SourceFile
    ) -> Diagnostic {
        let bytes = file.utf8
        let lineStart = file.lineStarts[file.location(of: range.bytes.lowerBound).line - 1]
        // A tab in the indentation before the error: libyaml says "cannot start any token".
        var i = lineStart
        var tab: Int? = nil
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 {
            if bytes[i] == 0x09 { tab = i; break }
            i += 1
        }
        if let tab, tab <= range.bytes.lowerBound {
            return .error(
                "malformed YAML: tab character in indentation", at: SourceRange(file: file, bytes: tab..<(tab + 1)),
                hint: "YAML indentation must use spaces, not tabs")
        }
        if let context {
            if context.text.contains("quoted scalar") {
                let quote = context.range.text.first.map(String.init) ?? "\""
                return .error(
                    "malformed YAML: this quoted string is never closed", at: context.range,
                    notes: [.note("the file ends here", at: range)],
                    hint: "add the closing \(quote) at the end of the value")
            }
            // An unclosed flow collection runs to the end of the input; point at its opening bracket.
            if context.text.contains("flow mapping") || context.text.contains("flow sequence"),
                file.slice(range.bytes.lowerBound..<bytes.count).allSatisfy({ $0.isWhitespace })
            {
                let open = context.text.contains("mapping") ? "{" : "["
                let close = open == "{" ? "}" : "]"
                return .error(
                    "malformed YAML: this '\(open)' is never closed", at: context.range,
                    notes: [.note("the input ends here", at: range)], hint: "add the closing '\(close)'")
            }
            if context.text.contains("simple key"), problem.contains("':'") {
                var end = context.range.bytes.lowerBound
                while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
                let keyRange = SourceRange(file: file, bytes: context.range.bytes.lowerBound..<end)
                let key = keyRange.text.trimmingSuffixWhitespace
                return .error(
                    "malformed YAML: '\(key)' is not followed by ':'", at: keyRange,
                    hint: "a mapping key needs a colon, as in '\(key):'")
            }
        }
        var notes: [Diagnostic] = []
        if let context, context.range != range { notes.append(.note(context.text, at: context.range)) }
        return .error(
            "malformed YAML: \(problem)", at: range, notes: notes,
            hint: problem.contains("tab") ? "YAML indentation must use spaces, not tabs" : nil)
    }

    private static func make(_ node: Node, _ file: SourceFile) -> YAMLNode {
        let start = node.mark.map { offset(of: $0, in: file) } ?? 0
        // An empty collection is shown by its first character; one that starts at the end of the file
        // (an implicit empty mapping there) has none, and its range must not run past the file.
        let emptyEnd = min(start + 1, file.utf8.count)
        switch node {
        case .scalar(let s):
            let shape: ScalarShape =
                switch s.style {
                case .plain: .plain
                case .singleQuoted, .doubleQuoted: .quoted
                default: .block
                }
            return scalar(s.string, shape: shape, start: start, file: file)
        case .sequence(let seq):
            let items = seq.map { make($0, file) }
            let end = items.last.map { $0.range.bytes.upperBound } ?? emptyEnd
            return .sequence(items, range: SourceRange(file: file, bytes: start..<max(start, end)))
        case .mapping(let map):
            var entries: [(key: YAMLNode, value: YAMLNode)] = []
            for (k, v) in map { entries.append((make(k, file), make(v, file))) }
            let end = entries.last.map { $0.value.range.bytes.upperBound } ?? emptyEnd
            return .mapping(entries, range: SourceRange(file: file, bytes: start..<max(start, end)))
        case .alias:
            return .null(range: SourceRange(file: file, bytes: start..<start))
        }
    }

    static func hasByteOrderMark(_ file: SourceFile) -> Bool { file.utf8.starts(with: [0xEF, 0xBB, 0xBF]) }

    /// The byte offset of a libyaml position. `SourceFile` counts line 1 from after a byte order
    /// mark, as libyaml, which was given the text without it, does.
    static func offset(of mark: Mark, in file: SourceFile) -> Int {
        file.offset(line: mark.line, column: mark.column)
    }

    /// How a scalar was written, as far as its range goes.
    enum ScalarShape { case plain, quoted, block }

    /// A scalar node starting at byte `start`; a plain empty, `~` or `null` is YAML's null.
    static func scalar(_ text: String, shape: ScalarShape, start: Int, file: SourceFile) -> YAMLNode {
        let range = scalarRange(start: start, value: text, shape: shape, file: file)
        if shape == .plain, text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" {
            return .null(range: range)
        }
        return .scalar(text, plain: shape == .plain, range: range)
    }

    /// A scalar's range: the value as written on its line (quotes included), or one line of a block.
    static func scalarRange(start: Int, value: String, shape: ScalarShape, file: SourceFile) -> SourceRange {
        let bytes = file.utf8
        var end = start
        switch shape {
        case .quoted:
            let quote = bytes.indices.contains(start) ? bytes[start] : 0
            end = start + 1
            while end < bytes.count {
                if bytes[end] == quote {
                    if quote == UInt8(ascii: "'"), end + 1 < bytes.count, bytes[end + 1] == quote {
                        end += 2
                        continue
                    }
                    end += 1
                    break
                }
                if quote == UInt8(ascii: "\""), bytes[end] == UInt8(ascii: "\\") { end += 1 }
                end += 1
            }
        case .plain:
            end = start + value.utf8.count
            // A plain scalar may be folded over lines; keep the first line only.
            var i = start
            while i < min(end, bytes.count), bytes[i] != UInt8(ascii: "\n") { i += 1 }
            end = min(i, bytes.count)
        case .block:
            var i = start
            while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            end = i
        }
        return SourceRange(file: file, bytes: start..<max(start + (start < bytes.count ? 1 : 0), min(end, bytes.count)))
    }
}

extension String {
    fileprivate var trimmingSuffixWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
