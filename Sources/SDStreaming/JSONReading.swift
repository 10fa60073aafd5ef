import Foundation
import SDBasics

/// Reads server JSON into JSONValue (Foundation's parser; numbers that are whole become ints).
enum JSONReading {
    static func parse(_ text: String) -> JSONValue? {
        guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return nil }
        return convert(any)
    }

    static func convert(_ any: Any) -> JSONValue {
        if let s = any as? String { return .string(s) }
        if let a = any as? [Any] { return .array(a.map(convert)) }
        if let o = any as? [String: Any] { return .object(o.mapValues(convert)) }
        if let n = any as? NSNumber {
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return .int(Int(d)) }
            return .double(d)
        }
        return .null
    }
}
