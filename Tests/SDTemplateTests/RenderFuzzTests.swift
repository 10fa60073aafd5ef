import SDBasics
import Testing

@testable import SDTemplate

/// Random expressions over extreme values must render or fail with a diagnostic, never trap.
@Suite struct RenderFuzzTests {
    @Test func randomExpressionsNeverTrap() {
        var state: UInt64 = 0xDEAD_BEEF_CAFE_F00D
        func next(_ n: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(n))
        }
        let atoms = [
            "9223372036854775807", "-9223372036854775807 - 1", "0", "-1", "2", "1e308", "-0.0", "'ab'", "''",
            "[1, 'a']",
            "[]", "{'k': 1}", "none", "true", "xs", "d", "range(3)", "'x' * 3", "[1] * 2",
        ]
        let binary = ["+", "-", "*", "/", "//", "%", "**", "~", "==", "<", "in", "and", "or"]
        let postfix = [
            "", " | length", " | first", " | int", " | round(400)", " | abs", " | sort", " | unique", " | string",
            "[0]", "[-9223372036854775807]", "[::9223372036854775807]", "[::-9223372036854775807]", "[1:]", ".k",
            " is divisibleby(-1)", " is even", " | default(1)", " | join(',')", " | list", " | sum",
        ]
        func expression(_ depth: Int) -> String {
            if depth == 0 || next(3) == 0 { return "(" + atoms[next(atoms.count)] + ")" + postfix[next(postfix.count)] }
            return "(" + expression(depth - 1) + " " + binary[next(binary.count)] + " " + expression(depth - 1) + ")"
                + postfix[next(postfix.count)]
        }
        let host = DictionaryHost(["xs": [1, 2, 3], "d": ["k": "v"]])
        let renderer = TemplateRenderer(host: host)
        var rendered = 0
        for _ in 0..<2000 {
            let text = "<< " + expression(3) + " >>"
            let (template, diagnostics) = Template.parse(SourceFile(path: "fuzz.sql", text: text))
            #expect(diagnostics.isEmpty, "\(text)")
            do {
                _ = try renderer.render(template)
                rendered += 1
            } catch {
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { $0.range != nil }, "\(text)")
            }
        }
        // Some must succeed, or the generator only exercises error paths.
        #expect(rendered > 100)
    }

    @Test(
        arguments: [
            ("<< range(-9223372036854775807, 9223372036854775807) >>", "range() of more than 1000000 items"),
            ("<< (-9223372036854775807 - 1) is divisibleby(-1) >>", nil),
            ("<< [1, 2][::-9223372036854775807] >>", nil),
            ("<< (-9223372036854775807 - 1) // -1 >>", "integer overflow in '//'"),
            ("<< -(-9223372036854775807 - 1) >>", "integer overflow"),
            ("<< 2 ** 64 >>", "integer overflow in '**'"),
        ] as [(String, String?)])
    func extremeIntegers(_ text: String, _ expected: String?) throws {
        let template = try parseClean(text)
        do {
            _ = try TemplateRenderer(host: DictionaryHost()).render(template)
            #expect(expected == nil)
        } catch {
            #expect(error.diagnostics.map(\.message) == [expected ?? "no error"])
        }
    }
}
