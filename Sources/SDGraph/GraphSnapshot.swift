import Dispatch
import SDBasics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A project's graph as a full compile leaves it under target/, so that a later `compile --select`
/// whose inputs did not change can select without loading the project again (swiftdbt's
/// CompileCommand+Select.swift and ListCommand.swift).
///
/// Text, one line per node in uniqueId order, fields separated by tabs:
///
///     swiftdbt-graph 2
///     note <key> <value>
///     order <node numbers in the graph's topological order, joined by commas>
///     n <uniqueId> <name> <type> <package> <fqn> <path> <tags> <config> <source> <test type> <test name>
///       <tested ids> <version> <latest version> <compiled path> <parent indices>
///
/// (one line each). An atom escapes `\`, tab, newline, carriage return and the unit separator
/// (U+001F) as `\\`, `\t`, `\n`, `\r`, `\u`; a list is its count and its items joined by U+001F; an
/// optional is empty for nil and `=` before a value; parents are node numbers (line order) joined by
/// commas. Nodes come sorted and their edges as numbers, so loading neither sorts nor looks up ids.
public struct GraphSnapshot: Sendable {
    /// The graph.
    public var graph: DependencyGraph
    /// Whatever the command that saved the graph wants back (a summary line, the target's name).
    public var notes: [String: String]
    /// The compiled files: as given, or where they are in the bytes read (decoded on demand, since a
    /// selection needs a few of them).
    private let paths: Paths

    private enum Paths: Sendable {
        case given([String?])
        case stored(FileBytes, [Range<Int>?])
    }

    /// The file's name under the target path.
    public static let fileName = "swiftdbt-graph.txt"
    static let magic = "swiftdbt-graph 2"

    /// A snapshot to save; `compiledPaths` are per node, in `graph.nodes` order.
    public init(graph: DependencyGraph, compiledPaths: [String?], notes: [String: String]) {
        self.graph = graph
        self.paths = .given(compiledPaths)
        self.notes = notes
    }

    private init(graph: DependencyGraph, paths: Paths, notes: [String: String]) {
        self.graph = graph
        self.paths = paths
        self.notes = notes
    }

    /// Node `i`'s compiled file (`graph.nodes` order), relative to the project root; nil when it has none.
    public func compiledPath(_ i: Int) -> String? {
        switch paths {
        case .given(let all): return i < all.count ? all[i] : nil
        case .stored(let file, let ranges): return ranges[i].flatMap { range in file.withUnsafeBufferPointer { Self.atom($0, range) } }
        }
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        let pieces = stream()
        while let batch = pieces.next() { for piece in batch { out += piece } }
        return out
    }

    /// The file's bytes a batch of nodes at a time, for `FileSystem.writeStream`: at 100k models the
    /// whole file is 44 MB, which a compile near its memory peak need not hold at once.
    public func stream(batchSize: Int = 4_096) -> ChunkStream {
        var next = -1
        return ChunkStream {
            if next == -1 {
                next = 0
                var out: [UInt8] = Array(Self.magic.utf8)
                out.append(Byte.newline)
                for key in notes.keys.sorted() {
                    out.append(contentsOf: "note".utf8)
                    Self.field(key, &out)
                    Self.field(notes[key] ?? "", &out)
                    out.append(Byte.newline)
                }
                // The order the graph computed, so that loading it does not sort again.
                if graph.isAcyclic {
                    out.append(contentsOf: "order\t".utf8)
                    for (k, i) in graph.topologicalIndices.enumerated() {
                        if k > 0 { out.append(UInt8(ascii: ",")) }
                        out.append(contentsOf: String(i).utf8)
                    }
                    out.append(Byte.newline)
                }
                return [out]
            }
            guard next < graph.nodes.count else { return nil }
            let range = next..<min(graph.nodes.count, next + max(1, batchSize))
            next = range.upperBound
            var out: [UInt8] = []
            out.reserveCapacity(range.count * 256)
            for i in range { line(i, &out) }
            return [out]
        }
    }

