/// Reads what `duckdb -json` prints for a request: zero or more result sets, each a JSON array of
/// row objects.
///
/// Written by hand instead of using Foundation because JSONSerialization forgets the order of
/// object keys (the column order) and drops duplicate keys, and because DuckDB writes the non-JSON
/// literals `NaN`, `Infinity` and `-Infinity` for doubles.
struct DuckDBJSONReader {
    private let bytes: [UInt8]
    private var i = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Every result set in the output, in order.
    static func results(in bytes: [UInt8]) throws(DuckDBError) -> [DuckDBResult] {
        var reader = DuckDBJSONReader(bytes)
        var out: [DuckDBResult] = []
        while true {
            reader.skipWhitespace()
            guard reader.i < reader.bytes.count else { return out }
            out.append(try reader.resultSet())
        }
    }

    private mutating func resultSet() throws(DuckDBError) -> DuckDBResult {
        try expect(UInt8(ascii: "["))
        var result = DuckDBResult()
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            i += 1
            return result
        }
        while true {
            skipWhitespace()
            try expect(UInt8(ascii: "{"))
            var names: [String] = []
            var row: [DuckDBValue] = []
            if result.rows.isEmpty { names.reserveCapacity(8) } else { row.reserveCapacity(result.columns.count) }
            try members { (name, value) in
                if result.rows.isEmpty { names.append(name) }
                row.append(value)
            }
            if result.rows.isEmpty {
                result.columns = names
            } else if row.count != result.columns.count {
                throw .malformedOutput(reason: "row \(result.rows.count + 1) has \(row.count) values, expected \(result.columns.count)")
            }
            result.rows.append(row)
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                i += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return result
        }
    }

    /// Reads the members of an object whose `{` was consumed, through its `}`.
    private mutating func members(_ body: (String, DuckDBValue) throws(DuckDBError) -> Void) throws(DuckDBError) {
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            let name = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let v = try value()
            try body(name, v)
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                i += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    private mutating func value() throws(DuckDBError) -> DuckDBValue {
        guard let c = peek else { throw fail("unexpected end of output") }
        switch c {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "{"):
            i += 1
            var fields: [DuckDBField] = []
            try members { name, v in fields.append(DuckDBField(name, v)) }
            return .object(fields)
        case UInt8(ascii: "["):
            i += 1
            var items: [DuckDBValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                i += 1
                return .list(items)
            }
            while true {
                skipWhitespace()
                items.append(try value())
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                return .list(items)
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "N"):
            try literal("NaN")
            return .double(.nan)
        case UInt8(ascii: "I"):
            try literal("Infinity")
            return .double(.infinity)
        default:
            return try number()
        }
    }

    private mutating func number() throws(DuckDBError) -> DuckDBValue {
        let start = i
        if peek == UInt8(ascii: "-") {
            i += 1
            if peek == UInt8(ascii: "I") {
                try literal("Infinity")
                return .double(-.infinity)
            }
        }
        var isInteger = true
        while let c = peek {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                isInteger = false
            default:
                return try makeNumber(start, isInteger)
            }
            i += 1
        }
        return try makeNumber(start, isInteger)
    }

    private func makeNumber(_ start: Int, _ isInteger: Bool) throws(DuckDBError) -> DuckDBValue {
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger {
            if let v = Int64(text) { return .int(v) }
            if text.count > (text.hasPrefix("-") ? 1 : 0) { return .bigInteger(text) }
        } else if let d = Double(text) {
            return .double(d)
        }
        throw fail("bad number '\(text)'")
    }

    private mutating func string() throws(DuckDBError) -> String {
        try expect(UInt8(ascii: "\""))
        let start = i
        // Fast path: no escapes, decode the slice directly.
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<i], as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                continue
            }
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u")
                {
                    i += 2
                    let low = try hex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: out.append(e)  // \" \\ \/
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(DuckDBError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            i += 1
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func expect(_ c: UInt8) throws(DuckDBError) {
        guard peek == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))'") }
        i += 1
    }

    private mutating func literal(_ word: StaticString) throws(DuckDBError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end of output") }
        let ok = word.withUTF8Buffer { w in
            (0..<n).allSatisfy { bytes[i + $0] == w[$0] }
        }
        guard ok else { throw fail("bad literal") }
        i += n
    }

    private func fail(_ what: String) -> DuckDBError {
        let lo = max(0, i - 20)
        let hi = min(bytes.count, i + 20)
        let near = String(decoding: bytes[lo..<hi], as: UTF8.self)
        return .malformedOutput(reason: "\(what) at byte \(i) near '\(near)'")
    }
}
