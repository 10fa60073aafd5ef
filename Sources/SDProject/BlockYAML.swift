import SDBasics

/// A parser for the block-style YAML that property files are written in: block mappings and
/// sequences, one-line plain and quoted scalars and flow sequences of them, literal and folded
/// block scalars, comments. It gives the same `YAMLNode` tree, ranges included, as
/// `YAMLNode.parse` does through Yams, and gives up (nil) on anything else: flow mappings, flow
/// sequences over lines or of more than scalars, anchors, tags, multi-line plain or quoted
/// scalars, escapes, tabs, document markers, repeated keys, or any error. The caller then parses
/// the file with Yams, which decides what it means or how it is wrong, so a file outside the
/// subset reads exactly as before.
///
/// Why: Yams composes a `Node` tree through libyaml's events and copies it into ours; the three
/// property files of a 10k-model project (1.7 MB) took 0.25 s of one core while the other had
/// finished reading the models (bench/README.md, session of 2026-12-07).
///
/// Where libyaml's positions are not obvious they follow its parser (parser.c in libyaml 0.2.5,
/// which Yams vendors): a missing value is an empty scalar marked right after its `:` or `-`
/// (`yaml_parser_parse_block_mapping_value`, `yaml_parser_parse_block_sequence_entry`); a
/// mapping starts at its first key and a sequence at its first `-`. `BlockYAMLTests` compares
/// both parsers on every YAML file of the repository and on generated and hand-made cases.
struct BlockYAML {
    /// The text is outside the subset; Yams parses it instead.
    struct Decline: Error {}

    private let file: SourceFile
    private let b: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    private var i = 0
    /// Where the current line starts, and the indentation of its content (-1 at the end of the text).
    private var lineStart = 0
    private var indent = 0

    private init(file: SourceFile, bytes: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.b = bytes
    }

    /// The file's tree, or nil when the file is not in the subset (or is empty).
    static func parse(_ file: SourceFile) -> YAMLNode? {
        file.utf8.withUnsafeBufferPointer { bytes -> YAMLNode? in
            guard allowedBytes(bytes) else { return nil }
            var parser = BlockYAML(file: file, bytes: bytes)
            return try? parser.document()
        }
    }

    /// Bytes libyaml reads as something other than text on a line: control characters (tabs
    /// included, which YAML forbids in indentation), carriage returns, the line breaks NEL,
    /// LS and PS, a byte order mark and the non-characters it refuses (`IS_PRINTABLE`).
    private static func allowedBytes(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        let n = b.count
        while k < n {
            let c = b[k]
            if c < 0x80 {
                if c < 0x20 && c != 0x0A || c == 0x7F { return false }
                k += 1
                continue
            }
            switch c {
            case 0xC2: if k + 1 < n, b[k + 1] < 0xA0 { return false }
            case 0xE2: if k + 2 < n, b[k + 1] == 0x80, b[k + 2] == 0xA8 || b[k + 2] == 0xA9 { return false }
            case 0xEF:
                if k + 2 < n, b[k + 1] == 0xBB, b[k + 2] == 0xBF { return false }
                if k + 2 < n, b[k + 1] == 0xBF, b[k + 2] == 0xBE || b[k + 2] == 0xBF { return false }
            default: break
            }
            k += 1
        }
        return true
    }

    private mutating func document() throws(Decline) -> YAMLNode {
        nextContent()
        guard indent >= 0 else { throw Decline() }
        let root = try node(column: indent)
        guard indent < 0 else { throw Decline() }
        return root
    }

    // MARK: lines

    private func at(_ k: Int) -> UInt8 { k < b.count ? b[k] : 0 }
    private func isLineEnd(_ k: Int) -> Bool { k >= b.count || b[k] == 0x0A }
    private func isBlankOrEnd(_ k: Int) -> Bool { k >= b.count || b[k] == 0x0A || b[k] == 0x20 }

    /// Moves from the start of a line to the first content of the next line that has any
    /// (skipping blank and comment lines), setting `indent`; -1 at the end of the text.
    private mutating func nextContent() {
        while true {
            lineStart = i
            while i < b.count, b[i] == 0x20 { i += 1 }
            if i >= b.count {
                indent = -1
                return
            }
            if b[i] == 0x0A {
                i += 1
                continue
            }
            if b[i] == UInt8(ascii: "#") {
                while i < b.count, b[i] != 0x0A { i += 1 }
                continue
            }
            indent = i - lineStart
            return
        }
    }

    /// After a line's last token: only spaces and a comment may follow (a comment after a space).
    private mutating func finishLine() throws(Decline) {
        let before = i
        while i < b.count, b[i] == 0x20 { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: "#") {
            guard i > before || (i > 0 && b[i - 1] == 0x20) else { throw Decline() }
            while i < b.count, b[i] != 0x0A { i += 1 }
        }
        guard isLineEnd(i) else { throw Decline() }
        if i < b.count { i += 1 }
        nextContent()
    }

