import Foundation
import SDBasics

/// JSON bodies in and out of the fake, as `SDBasics.JSONValue`.
enum FakeJSON {
    static func parse(_ data: Data) -> JSONValue {
        guard !data.isEmpty, let any = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return .object([:])
        }
        return value(any)
    }

    static func value(_ any: Any) -> JSONValue {
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            if n.doubleValue == n.doubleValue.rounded(), abs(n.doubleValue) < 9e15 { return .int(n.intValue) }
            return .double(n.doubleValue)
        case let a as [Any]: return .array(a.map(value))
        case let o as [String: Any]: return .object(o.mapValues(value))
        default: return .null
        }
    }
}

extension JSONValue {
    var array: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }
    var int: Int? {
        switch self {
        case .int(let i): i
        case .double(let d): Int(d)
        case .string(let s): Int(s)
        default: nil
        }
    }
    var object: [String: JSONValue] {
        if case .object(let o) = self { return o }
        return [:]
    }
}