    /// Node `i`'s line.
    private func line(_ i: Int, _ out: inout [UInt8]) {
        let node = graph.nodes[i]
        out.append(UInt8(ascii: "n"))
        for text in [node.uniqueId, node.name, node.resourceType.rawValue, node.packageName] { Self.field(text, &out) }
        Self.list(node.fqn, &out)
        Self.field(node.originalFilePath, &out)
        Self.list(node.tags, &out)
        Self.list(Self.configAtoms(node.config), &out)
        for value in [node.sourceName, node.testType?.rawValue, node.testName] { Self.optional(value, &out) }
        Self.list(node.testedNodeIds, &out)
        for value in [node.version, node.latestVersion, compiledPath(i)] { Self.optional(value, &out) }
        out.append(Byte.tab)
        var first = true
        for p in graph.parentIndices.neighbours(i) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: String(p).utf8)
        }
        out.append(Byte.newline)
    }

    /// The snapshot in `bytes`, or nil when they are not one this version wrote (truncated, edited,
    /// another format): the caller then loads the project as if there were none.
    public static func decode(_ bytes: [UInt8]) -> GraphSnapshot? { decode(FileBytes(bytes)) }

    /// The snapshot in a file as read (mapped, on the local disk: FileBytes.swift); it is kept for
    /// the compiled paths, which are decoded when asked for.
    public static func decode(_ file: FileBytes) -> GraphSnapshot? {
        file.withUnsafeBufferPointer { decode($0, keeping: file) }
    }

    private static func decode(_ bytes: Bytes, keeping file: FileBytes) -> GraphSnapshot? {
        var lines: [Range<Int>] = []
        lines.reserveCapacity(bytes.count / 200)
        var start = 0
        if let base = bytes.baseAddress {
            while start < bytes.count, let newline = memchr(base + start, Int32(Byte.newline), bytes.count - start) {
                let i = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
                lines.append(start..<i)
                start = i + 1
            }
        }
        guard start == bytes.count, let head = lines.first, String(decoding: bytes[head], as: UTF8.self) == magic else { return nil }
        var notes: [String: String] = [:]
        var k = 1
        while k < lines.count, bytes[lines[k]].starts(with: "note".utf8) {
            let fields = split(bytes, lines[k])
            guard fields.count == 3, let key = atom(bytes, fields[1]), let value = atom(bytes, fields[2]) else { return nil }
            notes[key] = value
            k += 1
        }
        let order: Range<Int>?
        if k < lines.count, bytes[lines[k]].starts(with: "order\t".utf8) {
            order = (lines[k].lowerBound + 6)..<lines[k].upperBound
            k += 1
        } else {
            order = nil
        }
        let nodeLines = Array(lines[k...])
        let count = nodeLines.count
        // Each line is decoded straight into its slot, on both cores: a node is a dozen references,
        // and building them elsewhere to copy them in was a tenth of the load. The same workers
        // hash the ids for the index table, read the parents and check the order of their own run
        // of nodes, so that what is left after them is only what needs the whole graph.
        var pathRanges = [Range<Int>?](repeating: nil, count: count)
        var hashes = [UInt64](repeating: 0, count: count)
        let chunks = max(1, min(count / 512, 8))
        var runs = [Run](repeating: Run(), count: chunks)
        let nodes = [GraphNode](unsafeUninitializedCapacity: count) { nodeSlots, initialized in
            pathRanges.withUnsafeMutableBufferPointer { pathOut in
                hashes.withUnsafeMutableBufferPointer { hashOut in
                    runs.withUnsafeMutableBufferPointer { runOut in
                        let shared = UnsafeSendable((bytes, nodeSlots, pathOut, hashOut, runOut))
                        DispatchQueue.concurrentPerform(iterations: chunks) { c in
                            let (bytes, nodes, paths, hashes, runs) = shared.value
                            let size = (count + chunks - 1) / chunks
                            let lo = min(count, c * size)
                            let hi = min(count, lo + size)
                            var last = LastConfig()
                            var run = Run()
                            for i in lo..<hi {
                                var parents = 0..<0
                                // Every slot is filled, even after a line that does not read back,
                                // so that the array is whole and frees alike.
                                guard node(bytes, nodeLines[i], into: nodes, at: i, path: &paths[i], parents: &parents, last: &last) else {
                                    for j in i..<hi { nodes.initializeElement(at: j, to: Self.placeholder) }
                                    return
                                }
                                guard run.edges(bytes, parents, to: i, below: count), i == lo || nodes[i - 1].uniqueId < nodes[i].uniqueId else {
                                    for j in (i + 1)..<hi { nodes.initializeElement(at: j, to: Self.placeholder) }
                                    return
                                }
                                hashes[i] = NodeIndexTable.hash(nodes[i].uniqueId)
                            }
                            run.done = true
                            runs[c] = run
                        }
                    }
                }
            }
            initialized = count
        }
        guard runs.allSatisfy({ $0.done }) else { return nil }
        // Where one run meets the next.
        let size = (count + chunks - 1) / chunks
        for c in 1..<chunks where c * size < count && !(nodes[c * size - 1].uniqueId < nodes[c * size].uniqueId) { return nil }
        var from: [Int] = []
        var to: [Int] = []
        from.reserveCapacity(runs.reduce(0) { $0 + $1.from.count })
        to.reserveCapacity(from.capacity)
        for run in runs {
            from += run.from
            to += run.to
        }
        // The index table, both directions' adjacency and the saved order are independent: side by side.
        var built = Built()
        withUnsafeMutablePointer(to: &built) { out in
            let shared = UnsafeSendable((out, bytes, nodes, hashes, from, to))
            DispatchQueue.concurrentPerform(iterations: 4) { part in
                let (out, bytes, nodes, hashes, from, to) = shared.value
                switch part {
                case 0:
                    var unique = true
                    // A closure, not a key path: mapping with `\.uniqueId` copied every node.
                    out.pointee.index = NodeIndexTable(ids: nodes.map { $0.uniqueId }, hashes: hashes) { _ in unique = false }
                    out.pointee.unique = unique
                case 1: out.pointee.parents = Adjacency(count: count, from: to, to: from)
                case 2: out.pointee.children = Adjacency(count: count, from: from, to: to)
                default: out.pointee.order = order.flatMap { numbers(bytes, $0, below: count) }
                }
            }
        }
        guard built.unique, let index = built.index, let parents = built.parents, let children = built.children else { return nil }
        // The tests' dependencies, in two halves; a test of a node the graph does not hold would
        // trap in the graph, as any other programmer error does, so it ends the reading here.
        var testDependencies = [[Int]](repeating: [], count: count)
        var unknown = [Bool](repeating: false, count: 2)
        testDependencies.withUnsafeMutableBufferPointer { out in
            unknown.withUnsafeMutableBufferPointer { failed in
                let shared = UnsafeSendable((out, failed, nodes, index, parents))
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    let (out, failed, nodes, index, parents) = shared.value
                    let range = half == 0 ? 0..<(count / 2) : (count / 2)..<count
                    failed[half] = DependencyGraph.testDependencies(nodes, index: index, parents: parents, in: range, into: out) != nil
                }
            }
        }
        guard !unknown.contains(true) else { return nil }
        return GraphSnapshot(
            graph: DependencyGraph(
                sorted: nodes, index: index, parents: parents, children: children, testDependencies: testDependencies, order: built.order),
            paths: .stored(file, pathRanges), notes: notes)
    }

    /// What a worker read beside its run of nodes: their edges as (parent, child) numbers.
    private struct Run {
        var from: [Int] = []
        var to: [Int] = []
        var done = false

        /// Reads node `child`'s parents field; false when it is not numbers below `count`.
        mutating func edges(_ bytes: Bytes, _ range: Range<Int>, to child: Int, below count: Int) -> Bool {
            guard let parents = GraphSnapshot.numbers(bytes, range, below: count) else { return false }
            for p in parents {
                from.append(p)
                to.append(child)
            }
            return true
        }
    }

    /// The parts of the graph built side by side.
    private struct Built {
        var index: NodeIndexTable?
        var unique = false
        var parents: Adjacency?
        var children: Adjacency?
        var order: [Int]?
    }

    /// What fills the slots after a line that does not read back, so that all can be freed alike.
    private static let placeholder = GraphNode(uniqueId: "", name: "", resourceType: .model, packageName: "", fqn: [], originalFilePath: "")

    /// Comma-separated node numbers below `count`; nil when the text is anything else.
    private static func numbers(_ bytes: Bytes, _ range: Range<Int>, below count: Int) -> [Int]? {
        var out: [Int] = []
        var value = -1
        for i in range {
            let b = bytes[i]
            if b == UInt8(ascii: ",") {
                guard value >= 0 else { return nil }
                out.append(value)
                value = -1
                continue
            }
            let d = Int(b) - 48
            guard d >= 0, d <= 9 else { return nil }
            value = max(value, 0) * 10 + d
            if value >= count { return nil }
        }
        if value >= 0 {
            out.append(value)
        } else if !range.isEmpty {
            return nil
        }
        return out
    }

    // MARK: - Config

    /// A flat config as atoms: per key (sorted) the key, a kind letter and the value (a list's count
    /// then its items).
    static func configAtoms(_ config: [String: ConfigValue]) -> [String] {
        var atoms: [String] = []
        for key in config.keys.sorted() {
            guard let value = config[key] else { continue }
            atoms.append(key)
            switch value {
            case .string(let s): atoms += ["s", s]
            case .bool(let b): atoms += ["b", b ? "1" : "0"]
            // Double's description is the shortest text that reads back as the same Double.
            case .number(let n): atoms += ["n", n.description]
            case .list(let items): atoms += ["l", String(items.count)] + items
            }
        }
        return atoms
    }

    static func config(_ atoms: [String]) -> [String: ConfigValue]? {
        var config: [String: ConfigValue] = [:]
        var k = 0
        while k < atoms.count {
            guard k + 2 < atoms.count else { return nil }
            let key = atoms[k]
            let kind = atoms[k + 1]
            let value = atoms[k + 2]
            k += 3
            switch kind {
            case "s": config[key] = .string(value)
            case "b": config[key] = .bool(value == "1")
            case "n":
                guard let n = Double(value) else { return nil }
                config[key] = .number(n)
            case "l":
                guard let n = Int(value), n >= 0, k + n <= atoms.count else { return nil }
                config[key] = .list(Array(atoms[k..<(k + n)]))
                k += n
            default: return nil
            }
        }
        return config
    }

    // MARK: - Writing atoms

    private static func field(_ text: String, _ out: inout [UInt8]) {
        out.append(Byte.tab)
        escape(text, &out)
    }

    private static func optional(_ text: String?, _ out: inout [UInt8]) {
        out.append(Byte.tab)
        guard let text else { return }
        out.append(UInt8(ascii: "="))
        escape(text, &out)
    }

    private static func list(_ items: [String], _ out: inout [UInt8]) {
        out.append(Byte.tab)
        out.append(contentsOf: String(items.count).utf8)
        for item in items {
            out.append(Byte.unitSeparator)
            escape(item, &out)
        }
    }

    private static func escape(_ text: String, _ out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case Byte.tab: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case Byte.newline: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case Byte.unitSeparator: out += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
            default: out.append(b)
            }
        }
    }

    // MARK: - Reading atoms

    private typealias Bytes = UnsafeBufferPointer<UInt8>

    private static func split(_ bytes: Bytes, _ line: Range<Int>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var start = line.lowerBound
        for i in line where bytes[i] == Byte.tab {
            fields.append(start..<i)
            start = i + 1
        }
        fields.append(start..<line.upperBound)
        return fields
    }

    private static func atom<C: RandomAccessCollection>(_ bytes: C, _ range: Range<Int>) -> String?
    where C.Element == UInt8, C.Index == Int {
        var plain = true
        for i in range where bytes[i] == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain { return String(decoding: bytes[range], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            i += 1
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                continue
            }
            guard i < range.upperBound else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "t"): out.append(Byte.tab)
            case UInt8(ascii: "n"): out.append(Byte.newline)
            case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
            case UInt8(ascii: "u"): out.append(Byte.unitSeparator)
            default: return nil
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads one node line field by field, without collecting the fields first: loading 160,000
    /// nodes is mostly this, so it allocates only the values it returns.
    private struct Reader {
        let bytes: Bytes
        var at: Int
        let end: Int
        /// Set by the first field that does not read back.
        var failed = false

        /// The next field's range, without moving past it.
        func peek() -> Range<Int> {
            guard at <= end else { return end..<end }
            var i = at
            while i < end, bytes[i] != Byte.tab { i += 1 }
            return at..<i
        }

        /// The next tab-separated field's range, moving past it.
        mutating func field() -> Range<Int> {
            if at > end { failed = true }
            let range = peek()
            at = range.upperBound + 1
            return range
        }

        mutating func text() -> String {
            guard let s = GraphSnapshot.atom(bytes, field()) else {
                failed = true
                return ""
            }
            return s
        }

        mutating func optional() -> String? {
            guard let range = optionalRange() else { return nil }
            guard let s = GraphSnapshot.atom(bytes, range) else {
                failed = true
                return nil
            }
            return s
        }

        /// A list field: its count, then that many items separated by U+001F.
        mutating func list() -> [String] {
            let range = field()
            var i = range.lowerBound
            var count = 0
            while i < range.upperBound, bytes[i] != Byte.unitSeparator {
                let d = Int(bytes[i]) - 48
                guard d >= 0, d <= 9, count < 1 << 40 else {
                    failed = true
                    return []
                }
                count = count * 10 + d
                i += 1
            }
            guard i > range.lowerBound else {
                failed = true
                return []
            }
            var items: [String] = []
            items.reserveCapacity(count)
            while i < range.upperBound {
                let start = i + 1
                var j = start
                while j < range.upperBound, bytes[j] != Byte.unitSeparator { j += 1 }
                guard let item = GraphSnapshot.atom(bytes, start..<j) else {
                    failed = true
                    return []
                }
                items.append(item)
                i = j
            }
            if items.count != count { failed = true }
            return items
        }

        /// An optional field's value, where it is in the bytes: `=` and the value, or empty for nil.
        mutating func optionalRange() -> Range<Int>? {
            let range = field()
            if range.isEmpty { return nil }
            guard bytes[range.lowerBound] == UInt8(ascii: "=") else {
                failed = true
                return nil
            }
            return (range.lowerBound + 1)..<range.upperBound
        }
    }

    /// The last config field decoded by a worker, and what it decoded to.
    private struct LastConfig {
        var range: Range<Int> = 0..<0
        var config: [String: ConfigValue]? = nil
    }

    /// Decodes a node line into `slot` of `nodes` (built there, never copied), with where its
    /// compiled path and parents are; false, leaving the slot empty, when the line does not read back.
    private static func node(
        _ bytes: Bytes, _ line: Range<Int>, into nodes: UnsafeMutableBufferPointer<GraphNode>, at slot: Int,
        path pathRange: inout Range<Int>?, parents parentRange: inout Range<Int>, last: inout LastConfig
    ) -> Bool {
        var r = Reader(bytes: bytes, at: line.lowerBound, end: line.upperBound)
        guard r.field() == line.lowerBound..<(line.lowerBound + 1), bytes[line.lowerBound] == UInt8(ascii: "n") else { return false }
        let id = r.text()
        let name = r.text()
        let type = r.text()
        let package = r.text()
        let fqn = r.list()
        let path = r.text()
        let tags = r.list()
        let configField = r.peek()
        let config: [String: ConfigValue]?
        // Neighbouring nodes mostly share a config (a folder's models, a kind of test): the same
        // text gets the same dictionary, shared rather than built again.
        if let previous = last.config, last.range.count == configField.count, bytes[last.range].elementsEqual(bytes[configField]) {
            _ = r.field()
            config = previous
        } else {
            config = Self.config(r.list())
            last = LastConfig(range: configField, config: config)
        }
        let sourceName = r.optional()
        let testTypeText = r.optional()
        let testName = r.optional()
        let tested = r.list()
        let version = r.optional()
        let latest = r.optional()
        let compiledPath = r.optionalRange()
        let parents = r.field()
        // Every field read, and the last one ended the line.
        guard !r.failed, r.at == line.upperBound + 1, let config else { return false }
        var testType: TestType? = nil
        if let testTypeText {
            guard let known = TestType(rawValue: testTypeText) else { return false }
            testType = known
        }
        nodes.initializeElement(
            at: slot,
            to: GraphNode(
                uniqueId: id, name: name, resourceType: ResourceType(rawValue: type), packageName: package, fqn: fqn,
                originalFilePath: path, tags: tags, config: config, sourceName: sourceName, testType: testType, testName: testName,
                testedNodeIds: tested))
        nodes[slot].version = version
        nodes[slot].latestVersion = latest
        pathRange = compiledPath
        parentRange = parents
        return true
    }
}

private enum Byte {
    static let newline = UInt8(ascii: "\n")
    static let tab = UInt8(ascii: "\t")
    static let unitSeparator: UInt8 = 0x1F
}