    private mutating func skipSpaces() { while i < b.count, b[i] == 0x20 { i += 1 } }

    /// Nothing but spaces or a comment is left on the line.
    private func restIsEmpty() -> Bool {
        var k = i
        while k < b.count, b[k] == 0x20 { k += 1 }
        return isLineEnd(k) || (b[k] == UInt8(ascii: "#") && k > 0 && b[k - 1] == 0x20)
    }

    private func isSequenceEntry(_ k: Int) -> Bool { at(k) == UInt8(ascii: "-") && isBlankOrEnd(k + 1) }

    /// At column 0, the document markers `---` and `...` and directives end the subset.
    private func isDocumentMarker(_ k: Int) -> Bool {
        guard k == lineStart else { return false }
        let c = at(k)
        if c == UInt8(ascii: "%") { return true }
        return (c == UInt8(ascii: "-") || c == UInt8(ascii: ".")) && at(k + 1) == c && at(k + 2) == c
    }

    // MARK: nodes

    /// The block node whose first line's content is at `i`, indented `column`.
    private mutating func node(column: Int) throws(Decline) -> YAMLNode {
        guard !isDocumentMarker(i) else { throw Decline() }
        if isSequenceEntry(i) { return try sequence(column: column) }
        return try mapping(column: column)
    }

    /// `first`: its first key, already read by a sequence entry that looked for one (`- key: value`),
    /// starting at byte `start`.
    private mutating func mapping(column: Int, first: (start: Int, key: (String, YAMLNode))? = nil) throws(Decline) -> YAMLNode {
        let start = first?.start ?? i
        var entries: [(key: YAMLNode, value: YAMLNode)] = []
        var keys = Set<String>()
        var given = first?.key
        while true {
            let keyText: String
            let key: YAMLNode
            if let read = given {
                (keyText, key) = read
                given = nil
            } else {
                guard !isDocumentMarker(i), let read = try keyScalar() else { throw Decline() }
                (keyText, key) = read
            }
            guard keys.insert(keyText).inserted else { throw Decline() }
            let afterColon = i
            let value: YAMLNode
            if restIsEmpty() {
                try finishLine()
                if indent > column {
                    value = try node(column: indent)
                } else if indent == column, isSequenceEntry(i) {
                    value = try sequence(column: column)
                } else {
                    value = empty(at: afterColon)
                }
            } else {
                skipSpaces()
                value = try inlineScalar(parent: column)
                guard indent <= column else { throw Decline() }
            }
            entries.append((key, value))
            if indent == column {
                guard !isSequenceEntry(i) else { throw Decline() }
                continue
            }
            guard indent < column else { throw Decline() }
            break
        }
        let end = entries.last.map { $0.value.range.bytes.upperBound } ?? start
        return .mapping(entries, range: SourceRange(file: file, bytes: start..<max(start, end)))
    }

    private mutating func sequence(column: Int) throws(Decline) -> YAMLNode {
        let start = i
        var items: [YAMLNode] = []
        while true {
            i += 1
            let afterDash = i
            let item: YAMLNode
            if restIsEmpty() {
                try finishLine()
                item = indent > column ? try node(column: indent) : empty(at: afterDash)
            } else {
                skipSpaces()
                if isSequenceEntry(i) { throw Decline() }
                // A key read on a copy, kept when it is one: reading it again in `mapping` made
                // every `- name: …` entry of a property file scan its key twice.
                let keyStart = i
                var probe = self
                if let key = try? probe.keyScalar() {
                    self = probe
                    item = try mapping(column: keyStart - lineStart, first: (keyStart, key))
                } else {
                    item = try inlineScalar(parent: column)
                    guard indent <= column else { throw Decline() }
                }
            }
            items.append(item)
            if indent == column, isSequenceEntry(i) { continue }
            guard indent <= column else { throw Decline() }
            break
        }
        let end = items.last.map { $0.range.bytes.upperBound } ?? start
        return .sequence(items, range: SourceRange(file: file, bytes: start..<max(start, end)))
    }

    /// A missing value: libyaml's empty plain scalar, marked right after its `:` or `-`.
    private func empty(at mark: Int) -> YAMLNode {
        YAMLNode.scalar("", shape: .plain, start: mark, file: file)
    }

    // MARK: scalars

