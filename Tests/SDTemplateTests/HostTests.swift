import SDBasics
import Testing

@testable import SDTemplate

/// A host like the compiler's: `ref`/`source` record what they were called with, `config` is a
/// callable object with `.get`, `this` is a relation.
final class RecordingHost: TemplateHost {
    var refs: [[String]] = []
    var config = TemplateDictionary()

    final class Config: TemplateObject {
        let host: RecordingHost
        init(host: RecordingHost) { self.host = host }
        var typeName: String { "config" }
        var renderedText: String { "" }
        var attributeNames: [String] { ["get"] }
        var isCallable: Bool { true }
        func call(_ arguments: CallArguments) throws -> Value {
            if let p = arguments.positional.first {
                throw DiagnosticError(.error("config() takes keyword arguments only", at: p.range))
            }
            for k in arguments.keywords { host.config[k.name] = k.argument.value }
            return .none
        }
        func attribute(_ name: String) -> Value? {
            guard name == "get" else { return nil }
            return .function("config.get") { [host] args in
                let bound = try args.bind(["key", "default"], required: 1)
                return host.config[try bound.string("key")] ?? bound["default"]?.value ?? .none
            }
        }
    }

    func global(named name: String) -> Value? {
        switch name {
        case "ref":
            return .function("ref") { [self] args in
                let bound = try args.bind(["package_or_name", "name"], required: 1)
                let first = try bound.string("package_or_name")
                let second = try bound.optionalString("name")
                self.refs.append([first] + (second.map { [$0] } ?? []))
                return .object(FakeRelation(schema: "main", name: second ?? first))
            }
        case "source":
            return .function("source") { args in
                let bound = try args.bind(["source_name", "table_name"], required: 2)
                return .string("\(try bound.string("source_name")).\(try bound.string("table_name"))")
            }
        case "config": return .object(Config(host: self))
        case "this": return .object(FakeRelation(schema: "main", name: "m"))
        case "is_incremental": return .function("is_incremental") { _ in .bool(false) }
        case "target": return ["name": "dev", "type": "duckdb", "schema": "main"]
        default: return nil
        }
    }

    var globalNames: [String] { ["config", "is_incremental", "ref", "source", "target", "this"] }
}

@Suite struct HostTests {
    func render(_ text: String, host: RecordingHost, macros: [(String, String)] = []) throws -> String {
        try TemplateRenderer(host: host, library: try library(macros), adapterPrefix: "duckdb").render(
            try parseClean(text))
    }

    func failure(_ text: String, macros: [(String, String)] = []) throws -> String {
        do {
            let out = try render(text, host: RecordingHost(), macros: macros)
            Issue.record("rendered: \(out)")
            return ""
        } catch let error as DiagnosticError {
            return DiagnosticRenderer().render(error.diagnostics)
        }
    }

