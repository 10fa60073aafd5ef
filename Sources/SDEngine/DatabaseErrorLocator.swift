import SDBasics
import SDCompiler
import SDTemplate

/// Turns the position a database gave in a failing statement into the template position that wrote
/// that SQL, as diagnostics: the model's file, line and column with a caret, and the compiled line.
///
/// Engines wrap a node's compiled code in their own statements (`create table … as (…)`, a CTAS with
/// properties, a test's `select count(*) from (…)`), so the compiled code is found inside the failing
/// statement first; a position outside it is in SQL the engine generated and is reported as such, with
/// the statement's line, never as a guessed template position.
public enum DatabaseErrorLocator {
    public static func diagnostics(for error: EngineError, node: CompiledNode) -> [Diagnostic] {
        guard error.kind == .database, let statement = error.statement, let position = error.position else { return [] }
        let stmt = Array(statement.utf8)
        guard position.lineStart <= stmt.count, (position.offset ?? 0) <= stmt.count else { return [] }
        let headline = "database error: " + firstLine(of: error.message)
        let compiledFile = SourceFile(path: node.compiledPath ?? "compiled SQL of \(node.name)", text: node.compiledCode)
        let statementFile = SourceFile(path: "failing statement", text: statement)
        let anchor = position.offset ?? position.lineStart
        guard let (core, lead) = compiledCore(node.compiledCode),
            let at = occurrence(of: core, in: stmt, containing: anchor)
        else {
            return [outside(headline, node: node, statementFile: statementFile, position: position, stmt: stmt)]
        }
        guard let offset = position.offset else {
            // The line is known, the column is not: name the compiled line, claim no template column.
            let compiledOffset = lead + (anchor - at)
            let lineRange = SourceRange(file: compiledFile, bytes: compiledOffset..<compiledOffset)
            return [
                .error(
                    headline + " (the database gave no usable column)", path: node.originalFilePath,
                    notes: [.note("compiled line", at: lineRange)])
            ]
        }
        let compiledOffset = lead + (offset - at)
        let length = tokenLength(Array(node.compiledCode.utf8), at: compiledOffset)
        let compiledRange = SourceRange(file: compiledFile, bytes: compiledOffset..<(compiledOffset + length))
        let compiledNote = Diagnostic.note("compiled SQL", at: compiledRange)
        guard let origin = node.sourceMap.origin(of: compiledOffset..<(compiledOffset + length)) else {
            return [
                .error(
                    headline, path: node.originalFilePath, notes: [compiledNote],
                    hint: "the position is in SQL swiftdbt added while compiling (an injected CTE's `with`), not in a template")
            ]
        }
        var notes: [Diagnostic] = []
        var hint: String?
        if !origin.isExact {
            hint = "the failing SQL was written by the expression under the caret; the compiled line shows the text it produced"
        }
        if let macro = origin.macro { notes.append(.note("written by this macro text", at: macro)) }
        notes.append(compiledNote)
        return [.error(headline, at: origin.template, notes: notes, hint: hint)]
    }

    /// A position outside the node's compiled code: in SQL the engine generated around it.
    static func outside(
        _ headline: String, node: CompiledNode, statementFile: SourceFile, position: StatementPosition,
        stmt: [UInt8]
    ) -> Diagnostic {
        let at = position.offset ?? position.lineStart
        let range = SourceRange(file: statementFile, bytes: at..<min(stmt.count, at + max(1, tokenLength(stmt, at: at))))
        return .error(
            headline, path: node.originalFilePath, notes: [.note("statement line \(position.line)", at: range)],
            hint: "the position is in SQL swiftdbt generated around the model's code, so it has no template line")
    }

    static func firstLine(of message: String) -> String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first ?? "")
    }

    /// The compiled code as engines embed it (without surrounding whitespace and trailing `;`), and
    /// the number of bytes cut from its front.
    static func compiledCore(_ code: String) -> ([UInt8], Int)? {
        let b = Array(code.utf8)
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0x0B || c == 0x0C }
        var lo = 0
        var hi = b.count
        while lo < hi, isSpace(b[lo]) { lo += 1 }
        while hi > lo, isSpace(b[hi - 1]) || b[hi - 1] == UInt8(ascii: ";") { hi -= 1 }
        return lo < hi ? (Array(b[lo..<hi]), lo) : nil
    }

    /// The start of the occurrence of `needle` in `haystack` that contains `offset`.
    static func occurrence(of needle: [UInt8], in haystack: [UInt8], containing offset: Int) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle), offset >= i, offset < i + needle.count {
                return i
            }
            i += 1
        }
        return nil
    }

    /// The length of the word, number, quoted name or single symbol at `offset`, for the tildes.
    static func tokenLength(_ b: [UInt8], at offset: Int) -> Int {
        guard offset < b.count else { return 1 }
        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
        }
        let c = b[offset]
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") {
            var j = offset + 1
            while j < b.count, b[j] != c, b[j] != 0x0A { j += 1 }
            return j < b.count && b[j] == c ? j + 1 - offset : 1
        }
        guard isWord(c) else { return 1 }
        var j = offset
        while j < b.count, isWord(b[j]) { j += 1 }
        return j - offset
    }
}
