import Foundation

/// Just enough lexing of ksqlDB statements for the fake: words, quoted literals (kept with their
/// quotes), backticked identifiers (unquoted) and single punctuation characters.
enum FakeSQL {
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var chars = Array(text)
        chars.append(" ")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace || c == ";" {
                i += 1
            } else if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if c == "'" {
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "'" {
                        if j + 1 < chars.count, chars[j + 1] == "'" { j += 2; continue }
                        break
                    }
                    j += 1
                }
                out.append(String(chars[i...min(j, chars.count - 1)]))
                i = j + 1
            } else if c == "`" {
                var j = i + 1
                while j < chars.count, chars[j] != "`" { j += 1 }
                out.append(String(chars[(i + 1)..<min(j, chars.count)]))
                i = j + 1
            } else if c.isLetter || c.isNumber || c == "_" || c == "." {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." { j += 1 }
                out.append(String(chars[i..<j]))
                i = j
            } else {
                out.append(String(c))
                i += 1
            }
        }
        return out
    }

    static func unquote(_ token: String) -> String {
        guard token.count >= 2, token.first == "'", token.last == "'" else { return token }
        return String(token.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }

    /// Types as DESCRIBE shows them (VARCHAR → STRING, INT → INTEGER).
    static func canonicalType(_ type: String) -> String {
        let upper = type.uppercased().replacingOccurrences(of: " ", with: "")
        switch upper {
        case "VARCHAR": return "STRING"
        case "INT": return "INTEGER"
        default: return upper
        }
    }
}
