import SDTestSupport
import Testing

/// The message a failing golden shows: the first line that differs, not two whole files.
@Suite("Golden")
struct GoldenTests {
    @Test func equalTextsHaveNoDifference() {
        #expect(Golden.firstDifference("a\nb\n", "a\nb\n") == nil)
    }

    @Test func namesTheFirstDifferingLine() {
        #expect(
            Golden.firstDifference("a\nb\nc\n", "a\nB\nc\n") == """
                first difference at line 2 (expected 4 lines, got 4)
                --- expected
                b
                --- actual
                B
                """)
    }

    @Test func aMissingFinalNewlineIsADifference() {
        #expect(
            Golden.firstDifference("a\n", "a") == """
                first difference at line 2 (expected 2 lines, got 1)
                --- expected

                --- actual
                <end of text>
                """)
    }
}