    /// A key and its colon; nil when the content at `i` is not a key.
    private mutating func keyScalar() throws(Decline) -> (String, YAMLNode)? {
        let start = i
        let c = at(i)
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
            let text = try quoted()
            skipSpaces()
            guard at(i) == UInt8(ascii: ":"), isBlankOrEnd(i + 1) else {
                i = start
                return nil
            }
            i += 1
            return (text, scalar(text, plain: false, start: start))
        }
        guard plainMayStart(at: i) else { return nil }
        // A plain key runs to the first `: ` (or `:` at the end of the line) on the line; a comment
        // or the end of the line first means this is no key.
        var k = i
        while true {
            if isLineEnd(k) { return nil }
            if b[k] == UInt8(ascii: "#"), b[k - 1] == 0x20 { return nil }
            if b[k] == UInt8(ascii: ":"), isBlankOrEnd(k + 1) { break }
            k += 1
        }
        var end = k
        while end > start, b[end - 1] == 0x20 { end -= 1 }
        // libyaml allows a simple key of at most 1,024 characters.
        guard end - start <= 1000 else { throw Decline() }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        i = k + 1
        return (text, scalar(text, plain: true, start: start))
    }

    /// A value that starts on its line (a block scalar's text follows on the next lines), then the
    /// end of its last line. `parent` is the column of the mapping or sequence it belongs to.
    private mutating func inlineScalar(parent: Int) throws(Decline) -> YAMLNode {
        let start = i
        let c = at(i)
        if c == UInt8(ascii: "|") || c == UInt8(ascii: ">") { return try blockScalar(parent: parent) }
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
            let text = try quoted()
            try finishLine()
            return scalar(text, plain: false, start: start)
        }
        if c == UInt8(ascii: "[") {
            let list = try flowSequence()
            try finishLine()
            return list
        }
        guard plainMayStart(at: i) else { throw Decline() }
        var k = i
        var end = i
        while !isLineEnd(k) {
            let byte = b[k]
            if byte == UInt8(ascii: "#"), b[k - 1] == 0x20 { break }
            // `a: b: c` is an error for libyaml; say nothing about it here.
            if byte == UInt8(ascii: ":"), isBlankOrEnd(k + 1) { throw Decline() }
            k += 1
            if byte != 0x20 { end = k }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        i = k
        try finishLine()
        return scalar(text, plain: true, start: start)
    }

    /// A literal (`|`) or folded (`>`) block scalar, with its chomping and indentation indicators,
    /// as libyaml's `yaml_parser_scan_block_scalar` reads it: the text's indentation is the first
    /// non-empty line's (at least one more than `parent`), a folded line break between two lines
    /// that do not start with a space becomes a space unless empty lines follow it, and the final
    /// line break is kept once (clip, the default), dropped (`-`) or kept with the empty lines
    /// after it (`+`). Its range is the header line, as `YAMLNode.make` gives a block's.
    private mutating func blockScalar(parent: Int) throws(Decline) -> YAMLNode {
        let start = i
        let literal = b[i] == UInt8(ascii: "|")
        i += 1
        var chomping = 0
        var increment = 0
        for _ in 0..<2 {
            let c = at(i)
            if chomping == 0, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                chomping = c == UInt8(ascii: "+") ? 1 : -1
                i += 1
            } else if increment == 0, c >= UInt8(ascii: "1"), c <= UInt8(ascii: "9") {
                increment = Int(c - UInt8(ascii: "0"))
                i += 1
            }
        }
        // The rest of the header line: spaces and a comment after a space.
        guard restIsEmpty(), isBlankOrEnd(i) else { throw Decline() }
        while !isLineEnd(i) { i += 1 }
        guard i < b.count else { throw Decline() }
        i += 1

        // The lines, as (first byte, end, leading spaces), up to the first less indented one.
        var indent = increment > 0 ? parent + increment : 0
        if indent == 0 {
            // The first non-empty line sets it; an empty line before it with more spaces would set
            // it for libyaml instead, which is left to Yams, as is a block with no text at all.
            var k = i
            var widestEmpty = 0
            while true {
                var spaces = 0
                while k + spaces < b.count, b[k + spaces] == 0x20 { spaces += 1 }
                if isLineEnd(k + spaces) {
                    widestEmpty = max(widestEmpty, spaces)
                    guard k + spaces < b.count else { throw Decline() }
                    k += spaces + 1
                    continue
                }
                guard spaces > parent, widestEmpty <= spaces else { throw Decline() }
                indent = spaces
                break
            }
        }
        var text: [UInt8] = []
        var leadingBreak = false
        var leadingBlank = false
        var trailingBreaks = 0
        var seenContent = false
        while i < b.count {
            var spaces = 0
            while i + spaces < b.count, b[i + spaces] == 0x20 { spaces += 1 }
            let first = i + spaces
            if isLineEnd(first) {
                // An empty line; one with more spaces than the text's indentation is text for
                // libyaml (spaces), which is left to Yams.
                guard spaces <= indent else { throw Decline() }
                guard first < b.count else {
                    i = first
                    break
                }
                trailingBreaks += 1
                i = first + 1
                continue
            }
            if spaces < indent { break }
            let trailingBlank = spaces > indent
            if !literal, leadingBreak, !leadingBlank, !trailingBlank {
                if trailingBreaks == 0 { text.append(0x20) }
            } else if leadingBreak {
                text.append(0x0A)
            }
            text.append(contentsOf: repeatElement(0x0A, count: trailingBreaks))
            trailingBreaks = 0
            leadingBlank = trailingBlank
            var end = first
            while !isLineEnd(end) { end += 1 }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: b[(i + indent)..<end]))
            seenContent = true
            leadingBreak = end < b.count
            i = end < b.count ? end + 1 : end
        }
        guard seenContent else { throw Decline() }
        if chomping != -1, leadingBreak { text.append(0x0A) }
        if chomping == 1 { text.append(contentsOf: repeatElement(0x0A, count: trailingBreaks)) }
        // `i` is at the start of the line that ended the block, or at the end of the text.
        nextContent()
        return YAMLNode.scalar(String(decoding: text, as: UTF8.self), shape: .block, start: start, file: file)
    }

    /// `[a, 'b']` on one line: a flow sequence of scalars (project.yml's paths, tags). Its range
    /// ends with its last item, as `YAMLNode.make` sets it; an empty one is its `[`.
    private mutating func flowSequence() throws(Decline) -> YAMLNode {
        let start = i
        i += 1
        skipSpaces()
        var items: [YAMLNode] = []
        if at(i) == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                let itemStart = i
                let c = at(i)
                if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                    let text = try quoted(inFlow: true)
                    items.append(scalar(text, plain: false, start: itemStart))
                    skipSpaces()
                } else {
                    guard plainMayStart(at: i) else { throw Decline() }
                    // Inside brackets these end or change a plain scalar, depending on libyaml's
                    // version; they are left to Yams.
                    var end = i
                    while true {
                        let byte = at(i)
                        if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") { break }
                        switch byte {
                        case 0, 0x0A, UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "}"),
                            UInt8(ascii: "#"):
                            throw Decline()
                        default: break
                        }
                        i += 1
                        if byte != 0x20 { end = i }
                    }
                    let text = String(decoding: UnsafeBufferPointer(rebasing: b[itemStart..<end]), as: UTF8.self)
                    items.append(scalar(text, plain: true, start: itemStart))
                }
                if at(i) == UInt8(ascii: "]") {
                    i += 1
                    break
                }
                guard at(i) == UInt8(ascii: ",") else { throw Decline() }
                i += 1
                skipSpaces()
                // `[a, ]` and `[a,,b]` are left to Yams.
                guard at(i) != UInt8(ascii: "]"), at(i) != UInt8(ascii: ",") else { throw Decline() }
            }
        }
        let end = items.last.map { $0.range.bytes.upperBound } ?? min(start + 1, b.count)
        return .sequence(items, range: SourceRange(file: file, bytes: start..<max(start, end)))
    }

    /// A plain scalar may not start with an indicator (YAML 1.1's `ns-plain-first`); `-` may when a
    /// non-space follows (`-1`). `?` and `:` may too, and are left to Yams.
    private func plainMayStart(at k: Int) -> Bool {
        switch at(k) {
        case UInt8(ascii: "-"): return !isBlankOrEnd(k + 1)
        case 0, 0x0A, 0x20, UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
            UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
            UInt8(ascii: "`"):
            return false
        default: return true
        }
    }

    /// A quoted scalar closed on its line, without escapes (`''` in single quotes is one quote).
    private mutating func quoted(inFlow: Bool = false) throws(Decline) -> String {
        let quote = b[i]
        var k = i + 1
        var text: [UInt8] = []
        while true {
            guard !isLineEnd(k) else { throw Decline() }
            let c = b[k]
            if c == quote {
                if quote == UInt8(ascii: "'"), at(k + 1) == quote {
                    text.append(quote)
                    k += 2
                    continue
                }
                break
            }
            if quote == UInt8(ascii: "\""), c == UInt8(ascii: "\\") { throw Decline() }
            text.append(c)
            k += 1
        }
        i = k + 1
        let next = at(i)
        guard isBlankOrEnd(i) || next == UInt8(ascii: ":") || inFlow && (next == UInt8(ascii: ",") || next == UInt8(ascii: "]")) else {
            throw Decline()
        }
        return String(decoding: text, as: UTF8.self)
    }

    private func scalar(_ text: String, plain: Bool, start: Int) -> YAMLNode {
        YAMLNode.scalar(text, shape: plain ? .plain : .quoted, start: start, file: file)
    }
}