    @Test func hostFunctionsObjectsAndConfig() throws {
        let host = RecordingHost()
        let out = try render(
            """
            << config(materialized='table', tags=['a']) >>select * from << ref('orders') >> join << ref('pkg', 'items') >>
            -- << this >> << this.schema >>.<< this.identifier >> << target.name >> << source('raw', 't') >>
            << if config.get('materialized') == 'table' and not is_incremental() >>full<< endif >> << config.get('x', 'dflt') >>
            """, host: host)
        #expect(
            out == """
                select * from "main"."orders" join "main"."items"
                -- "main"."m" main.m dev raw.t
                full dflt
                """)
        #expect(host.refs == [["orders"], ["pkg", "items"]])
        #expect(host.config["tags"].map(\.renderedText) == "['a']")
    }

    @Test func argumentHelpersReportCountsAndTypes() throws {
        #expect(
            try failure("select << ref('a', 'b', 'c') >>") == """
                models/m.sql:1:11: error: ref() takes 1 or 2 arguments but 3 were given
                  1 | select << ref('a', 'b', 'c') >>
                    |           ^~~~~~~~~~~~~~~~~~

                """)
        #expect(
            try failure("select << source('raw', 42) >>") == """
                models/m.sql:1:25: error: argument 'table_name' of source() must be a string, not integer
                  1 | select << source('raw', 42) >>
                    |                         ^~

                """)
        #expect(
            try failure("<< source('raw', tabel_name='t') >>").contains(
                "note: did you mean 'table_name'?"))
        #expect(
            try failure("<< config('x') >>").contains("error: config() takes keyword arguments only"))
    }

    @Test func hostErrorsInsideMacrosGetTheExpansionNote() throws {
        let out = try failure(
            "<< wrap() >>", macros: [("macros/w.sql", "<< macro wrap() >><< ref() >><< endmacro >>")])
        #expect(
            out == """
                macros/w.sql:1:22: error: ref() takes 1 or 2 arguments but 0 were given
                  1 | << macro wrap() >><< ref() >><< endmacro >>
                    |                      ^~~~~
                models/m.sql:1:4: note: in expansion of macro 'wrap' called here
                  1 | << wrap() >>
                    |    ^~~~~~

                """)
    }

    @Test(
        arguments: [
            ("<< rfe('x') >>", "'rfe' is undefined", "did you mean 'ref'?"),
            (
                "<< set orders_count = 1 >><< order_count >>", "'order_count' is undefined",
                "did you mean 'orders_count'?"
            ),
            ("<< cent('x') >>", "'cent' is undefined", "did you mean 'cents'?"),
            ("<< this.shema >>", "'this' has no attribute 'shema'", "did you mean 'schema'?"),
            ("<< target.nmae >>", "'target' has no key or method 'nmae'", "did you mean 'name'?"),
            ("<< this() >>", "'this' is a relation, not a function", nil),
            ("<< ''.uper() >>", "string has no method 'uper'", "did you mean 'upper'?"),
            ("<< [1].apend(2) >>", "list has no method 'apend'", "did you mean 'append'?"),
            ("<< [1][3] >>", "index 3 is out of range for a list of 1 item", nil),
            ("<< {'a': 1}['b'] >>", "'{'a': 1}' has no key 'b'", nil),
            ("<< 1 < 'a' >>", "cannot compare integer and string with '<'", nil),
            ("<< 'a' - 1 >>", "cannot apply '-' to string and integer", nil),
            ("<< -'a' >>", "cannot negate string", nil),
            ("<< 5 // 0 >>", "division by zero", nil),
            ("<< 9223372036854775807 + 1 >>", "integer overflow in '+'", nil),
            ("<< 1 in 2 >>", "'in' needs a string, list or dict on the right, not integer", nil),
            ("<< set a, b = [1] >>", "cannot unpack 1 values into 2 names", nil),
            ("<< 1 | upper >>", "filter 'upper' cannot be applied to integer", nil),
            ("<< 'a' | join(1, 2, 3) >>", "join() takes 0 to 2 arguments but 3 were given", nil),
            ("<< [1, 'a'] | sort >>", "cannot sort a list that mixes string and integer", nil),
            ("<< {1: 2} >>", "dictionary keys must be strings", nil),
            ("<< none.x >>", "'none' is none and has no attribute 'x'", nil),
            ("<< '{}'.format() >>", "format string refers to '{}' but no such argument was given", nil),
        ] as [(String, String, String?)])
    func runtimeErrors(_ text: String, _ message: String, _ note: String?) throws {
        let out = try failure(text, macros: [("macros/c.sql", "<< macro cents(x) >><< endmacro >>")])
        #expect(out.contains("error: \(message)\n"), "\(out)")
        if let note { #expect(out.contains("note: \(note)"), "\(out)") }
    }

    @Test func errorRangesCoverTheOffendingExpression() throws {
        #expect(
            try failure("select << [1, 2][5] >> x") == """
                models/m.sql:1:11: error: index 5 is out of range for a list of 2 items
                  1 | select << [1, 2][5] >> x
                    |           ^~~~~~~~~

                """)
    }

    @Test func staticCallsFindLiteralRefsWithRanges() throws {
        let template = try parseClean(
            """
            << config(materialized='view') >>
            select * from << ref('a') >>, << ref('pkg', 'b') >>, << ref(name) >>
            << if x >><< source('raw', 't') >><< endif >>
            << macro m(y=ref('c')) >><< endmacro >>
            """)
        let calls = template.staticCalls(to: ["ref", "source", "config"])
        #expect(calls.map(\.name) == ["config", "ref", "ref", "source", "ref"])
        #expect(calls.map(\.stringArguments) == [[], ["a"], ["pkg", "b"], ["raw", "t"], ["c"]])
        #expect(calls[0].keywords.map(\.name) == ["materialized"])
        #expect(calls[0].keywords.map(\.value) == [.string("view")])
        #expect(calls[1].range.text == "ref('a')")
        #expect(calls[1].positional[0].range.start == SourceLocation(line: 2, column: 22))
    }

    @Test func valuesConvertToJSONForManifests() {
        let v: Value = ["tags": ["a", 1, 2.5, true], "n": .none]
        #expect(v.json.serialized(indent: 0) == #"{"n":null,"tags":["a",1,2.5,true]}"#)
    }
}

@Suite struct HostFailureTests {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    @Test func nonDiagnosticHostErrorsAreAnchoredAtTheCall() throws {
        let out = try renderFailure("select << boom(1) >>", ["boom": .function("boom") { _ in throw Broken() }])
        #expect(
            out == """
                models/m.sql:1:11: error: boom() failed: disk on fire
                  1 | select << boom(1) >>
                    |           ^~~~~~~

                """)
    }
}

@Suite struct BoundArgumentTests {
    @Test func typedAccessorsReportTheArgument() throws {
        let host = DictionaryHost([
            "flag": .function("flag") { args in
                let bound = try args.bind(["on", "label"], required: 0)
                return .string("\(try bound.bool("on", default: false)) \(bound.value("label")?.renderedText ?? "-")")
            }
        ])
        let template = try parseClean("<< flag() >> << flag(true, label=3) >>")
        #expect(try template.render(host: host) == "false - true 3")
        let bad = try parseClean("<< flag('yes') >>")
        #expect(throws: DiagnosticError.self) { try bad.render(host: host) }
        do {
            _ = try bad.render(host: host)
        } catch {
            #expect(error.diagnostics.map(\.message) == ["argument 'on' of flag() must be a boolean, not string"])
            #expect(error.diagnostics.first?.range?.text == "'yes'")
        }
    }
}
