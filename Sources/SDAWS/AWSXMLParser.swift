import Foundation

/// A small XML reader over UTF-8 bytes; AWS XML responses need no more than this.
struct AWSXMLParser {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "malformed XML at byte \(offset): \(reason)" }
    }

    private let bytes: [UInt8]
    private var i = 0

    static func parse(_ data: Data) throws -> AWSXMLElement {
        var parser = AWSXMLParser(bytes: Array(data))
        return try parser.document()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func starts(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return i + u.count <= bytes.count && Array(bytes[i..<(i + u.count)]) == u
    }

    private mutating func skip(past marker: String) throws {
        let u = Array(marker.utf8)
        while i + u.count <= bytes.count {
            if Array(bytes[i..<(i + u.count)]) == u {
                i += u.count
                return
            }
            i += 1
        }
        throw Failure(offset: i, reason: "missing '\(marker)'")
    }

    private mutating func skipMisc() throws {
        while i < bytes.count {
            if isSpace(bytes[i]) {
                i += 1
            } else if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<!DOCTYPE") {
                try skip(past: ">")
            } else {
                return
            }
        }
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func document() throws -> AWSXMLElement {
        if starts("\u{FEFF}") { i += 3 }
        try skipMisc()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "<") else {
            throw Failure(offset: i, reason: "no root element")
        }
        let root = try parseElement()
        try skipMisc()
        return root
    }

    private mutating func name() throws -> String {
        let start = i
        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/"),
            bytes[i] != UInt8(ascii: "=")
        {
            i += 1
        }
        guard i > start else { throw Failure(offset: i, reason: "expected a name") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func parseElement() throws -> AWSXMLElement {
        i += 1  // "<"
        let qualified = try name()
        let local = qualified.split(separator: ":").last.map(String.init) ?? qualified
        var element = AWSXMLElement(name: local)
        while true {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else { throw Failure(offset: i, reason: "unterminated tag <\(qualified)>") }
            if starts("/>") {
                i += 2
                return element
            }
            if bytes[i] == UInt8(ascii: ">") {
                i += 1
                break
            }
            let attr = try name()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                throw Failure(offset: i, reason: "expected '='")
            }
            i += 1
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                throw Failure(offset: i, reason: "expected a quoted attribute value")
            }
            let quote = bytes[i]
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != quote { i += 1 }
            guard i < bytes.count else { throw Failure(offset: i, reason: "unterminated attribute") }
            element.attributes[attr] = Self.decodeEntities(bytes[start..<i])
            i += 1
        }
        var text: [UInt8] = []
        while i < bytes.count {
            if starts("</") {
                i += 2
                let closing = try name()
                guard closing == qualified else {
                    throw Failure(offset: i, reason: "</\(closing)> closes <\(qualified)>")
                }
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
                i += 1
                element.text = Self.decodeEntities(text[...])
                return element
            } else if starts("<![CDATA[") {
                i += 9
                let start = i
                try skip(past: "]]>")
                // CDATA is literal: escape "&" so the entity decoder leaves it as written.
                for b in bytes[start..<(i - 3)] {
                    if b == UInt8(ascii: "&") { text.append(contentsOf: Array("&amp;".utf8)) } else { text.append(b) }
                }
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<?") {
                try skip(past: "?>")
            } else if bytes[i] == UInt8(ascii: "<") {
                element.children.append(try parseElement())
            } else {
                text.append(bytes[i])
                i += 1
            }
        }
        throw Failure(offset: i, reason: "unterminated element <\(qualified)>")
    }

    static func decodeEntities(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        let s = String(decoding: raw, as: UTF8.self)
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
