import Foundation

/// Why a document is not JSON, with the UTF-8 byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "not JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// The one JSON reader of the project (AWS bodies, credential endpoints, ksqlDB, Kafka Connect,
    /// the fakes' request bodies), RFC 8259 over UTF-8 bytes.
    ///
    /// Hand-written rather than `JSONSerialization` because that returns `NSNumber`, whose bridging
    /// differs between Darwin and swift-corelibs-foundation: whether `true` reads as `1` and `2.0` as
    /// an integer depends on the platform. Here the text decides: a number written without fraction
    /// and exponent that fits in `Int` is `.int`, every other number is `.double`; `true`/`false` are
    /// `.bool` only. Duplicate keys keep the last value (as JavaScript's `JSON.parse` does). Nesting
    /// deeper than `maximumDepth` is refused, so hostile input cannot exhaust the stack.
    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in
            var reader = JSONReader<JSONValue>(bytes: raw.bindMemory(to: UInt8.self))
            return try reader.document()
        }
    }

    /// `parse` over the text's UTF-8.
    public static func parse(_ text: String) throws -> JSONValue { try parse(Data(text.utf8)) }

    /// Arrays and objects nested deeper than this are refused.
    public static let maximumDepth = 512
}

/// What the reader makes of the values it scans. The scanning (structure, strings and their escapes,
/// the number grammar, depth) is one; a tree type says how numbers become values and how an object
/// keeps its members. `JSONValue` keeps the last of duplicate keys in a dictionary; `OrderedJSON`
/// keeps every member in order, as the duckdb CLI's rows need.
protocol JSONTree {
    associatedtype Members
    /// Also reads `NaN`, `Infinity` and `-Infinity`, which are not JSON (RFC 8259 §6) but are what the
    /// duckdb CLI prints for non-finite doubles.
    static var readsNonFiniteWords: Bool { get }
    static var null: Self { get }
    static func bool(_ b: Bool) -> Self
    static func string(_ s: String) -> Self
    /// `NaN` and the infinities, when `readsNonFiniteWords`.
    static func double(_ d: Double) -> Self
    /// A number as written, matching RFC 8259's grammar; `integral` when it has no fraction or exponent.
    /// Nil refuses it as out of range.
    static func number(_ text: String, integral: Bool) -> Self?
    static func array(_ elements: [Self]) -> Self
    static var noMembers: Members { get }
    static func add(_ key: String, _ value: Self, to members: inout Members)
    static func object(_ members: Members) -> Self
}

extension JSONValue: JSONTree {
    static var readsNonFiniteWords: Bool { false }
    static func number(_ text: String, integral: Bool) -> JSONValue? {
        if integral, let i = Int(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { return nil }
        return .double(d)
    }
    static var noMembers: [String: JSONValue] { [:] }
    static func add(_ key: String, _ value: JSONValue, to members: inout [String: JSONValue]) { members[key] = value }
}

struct JSONReader<Tree: JSONTree> {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func document() throws -> Tree {
        let v = try value()
        skipSpace()
        guard at == bytes.count else { throw fail("unexpected text after the document") }
        return v
    }

    func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: at, reason: reason) }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func value() throws -> Tree {
        skipSpace()
        guard at < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "N") where Tree.readsNonFiniteWords: try literal("NaN"); return .double(.nan)
        case UInt8(ascii: "I") where Tree.readsNonFiniteWords: try literal("Infinity"); return .double(.infinity)
        case UInt8(ascii: "-") where Tree.readsNonFiniteWords && at + 1 < bytes.count && bytes[at + 1] == UInt8(ascii: "I"):
            at += 1
            try literal("Infinity")
            return .double(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { throw fail("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[at + i] != expected[i] { throw fail("unexpected character") }
        at += count
    }

    mutating func nest() throws {
        depth += 1
        guard depth <= JSONValue.maximumDepth else { throw fail("nested deeper than \(JSONValue.maximumDepth) levels") }
    }

    mutating func object() throws -> Tree {
        try nest()
        at += 1
        var members = Tree.noMembers
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
            at += 1
            depth -= 1
            return Tree.object(members)
        }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try string()
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            at += 1
            Tree.add(key, try value(), to: &members)
            skipSpace()
            guard at < bytes.count else { throw fail("unexpected end of input") }
            if bytes[at] == UInt8(ascii: ",") {
                at += 1
                continue
            }
            guard bytes[at] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            at += 1
            depth -= 1
            return Tree.object(members)
        }
    }

    mutating func array() throws -> Tree {
        try nest()
        at += 1
        var elements: [Tree] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
            at += 1
            depth -= 1
            return Tree.array(elements)
        }
        while true {
            elements.append(try value())
            skipSpace()
            guard at < bytes.count else { throw fail("unexpected end of input") }
            if bytes[at] == UInt8(ascii: ",") {
                at += 1
                continue
            }
            guard bytes[at] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            at += 1
            depth -= 1
            return Tree.array(elements)
        }
    }

    /// A string starting at the opening quote; runs without escapes are copied in bulk.
    mutating func string() throws -> String {
        at += 1
        var out: [UInt8] = []
        var runStart = at
        var ascii = true
        while true {
            guard at < bytes.count else { throw fail("unterminated string") }
            let b = bytes[at]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<at])
                // Most strings are ASCII without escapes (every name and number DuckDB prints as text):
                // those need no UTF-8 validation and no copy, which made up most of reading a result.
                if out.isEmpty, ascii {
                    at += 1
                    return String(decoding: run, as: UTF8.self)
                }
                out.append(contentsOf: run)
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
                at += 1
                return text
            }
            if b < 0x20 { throw fail("control character in string") }
            if b >= 0x80 { ascii = false }
            guard b == UInt8(ascii: "\\") else {
                at += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<at]))
            at += 1
            guard at < bytes.count else { throw fail("unterminated string") }
            let escaped = bytes[at]
            at += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
            default:
                at -= 1
                throw fail("invalid escape")
            }
            runStart = at
        }
    }

    /// `\uXXXX`, with a following `\uXXXX` low surrogate when the first is a high one.
    mutating func unicodeEscape() throws -> [UInt8] {
        let high = try hex4()
        var scalar: UInt32 = high
        if (0xD800...0xDBFF).contains(high) {
            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired surrogate")
            }
            at += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
            scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(high) {
            throw fail("unpaired surrogate")
        }
        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
        return Array(String(Character(u)).utf8)
    }

    mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count else { throw fail("unterminated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[at]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | UInt32(digit)
            at += 1
        }
        return v
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws -> Tree {
        let start = at
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        guard at < bytes.count, isDigit(bytes[at]) else { throw fail("expected a digit") }
        if bytes[at] == UInt8(ascii: "0") {
            at += 1
        } else {
            while at < bytes.count, isDigit(bytes[at]) { at += 1 }
        }
        var integral = true
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            integral = false
            at += 1
            guard at < bytes.count, isDigit(bytes[at]) else { throw fail("expected a digit after '.'") }
            while at < bytes.count, isDigit(bytes[at]) { at += 1 }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            integral = false
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard at < bytes.count, isDigit(bytes[at]) else { throw fail("expected a digit in the exponent") }
            while at < bytes.count, isDigit(bytes[at]) { at += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        guard let number = Tree.number(text, integral: integral) else {
            at = start
            throw fail("number out of range")
        }
        return number
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
