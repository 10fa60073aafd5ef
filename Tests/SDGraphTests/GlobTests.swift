import Testing

@testable import SDGraph

/// Python's fnmatch semantics (docs.python.org/3/library/fnmatch.html) and pathlib's glob segments.
@Suite struct GlobTests {
    static let fnmatchCases: [(String, String, Bool)] = [
        ("gold_grouped_returns", "gold_*", true),
        ("gold_grouped_returns", "*returns", true),
        ("gold_grouped_returns", "*_grouped_*", true),
        ("gold_grouped_returns", "gold_?rouped_returns", true),
        ("gold_grouped_returns", "gold_?_returns", false),
        ("rtsa.gold.x", "rtsa.*", true),
        ("models/gold/x.sql", "models/*", true),
        ("abc", "[ab]bc", true),
        ("cbc", "[ab]bc", false),
        ("cbc", "[!ab]bc", true),
        ("m5", "m[0-9]", true),
        ("mx", "m[0-9]", false),
        ("a[b", "a[b", true),
        ("]", "[]]", true),
        ("é1", "?1", true),
        ("", "*", true),
        ("x", "", false),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*c", false),
        ("Gold", "gold", false),
    ]

    @Test(arguments: fnmatchCases)
    func fnmatch(text: String, pattern: String, expected: Bool) {
        #expect(Glob.matches(text, pattern) == expected)
    }

    static let pathCases: [(String, String, Bool)] = [
        ("models/gold/x.sql", "models/gold/*", true),
        ("models/gold/deep/x.sql", "models/gold/*", false),
        ("models/gold/deep/x.sql", "models/**/x.sql", true),
        ("models/x.sql", "models/**/x.sql", true),
        ("models/gold/x.sql", "models/*/x.s?l", true),
        ("models/gold/x.sql", "**", true),
        ("models/gold/x.sql", "./models//gold/x.sql", true),
    ]

    static let folderCases: [(String, String, Bool)] = [
        ("models/gold/x.sql", "models/gold", true),
        ("models/gold/x.sql", "models/gold/", true),
        ("models/gold/x.sql", "models/go", false),
        ("models/golden/x.sql", "models/gold", false),
        ("models/gold/deep/x.sql", "models/*", true),
        ("models/gold/deep/x.sql", "models/g*/deep", true),
        ("models/gold/deep/x.sql", "models/s*", false),
        ("models/gold/x.sql", ".", true),
    ]

    /// A node matches `path:` when its file or any folder above it matches, as dbt's glob of the project does.
    @Test(arguments: folderCases)
    func fileOrFolder(path: String, pattern: String, expected: Bool) {
        #expect(PathGlob(pattern).matches(path) == expected)
    }

    @Test(arguments: pathCases)
    func pathGlob(path: String, pattern: String, expected: Bool) {
        #expect(PathGlob(pattern).matchesExactly(path) == expected)
    }
}
