import SDBasics

extension JSONValue {
    var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
