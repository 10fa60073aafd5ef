import SDBasics
import Testing

@testable import SDTemplate

@Suite struct LexerTests {
    func joined(_ text: String) -> String {
        let file = SourceFile(path: "x", text: text)
        let tokens = Lexer.tokenize(file)
        var previous = 0
        for t in tokens {
            #expect(t.bytes.lowerBound == previous, "tokens must be contiguous")
            #expect(!t.bytes.isEmpty)
            previous = t.bytes.upperBound
        }
        #expect(previous == file.utf8.count)
        return tokens.map { file.slice($0.bytes) }.joined()
    }

    @Test(arguments: [
        "",
        "select 1",
        "select << ref('a') >> from x",
        "<<- if x ->>a<< else >>b<< endif >>",
        "<<# a comment with << and >> inside #>> after",
        "<<-# strip #->> x <<#- also -#>>",
        "<< 'unterminated\nnext line >>",
        "<< x | join(', ') ~ \"q\\\"uote\" >>",
        "<< a.b[0] // 2 ** -3.5e+2 >= 1 != 2 >>",
        "<< unclosed\n<< next >>",
        "<<# never closed",
        "<< é ∑ 🙂 >>",
        "trailing <<",
        "<< x -",
        "<< 'a\\",
    ])
    func tokensJoinBackToTheInput(_ text: String) {
        #expect(joined(text) == text)
    }

    @Test func randomInputsAreLexedLosslessly() {
        // Deterministic xorshift so a failure reproduces; the alphabet leans on the characters
        // that change lexer state.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let alphabet: [String] = [
            "<", ">", "<<", ">>", "-", "#", "'", "\"", "\\", " ", "\n", "a", "_b", "1", "2.5", "e", ".",
            "|", "(", ")",
            "=", "!", "é", "🙂", "{", "}", "[", "]", ",", ":", "*", "/", "%", "~", "\t", "\r",
        ]
        for _ in 0..<500 {
            let length = Int(next() % 60)
            var text = ""
            for _ in 0..<length { text += alphabet[Int(next() % UInt64(alphabet.count))] }
            #expect(joined(text) == text)
            // The parser must never crash on the same input either.
            _ = Template.parse(SourceFile(path: "fuzz.sql", text: text))
        }
    }

    @Test func classifiesTokensInsideTags() {
        let file = SourceFile(path: "x", text: "a <<- f(1, 2.5, 'x') ->> b")
        let kinds = Lexer.tokenize(file).map(\.kind)
        #expect(
            kinds == [
                .text, .tagOpen, .whitespace, .identifier, .punctuation, .integer, .punctuation,
                .whitespace, .float,
                .punctuation, .whitespace, .string, .punctuation, .whitespace, .tagClose, .text,
            ])
    }

    @Test func commentIsOneToken() {
        let file = SourceFile(path: "x", text: "<<# << x >> #>>y")
        let tokens = Lexer.tokenize(file)
        #expect(tokens.map(\.kind) == [.comment, .text])
    }
}
