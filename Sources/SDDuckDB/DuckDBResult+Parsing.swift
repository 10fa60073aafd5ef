import SDBasics

extension DuckDBResult {
    /// Every result set in what `duckdb -json` printed for a request, in order: each is a JSON array of
    /// row objects whose members are the columns, in order (SDBasics' `OrderedJSON` keeps that order,
    /// duplicate names and the CLI's `NaN`/`Infinity` words). A row with a different number of values
    /// than the first, or output that is not such arrays, is malformed.
    static func results(in bytes: [UInt8]) throws(DuckDBError) -> [DuckDBResult] {
        let documents: [OrderedJSON]
        do {
            documents = try OrderedJSON.documents(in: bytes)
        } catch {
            throw .malformedOutput(reason: "\(error)")
        }
        return try documents.map { document throws(DuckDBError) in
            guard case .array(let rows) = document else { throw .malformedOutput(reason: "a result set is not a JSON array") }
            var result = DuckDBResult()
            result.rows.reserveCapacity(rows.count)
            for row in rows {
                guard case .object(let members) = row else {
                    throw .malformedOutput(reason: "row \(result.rows.count + 1) is not a JSON object")
                }
                if result.rows.isEmpty {
                    result.columns = members.map(\.key)
                } else if members.count != result.columns.count {
                    throw .malformedOutput(reason: "row \(result.rows.count + 1) has \(members.count) values, expected \(result.columns.count)")
                }
                result.rows.append(members.map { DuckDBValue($0.value) })
            }
            return result
        }
    }
}

extension DuckDBValue {
    /// The CLI's JSON types as DuckDB's: STRUCT and MAP are objects, LIST an array.
    init(_ json: OrderedJSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(Int64(i))
        case .bigInteger(let digits): self = .bigInteger(digits)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(DuckDBValue.init))
        case .object(let members): self = .object(members.map { DuckDBField($0.key, DuckDBValue($0.value)) })
        }
    }
}
