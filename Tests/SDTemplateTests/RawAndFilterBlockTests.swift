import SDBasics
import Testing

@testable import SDTemplate

@Suite struct RawBlockTests {
    @Test func rawCopiesTagsAndCommentsVerbatim() throws {
        let t = "a << raw >>select 1 << 4, << x >> <<# not a comment<< endraw >> b"
        #expect(try render(t) == "a select 1 << 4, << x >> <<# not a comment b")
        #expect(try render("<<- raw ->>  << y >>  <<- endraw ->>.") == "<< y >>.")
        #expect(try render("<<raw>><<if<<endraw>>") == "<<if")
        // The example of docs/template-language.md.
        let doc = "<< raw >>select 1 << 4 as sixteen, '<< not a tag >>' as s<< endraw >>"
        #expect(try render(doc) == "select 1 << 4 as sixteen, '<< not a tag >>' as s")
    }

    @Test func rawContentIsNotCheckedForJinjaDelimiters() throws {
        let file = SourceFile(path: "models/m.sql", text: "select '<< raw >>{{ x }}<< endraw >>', {{ y }}")
        let found = JinjaDelimiters.find(in: file)
        #expect(found.count == 1)
        #expect(found.first?.range?.text == "{{ y }}")
    }

    @Test func unterminatedRawIsReported() {
        let d = parseDiagnostics("<< raw >>\n<< x >>\n")
        #expect(d.contains("error: missing '<< endraw >>' at end of file"))
        #expect(d.contains("note: 'raw' opened here"))
        #expect(parseDiagnostics("<< endraw >>").contains("'endraw' without matching 'raw'"))
    }
}

@Suite struct FilterBlockTests {
    @Test func filterBlockAppliesFiltersToTheRenderedBody() throws {
        #expect(try render("<< filter upper >>select << x >><< endfilter >>;", ["x": "a"]) == "SELECT A;")
        #expect(try render("<< filter replace('a', 'b') | trim >>  a<< 1 >>a  << endfilter >>|") == "b1b|")
        // `filter` alone is still a variable.
        #expect(try render("<< filter >>", ["filter": "f"]) == "f")
    }

    @Test func filterBlockErrors() {
        #expect(parseDiagnostics("<< filter uper >>x<< endfilter >>").contains("note: did you mean 'upper'?"))
        #expect(parseDiagnostics("<< filter upper >>x").contains("missing '<< endfilter >>' at end of file"))
    }

    @Test func importHasAClearAlternative() {
        let d = parseDiagnostics("<< from 'macros/x.sql' import y >>")
        #expect(d.contains("error: 'from' statements are not supported"))
        #expect(d.contains("hint: every macro in the project's macro files is already callable by its name; call it directly"))
    }
}

@Suite struct SetBlockTests {
    @Test func setBlockWithWhitespaceControl() throws {
        let t = "<< set cols ->>\n    a,\n    b\n<<- endset >>select << cols >> from t"
        #expect(try render(t) == "select a,\n    b from t")
        // The captured text is a string: filters and methods apply to it.
        #expect(try render("<< set s >> x << endset >>[<< s | trim | upper >>]") == "[X]")
    }
}
