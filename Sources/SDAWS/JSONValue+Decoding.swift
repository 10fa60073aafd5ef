import Foundation
import SDBasics

extension JSONValue {
    /// Parses a JSON document (AWS JSON 1.1 bodies, credential endpoints' responses).
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(DecodedJSON.self, from: data).value
    }

    /// The array elements, or nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number as an Int (an integral double too), or nil.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
}

/// Decodable bridge: tries each JSON kind in turn (Bool before numbers, Int before Double).
private struct DecodedJSON: Decodable {
    var value: JSONValue

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            value = .null
        } else if let b = try? c.decode(Bool.self) {
            value = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            value = .int(i)
        } else if let d = try? c.decode(Double.self) {
            value = .double(d)
        } else if let s = try? c.decode(String.self) {
            value = .string(s)
        } else if let a = try? c.decode([DecodedJSON].self) {
            value = .array(a.map(\.value))
        } else {
            let o = try c.decode([String: DecodedJSON].self)
            value = .object(o.mapValues(\.value))
        }
    }
}
