/// A JSON document with a fast, byte-stable writer: object keys are written in sorted order,
/// numbers without locale, and the output ends with a newline when pretty-printed.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Writes the document; `indent` > 0 pretty-prints with that many spaces a level.
    public func serialized(indent: Int = 2) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: indent, level: 0)
        if indent > 0 { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as `serialized()` writes it nested `level` deep (two spaces a level, no
    /// final newline): how a writer puts an entry of a large document straight at its place.
    public func write(into out: inout [UInt8], level: Int) { write(into: &out, indent: 2, level: level) }

    /// Works on UTF-8 bytes: a 10,000-model manifest is tens of megabytes, and appending to a
    /// String one scalar at a time dominated writing it.
    private func write(into out: inout [UInt8], indent: Int, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            if d.isNaN || d.isInfinite {
                out.append(contentsOf: "null".utf8)
            } else if d == d.rounded(), abs(d) < 1e15 {
                out.append(contentsOf: String(Int(d)).utf8)
                out.append(contentsOf: ".0".utf8)
            } else {
                out.append(contentsOf: String(d).utf8)
            }
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(&out, indent, level + 1)
                v.write(into: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in o.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.newline(&out, indent, level + 1)
                JSONValue.writeString(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(0x20) }
                v.write(into: &out, indent: indent, level: level + 1)
            }
            JSONValue.newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int, _ level: Int) {
        guard indent > 0 else { return }
        out.append(0x0A)
        var spaces = indent * level
        // Copied from a run of spaces: appending a repeated element went a byte at a time.
        while spaces > 0 {
            let n = min(spaces, JSONValue.spaces.count)
            JSONValue.spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n])) }
            spaces -= n
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    /// A line break and the indentation of `level` as `write(into:level:)` puts them (two spaces a
    /// level): for writers that put pieces of a large document around entries it wrote.
    public static func newline(into out: inout [UInt8], level: Int) {
        newline(&out, 2, level)
    }

    /// Appends a JSON string literal (RFC 8259 escaping), copying runs that need no escape in bulk.
    /// Runs are found eight bytes at a time (`needsEscape`): the compiled and raw SQL of every node
    /// make most of a manifest's bytes, and a test of each byte was a fifth of writing it.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var runStart = 0
            var i = 0
            while i < count {
                while i + 8 <= count, !needsEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
                guard i < count else { break }
                let b = base[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else {
                    i += 1
                    continue
                }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
                // Byte by byte: appending a two-byte literal's UTF-8 view cost a third of the time
                // of SQL text, which has an escape every line.
                out.append(UInt8(ascii: "\\"))
                switch b {
                case 0x22, 0x5C: out.append(b)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    let hex = { (d: UInt8) in d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10 }
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex(b >> 4), hex(b & 0xF)])
                }
                i += 1
                runStart = i
            }
            if runStart < count { out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes is a control character, `"` or `\\`: the classic tests for a
    /// byte below a bound and for a zero byte (Hacker's Delight, 6-1), which are exact as yes/no.
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below = (w &- ones &* 0x20) & ~w & highs
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let zero = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs
        return below | zero != 0
    }

    /// Appends a JSON string literal to a String.
    public static func writeString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// Writes one JSON object member by member, in the order given, with the bytes `JSONValue.write`
/// gives the same object nested `level` deep: for large documents whose objects have a fixed set
/// of keys (a manifest's nodes), written without building and sorting a dictionary for each. The
/// caller gives the keys in `JSONValue`'s order (sorted by their UTF-8 bytes); debug builds check.
public struct JSONObjectStream {
    private let level: Int
    private var last: StaticString? = nil

    public init(level: Int) { self.level = level }

    /// `key` must need no escaping (a plain ASCII name).
    public mutating func add(_ key: StaticString, _ value: JSONValue, into out: inout [UInt8]) {
        start(key, into: &out)
        value.write(into: &out, level: level + 1)
    }

    public mutating func add(_ key: StaticString, string value: String, into out: inout [UInt8]) {
        start(key, into: &out)
        JSONValue.writeString(value, into: &out)
    }

    /// `}` on its own line, or `{}` when nothing was added.
    public func end(into out: inout [UInt8]) {
        guard last != nil else {
            out.append(contentsOf: "{}".utf8)
            return
        }
        JSONValue.newline(into: &out, level: level)
        out.append(UInt8(ascii: "}"))
    }

    private mutating func start(_ key: StaticString, into out: inout [UInt8]) {
        let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        if let last {
            assert(
                UnsafeBufferPointer(start: last.utf8Start, count: last.utf8CodeUnitCount).lexicographicallyPrecedes(keyBytes),
                "JSONObjectStream: \(key) after \(last)")
            out.append(UInt8(ascii: ","))
        } else {
            out.append(UInt8(ascii: "{"))
        }
        last = key
        JSONValue.newline(into: &out, level: level + 1)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: keyBytes)
        out.append(contentsOf: "\": ".utf8)
    }
}
