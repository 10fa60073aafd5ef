import Foundation
import SDBasics
import SDProject

/// A stand-in for the compiler's YAML string renderer: replaces `<< env_var('X') >>` and
/// `<< env_var('X', 'd') >>` from a dictionary, which is all these loading tests need.
func envRenderer(_ env: [String: String]) -> YAMLStringRenderer {
    { text, range, diagnostics in
        var out = text
        while let open = out.range(of: "<<"), let close = out.range(of: ">>", range: open.upperBound..<out.endIndex) {
            let inner = out[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let args = inner.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",")
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\"")) }
            let value = args.first.flatMap { env[$0] } ?? (args.count > 1 ? args[1] : nil)
            if value == nil { diagnostics.error("unset \(args.first ?? "")", at: range) }
            out.replaceSubrange(open.lowerBound..<close.upperBound, with: value ?? "")
        }
        return out
    }
}

/// SDBasics' line:column (Testing has its own `SourceLocation`).
typealias Loc = SDBasics.SourceLocation
