/// ASCII byte constants for the lexer.
enum Ascii {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let lt = UInt8(ascii: "<")
    static let gt = UInt8(ascii: ">")
    static let hash = UInt8(ascii: "#")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let dot = UInt8(ascii: ".")
    static let e = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
    static let equal = UInt8(ascii: "=")
    static let bang = UInt8(ascii: "!")
    static let star = UInt8(ascii: "*")
    static let slash = UInt8(ascii: "/")
    static let percent = UInt8(ascii: "%")
    static let tilde = UInt8(ascii: "~")
    static let pipe = UInt8(ascii: "|")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let lparen = UInt8(ascii: "(")
    static let rparen = UInt8(ascii: ")")
    static let lbracket = UInt8(ascii: "[")
    static let rbracket = UInt8(ascii: "]")
    static let lbrace = UInt8(ascii: "{")
    static let rbrace = UInt8(ascii: "}")

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == space || c == tab || c == newline || c == cr
    }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }
    @inline(__always) static func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }
}
