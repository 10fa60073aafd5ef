import SDBasics
import Testing

@testable import SDTemplate

@Suite struct MoreFilterTests {
    static var columns: Value {
        [
            ["name": "id", "type": "int", "meta": ["pk": true]],
            ["name": "Amount", "type": "double", "meta": [:]],
            ["name": "note", "type": "varchar", "meta": ["pk": false]],
        ]
    }

    @Test func selectAndRejectByAttribute() throws {
        let g: [String: Value] = ["cols": Self.columns]
        #expect(try render("<< cols | selectattr('meta.pk') | map(attribute='name') | join(',') >>", g) == "id")
        #expect(try render("<< cols | rejectattr('type', 'equalto', 'int') | map(attribute='name') | join(',') >>", g) == "Amount,note")
        #expect(try render("<< cols | selectattr('meta.pk', 'defined') | map(attribute='name') | join(',') >>", g) == "id,note")
        #expect(try render("<< [1, 2, 3, 4] | select('gt', 2) | list >> << [1, none, 2] | reject('none') | list >>") == "[3, 4] [1, 2]")
        #expect(try render("<< [0, 1, ''] | select | list >>") == "[1]")
        #expect(try renderFailure("<< [1] | select('bigger', 2) >>").contains("unknown test 'bigger'"))
    }

    @Test func attributeArgumentsOfSortUniqueSumJoinMinMax() throws {
        let g: [String: Value] = ["cols": Self.columns, "rows": [["n": 3, "k": "B"], ["n": 1, "k": "a"], ["n": 2, "k": "b"]]]
        #expect(try render("<< cols | sort(attribute='name') | map(attribute='name') | join(',') >>", g) == "Amount,id,note")
        #expect(try render("<< cols | sort(attribute='name', case_sensitive=true) | map(attribute='name') | join(',') >>", g) == "Amount,id,note")
        let cased = "<< ['b', 'a', 'B'] | sort(case_sensitive=true) | join >> << ['b', 'a', 'B'] | sort(case_sensitive=false) | join >>"
        #expect(try render(cased, g) == "Bab abB")
        #expect(try render("<< rows | sort(attribute='n', reverse=true) | map(attribute='n') | join >>", g) == "321")
        #expect(try render("<< rows | unique(attribute='k', case_sensitive=false) | map(attribute='n') | join >>", g) == "31")
        #expect(try render("<< rows | sum(attribute='n') >> << [1, 2] | sum(start=10) >> << rows | join('/', attribute='k') >>", g) == "6 13 B/a/b")
        #expect(try render("<< (rows | max(attribute='n')).k >> << (rows | min(attribute='k', case_sensitive=false)).n >>", g) == "B 1")
    }

    @Test func mapAppliesAnyFilterWithArguments() throws {
        #expect(try render("<< ['a-b', 'c'] | map('replace', '-', '_') | join(',') >>") == "a_b,c")
        #expect(try render("<< [' x ', 'y '] | map('trim') | map('upper') | list >>") == "['X', 'Y']")
        #expect(try render("<< [{'a': 1}, {}] | map(attribute='a', default=0) | list >>") == "[1, 0]")
    }

    @Test func dictAndGroupingFilters() throws {
        #expect(try render("<< {'b': 1, 'a': 2} | dictsort >>") == "[['a', 2], ['b', 1]]")
        #expect(try render("<< {'b': 1, 'a': 2} | dictsort(by='value', reverse=true) >>") == "[['a', 2], ['b', 1]]")
        #expect(try render("<< {'b': 1} | items | list >>") == "[['b', 1]]")
        let g: [String: Value] = ["rows": [["t": "x", "v": 1], ["t": "y", "v": 2], ["t": "x", "v": 3]]]
        let out = try render("<< for g in rows | groupby('t') >><< g.grouper >>:<< g.list | map(attribute='v') | join('+') >> << endfor >>", g)
        #expect(out == "x:1+3 y:2 ")
        #expect(try render("<< [1, 2, 3, 4, 5] | batch(2) | list >> << [1, 2, 3] | batch(2, 0) | list >>") == "[[1, 2], [3, 4], [5]] [[1, 2], [3, 0]]")
        #expect(try render("<< [1, 2, 3, 4, 5] | slice(2) | list >>") == "[[1, 2, 3], [4, 5]]")
        #expect(try render("<< {'n': 1} | attr('n') >>") == "1")
    }

    @Test func textFilters() throws {
        #expect(try render("<< 'a\\nb\\n\\nc' | indent(2) >>") == "a\n  b\n\n  c")
        #expect(try render("<< 'a\\nb' | indent(2, first=true) >>") == "  a\n  b")
        #expect(try render("<< 'one two, three_3' | wordcount >>") == "3")
        #expect(try render("<< 'hello world foo bar' | truncate(9, leeway=0) >>") == "hello...")
        #expect(try render("<< 'hello world' | truncate(9, true, '!', 0) >>") == "hello wo!")
        #expect(try render("<< '%s_%d%%' | format('x', 5) >>") == "x_5%")
        #expect(try render("[<< 'ab' | center(6) >>]") == "[  ab  ]")
        #expect(try render("<< 'a<b' | safe >><< 'a<b' | e >>") == "a<ba<b")
    }
}

@Suite struct MoreTestTests {
    @Test func comparisonAndCaseTests() throws {
        #expect(try render("<< 3 is eq(3) >> << 3 is ne(3) >> << 2 is lt(3) >> << 3 is ge(3) >> << 'a' is in(['a']) >>") == "true false true true true")
        let f: Value = .function("f") { _ in .none }
        #expect(try render("<< 'abc' is lower >> << 'Abc' is upper >> << f is callable >> << 1 is callable >>", ["f": f]) == "true false true false")
        let bare = "<< 6 is divisibleby 3 >> << 'a' is eq 'a' and true >> << none is sameas none >> << 2 is gt 1 if true else 0 >>"
        #expect(try render(bare) == "true true true true")
        #expect(try render("<< set a = [1] >><< a is sameas(a) >> << a is sameas([1]) >> << none is sameas(none) >>") == "true false true")
    }
}

@Suite struct ContextFunctionTests {
    @Test func jsonZipAndSet() throws {
        #expect(try render("<< fromjson('{\"b\": [1, 2.5, null], \"a\": true}') >>") == "{'a': True, 'b': [1, 2.5, None]}")
        #expect(try render("<< fromjson('not json') is none >> << fromjson('x', default=[]) >>") == "true []")
        #expect(try render("<< tojson({'a': [1, none]}) >>") == "{\"a\":[1,null]}")
        #expect(try render("<< zip(['a', 'b', 'c'], [1, 2]) >>") == "[['a', 1], ['b', 2]]")
        #expect(try render("<< set([1, 2, 1, 3]) >>") == "[1, 2, 3]")
        #expect(try renderFailure("<< zip('ab') >>").contains("zip() takes lists, not string"))
    }
}
