import Foundation
import SDBasics
import SDTestSupport
import Testing

@testable import SDProject

/// The block-YAML parser (BlockYAML.swift) must give exactly the tree Yams gives, ranges included,
/// whenever it accepts a file, and leave every other file to Yams. Each test compares the two
/// parsers on the same text; Yams (libyaml 0.2.5) is the reference.
@Suite("Block YAML")
struct BlockYAMLTests {
    /// The tree as text: kind, byte range, value and children.
    static func shape(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        let r = "\(node.range.bytes.lowerBound)..<\(node.range.bytes.upperBound)"
        switch node {
        case .null: return "null@\(r)"
        case .scalar(let s, let plain, _): return "\(plain ? "plain" : "quoted")(\(s.debugDescription))@\(r)"
        case .sequence(let items, _): return "seq@\(r)[" + items.map { shape($0) }.joined(separator: ", ") + "]"
        case .mapping(let entries, _): return "map@\(r){" + entries.map { shape($0.key) + ": " + shape($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// Compares both parsers on `text`; returns whether the block parser accepted it.
    @discardableResult
    static func agree(_ text: String, _ comment: Comment? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        let file = SourceFile(path: "f.yml", text: text)
        let (yams, errors) = YAMLNode.parseWithYams(file)
        guard let fast = BlockYAML.parse(file) else {
            // Declined: `parse` must then answer as Yams does.
            let (node, diagnostics) = YAMLNode.parse(file)
            #expect(shape(node) == shape(yams), comment, sourceLocation: sourceLocation)
            #expect(diagnostics.map(\.message) == errors.map(\.message), comment, sourceLocation: sourceLocation)
            return false
        }
        #expect(errors.isEmpty, "accepted a text Yams refuses: \(text.debugDescription)", sourceLocation: sourceLocation)
        #expect(shape(fast) == shape(yams), "\(text.debugDescription)", sourceLocation: sourceLocation)
        return true
    }

    @Test(arguments: [
        "a: 1\nb:\n  - 'x'\n  - true\nc: 1.5\nd: ~\n",
        "version: 2\n\nmodels:\n  - name: m\n    description: 'It''s here.'\n    columns:\n      - name: id\n        data_tests:\n          - unique\n          - not_null\n",
        // Missing values, at the end of a mapping, of a sequence and of the text.
        "a:\nb: 1\n", "a:\n", "a:", "a:   # nothing\nb:\n", "- \n- x\n-", "m:\n  k:\n  j: 2\nn:\n",
        // Indentless sequences, compact mappings in sequences, a sequence under a sequence item.
        "a:\n- x\n- y\nb: 2\n", "- a: 1\n  b: 2\n- c: 3\n", "-\n  - x\n  - y\n-\n  k: v\n", "- a:\n- b\n",
        // Comments and blank lines everywhere.
        "# head\n\na: 1 # one\n  # indented comment\n\nb: 'q' # two\n#tail", "a: x#y\nb: 'x'  \n",
        // Plain scalars: colons and dashes inside, numbers, spaces before the colon, trailing spaces.
        "t: 12:30\nu: a:b\nv: -1\nw: http://x.y/z?a=b\n", "a:b: c\n", "key : value   \n", "-x: y\n",
        "a: x[y]\n", "a: x, y\n", "p: a\\d+\nq: 'c:\\x'\n", "a: #x\nb: 1\n", "a: -x\nb: x-\n", "n: null\nm: Null\nk: ''\nj: \"\"\n",
        // Quoted keys and values, a root indented, unicode.
        // Block scalars: literal and folded, chomping, indentation indicators, empty and more
        // indented lines, comments inside, the end of the text with and without a line break.
        "a: |\n  one\n  two\nb: 1\n", "a: >\n  one\n  two\n\n  three\n    deeper\n  four\nb: 1\n", "a: >-\n  x\n\n\nb: |+\n  y\n\n\nc: 1\n",
        "- >\n  folded # not a comment\n  text\n- |2\n    two more\n", "k:\n  d: |  # c\n\n    after an empty line\n  e: x\n", "a: >\n  end", "a: |-\n  end\n",
        "- name: m\n  description: >\n    Long\n    text.\n  columns:\n    - name: c\n", "a: >\n   x\n  \n   y\n",
        // Flow sequences of scalars on one line.
        "p: [\"models\"]\nq: [a, 'b c', \"d\" ]\nr: []\ns: [ ]\n", "- [1, -2, x y]\n- []\n", "t: [a]  # c\n",
        "'a b': \"c d\"\n\"e\" : 'f'\n", "  a: 1\n  b: 2\n", "d: 'café — ☕'\né: ü\n", "a: 'x' \nb: \"y\"\n",
    ])
    func acceptsAndAgrees(text: String) {
        #expect(Self.agree(text), "expected the block parser to accept \(text.debugDescription)")
    }

    /// Outside the subset, or errors: the block parser declines and Yams answers.
    @Test(arguments: [
        "a: {b: 1}\n", "a: &x 1\nb: *x\n", "a: !!str 1\n",
        "a: multi\n  line\n", "a: 'multi\n  line'\n", "a: \"esc\\n\"\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n",
        "a:\n\tb: 1\n", "a: 1\r\nb: 2\r\n", "\u{FEFF}a: 1\n", "a: 1\na: 2\n", "a: 1\n b: 2\n", "a:\n  b: 1\n c: 2\n",
        "a: b: c\n", "- - x\n", "? a\n: b\n", "just a scalar\n", "", "   \n# only a comment\n", "a: 1\n- b\n",
        "- a\nb: 1\n", "a: 'x'y\n", "a: \"open\nb: 1\n", "a: 1\nb\n  - c\n", "{a: 1", "a: @x\n", "a: `x`\n", "a:x\n", "b: \"y\"#\n", "a: [x]y\n",
        "a: |\n", "a: >\n\n", "a: |\n    \n  x\n", "a: >x\n  y\n", "a: |0\n  x\n", "a:\n  b: |\n  x\n", "a: |\n  x\n   \n",
        "a: [x, ]\n", "a: [x,,y]\n", "a: [x,\n  y]\n", "a: [[x]]\n", "a: [{b: 1}]\n", "a: [b: 1]\n", "a: [x]\n  b: 1\n",
    ])
    func declinesWhatItDoesNotKnow(text: String) {
        #expect(!Self.agree(text), "expected the block parser to decline \(text.debugDescription)")
    }

    /// Every YAML file of the repository (the RTSA project, the fixtures, the diagnostics corpus):
    /// whatever the block parser accepts, it reads as Yams does, and it accepts the RTSA project's.
    @Test func everyYAMLFileOfTheRepository() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let skipped = [".build", ".venv", "bench/out", "target", ".git"]
        var files: [String] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            if skipped.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                walker?.skipDescendants()
                continue
            }
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") { files.append(path) }
        }
        var accepted: [String] = []
        for path in files.sorted() {
            // Some fixtures are deliberately not UTF-8; the loader decodes them leniently too.
            let text = String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
            if Self.agree(text, "\(path)") { accepted.append(path) }
        }
        #expect(files.count > 100)
        // (models/gold/_gold.yml has a flow mapping, which is left to Yams.)
        for path in ["models/bronze/_bronze.yml", "models/silver/_silver.yml", "project.yml"] {
            #expect(accepted.contains(path), "the RTSA project's \(path) is block YAML")
        }
        #expect(accepted.count * 2 > files.count, "most property files are block YAML: \(accepted.count) of \(files.count)")
    }

    /// Random texts from the subset's pieces and from pieces outside it, mixed: whatever the block
    /// parser accepts, Yams accepts with the same tree.
    @Test func randomTextsAgree() {
        var rng = SplitMix64(seed: 20_261_207)
        let keys = ["a", "name", "'q k'", "\"d\"", "b c", "x:y", "-k", "a", "t"]
        let scalars = [
            "1", "'it''s'", "\"s\"", "~", "null", "x # c", "a b  ", "12:30", "-1", "[1]", "{}", "|", "&a x", "*a", "'open", "b: c", "",
            "x#y", "ü", "!t x", "?", ":", "- x", "[a, 'b']", "[]", "[a,]", "[ x ,y]", "[a:b]", "|\n  block", ">-\n   folded\n\n   more",
        ]
        var acceptedCount = 0
        for _ in 0..<3000 {
            var lines: [String] = []
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let pad = String(repeating: " ", count: [0, 0, 2, 2, 4, 1, 3, 6].randomElement(using: &rng) ?? 0)
                let key = keys.randomElement(using: &rng) ?? "a"
                let value = scalars.randomElement(using: &rng) ?? ""
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: lines.append("\(pad)- \(value)")
                case 1: lines.append("\(pad)- \(key): \(value)")
                case 2: lines.append("\(pad)\(key):")
                case 3: lines.append("\(pad)-")
                case 4: lines.append("\(pad)# note")
                case 5: lines.append("")
                default: lines.append("\(pad)\(key): \(value)")
                }
            }
            var text = lines.joined(separator: "\n")
            if Bool.random(using: &rng) { text += "\n" }
            if Self.agree(text) { acceptedCount += 1 }
        }
        // The generator must reach both answers often, or the comparison says little.
        #expect(acceptedCount > 300)
        #expect(acceptedCount < 2700)
    }

    /// A property file with one or two bytes changed, inserted or removed, or a line repeated:
    /// near misses of the subset, where a parser that accepts too much would differ from Yams.
    @Test func mutatedPropertyFilesAgree() {
        let base = """
            version: 2
            models:
              - name: orders   # the orders
                description: >
                  One row per order,
                  with its 'status'.

                  Second paragraph.
                config:
                  tags: [finance, "daily"]
                  materialized: table
                columns:
                  - name: id
                    data_tests:
                      - unique
                      - not_null
                  - name: note
                    description: |-
                      Free text:
                        kept as written
              - name: customers
                description: 'It''s here'
            sources:
              - name: raw
                tables:
                  -
                  - name: t
            """
        let pieces = [" ", "  ", "\n", ":", "- ", "-", "#", "'", "\"", "|", ">", "[", "]", ",", "x", "~", "{", "+", "2", ": "]
        var rng = SplitMix64(seed: 7)
        var acceptedCount = 0
        for _ in 0..<3000 {
            var bytes = Array(base.utf8)
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: (pieces.randomElement(using: &rng) ?? " ").utf8, at: at)
                case 2: bytes[at] = (pieces.randomElement(using: &rng) ?? " ").utf8.first ?? 0x20
                default:
                    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    let line = Int.random(in: 0..<lines.count, using: &rng)
                    var copy = lines.map(Array.init)
                    copy.insert(copy[line], at: line)
                    bytes = Array(copy.joined(separator: [0x0A]))
                }
            }
            if Self.agree(String(decoding: bytes, as: UTF8.self)) { acceptedCount += 1 }
        }
        #expect(acceptedCount > 300)
        #expect(acceptedCount < 2700)
    }

    /// The benchmark generator's property files (the figures of bench/README.md) are read by the
    /// block parser, with Yams' tree: if the generator's YAML left the subset, the figures would
    /// silently measure Yams again.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: GeneratedProjectTests.script)))
    func theGeneratedProjectsPropertyFilesAreBlockYAML() throws {
        let root = try GeneratedProjectTests.generate(models: 300)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var checked = 0
        let walker = FileManager.default.enumerator(atPath: root)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".yml") else { continue }
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            #expect(Self.agree(text, "\(path)"), "\(path) is not read by the block parser")
            checked += 1
        }
        #expect(checked >= 5)
    }
}
