/// JSON read with every object member kept, in the order written, duplicates included, and with
/// integers beyond `Int` kept as their digits: the shape of what the duckdb CLI prints in `-json`
/// mode, where a row's member order is the column order and `select 1 as a, 2 as a` has two `a`s.
/// `JSONValue` forgets both (its objects are dictionaries), so the duckdb reader uses this instead;
/// both come from the one reader in JSONValue+Parsing.swift.
public enum OrderedJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// An integer written without fraction or exponent that does not fit in `Int` (DuckDB's UBIGINT,
    /// HUGEINT), as written.
    case bigInteger(String)
    case double(Double)
    case string(String)
    case array([OrderedJSON])
    /// The members, in the order written.
    case object([(key: String, value: OrderedJSON)])

    /// Every document in `bytes`, one after another with whitespace between (the duckdb CLI prints
    /// one array per result set). Besides RFC 8259 it reads the CLI's `NaN`, `Infinity` and
    /// `-Infinity`; anything else that is not JSON throws `JSONParseError`.
    public static func documents(in bytes: [UInt8]) throws -> [OrderedJSON] {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader<OrderedJSON>(bytes: buffer)
            var out: [OrderedJSON] = []
            while true {
                reader.skipSpace()
                guard reader.at < buffer.count else { return out }
                out.append(try reader.value())
            }
        }
    }
}

extension OrderedJSON: JSONTree {
    static var readsNonFiniteWords: Bool { true }
    static func number(_ text: String, integral: Bool) -> OrderedJSON? {
        if integral { return Int(text).map { .int($0) } ?? .bigInteger(text) }
        return Double(text).map { .double($0) }
    }
    /// Room for a typical row up front: growing the array member by member was most of reading a
    /// 100,000-row result (bench/duckdb-json).
    static var noMembers: [(key: String, value: OrderedJSON)] {
        var members: [(key: String, value: OrderedJSON)] = []
        members.reserveCapacity(16)
        return members
    }
    static func add(_ key: String, _ value: OrderedJSON, to members: inout [(key: String, value: OrderedJSON)]) {
        members.append((key, value))
    }
}
