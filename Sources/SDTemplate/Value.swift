import SDBasics

/// A runtime value of the template language.
///
/// Lists and dictionaries are references, as in Python, so `<< do cols.append('x') >>` changes the
/// list every name bound to it sees. Values live for one render and are not shared across threads.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list(TemplateList)
    case dict(TemplateDictionary)
    case function(TemplateFunction)
    case object(any TemplateObject)

    /// A fresh list value.
    public static func list(_ items: [Value]) -> Value { .list(TemplateList(items)) }

    /// A fresh dictionary value keeping the order of `entries`.
    public static func dict(_ entries: [(String, Value)]) -> Value {
        .dict(TemplateDictionary(entries))
    }

    /// A host function value.
    public static func function(_ name: String, _ body: @escaping (CallArguments) throws -> Value)
        -> Value
    {
        .function(TemplateFunction(name, body))
    }

    /// The name of the value's type as used in diagnostics (`string`, `list`, …).
    public var typeName: String {
        switch self {
        case .none: "none"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "float"
        case .string: "string"
        case .list: "list"
        case .dict: "dict"
        case .function: "function"
        case .object(let o): o.typeName
        }
    }

    /// Truthiness as in Jinja: none, false, 0, empty strings and collections are false.
    public var isTruthy: Bool {
        switch self {
        case .none: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.items.isEmpty
        case .dict(let d): d.count > 0
        case .function, .object: true
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as plain JSON (objects as their rendered text, functions as null), for manifests.
    public var json: JSONValue {
        switch self {
        case .none: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .double(let d): .double(d)
        case .string(let s): .string(s)
        case .list(let l): .array(l.items.map(\.json))
        case .dict(let d):
            .object(
                Dictionary(d.entries.map { ($0.key, $0.value.json) }, uniquingKeysWith: { _, last in last })
            )
        case .function: .null
        case .object(let o): .string(o.renderedText)
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(TemplateList(elements)) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .dict(TemplateDictionary(elements))
    }
}
