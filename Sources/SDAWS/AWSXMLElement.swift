import Foundation

/// A parsed XML element: enough of XML for AWS responses (elements, attributes, text, entities,
/// CDATA; no DTDs or namespaces resolution).
public struct AWSXMLElement: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [AWSXMLElement]
    /// The element's own text, entities decoded, concatenated across child elements.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [AWSXMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first direct child with this name.
    public func child(_ name: String) -> AWSXMLElement? { children.first { $0.name == name } }

    /// Every direct child with this name, in document order.
    public func children(_ name: String) -> [AWSXMLElement] { children.filter { $0.name == name } }

    /// The first element with this name at any depth, this one included (depth-first).
    public func first(_ name: String) -> AWSXMLElement? {
        if self.name == name { return self }
        for c in children {
            if let hit = c.first(name) { return hit }
        }
        return nil
    }

    /// Trimmed text of the first descendant with this name.
    public func value(_ name: String) -> String? {
        first(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}

extension AWSXMLElement {
    /// Parses an XML document (an S3 or STS response body) into its root element.
    public static func parse(_ data: Data) throws -> AWSXMLElement { try AWSXMLParser.parse(data) }
}
