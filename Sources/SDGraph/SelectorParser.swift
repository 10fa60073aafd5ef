import SDBasics

/// Parses dbt's node selection syntax into a `SelectorExpression`, reporting every mistake as a
/// diagnostic with a range into the argument (docs.getdbt.com: "Syntax overview", "Graph
/// operators", "Set operators", "Node selector methods").
public enum SelectorParser {
    /// Test types `test_type:` accepts; `schema` is dbt's legacy name for generic, `data` means both
    /// generic and singular (dbt 1.8+), `unit` the unit tests.
    static let testTypes = ["data", "generic", "schema", "singular", "unit"]
    /// What `version:` accepts, as dbt: the latest version, newer ones, older ones, unversioned models.
    static let versionKinds = ["latest", "none", "old", "prerelease"]

    /// Parses the values of one flag; each value becomes a `SourceFile` whose path is the flag
    /// (`--select`), so diagnostics read `--select:1:5: error: …`. Members with an error are left
    /// out of the result, which is then marked `hasErrors`.
    public static func parse(_ arguments: [String], flag: String, diagnostics: inout DiagnosticBag)
        -> SelectorExpression
    {
        var members: [SelectorExpression.Intersection] = []
        var hasErrors = false
        for argument in arguments {
            let file = SourceFile(path: flag, text: argument)
            let expression = parse(file, diagnostics: &diagnostics)
            members += expression.members
            hasErrors = hasErrors || expression.hasErrors
        }
        return SelectorExpression(members: members, hasErrors: hasErrors)
    }

    /// Parses one argument held in a source file.
    public static func parse(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> SelectorExpression {
        let bytes = file.utf8
        var members: [SelectorExpression.Intersection] = []
        var hasErrors = false
        var i = 0
        while i < bytes.count {
            if isSpace(bytes[i]) {
                i += 1
                continue
            }
            let start = i
            while i < bytes.count, !isSpace(bytes[i]) { i += 1 }
            if let member = parseIntersection(file, start, i, &diagnostics) {
                members.append(member)
            } else {
                hasErrors = true
            }
        }
        return SelectorExpression(members: members, hasErrors: hasErrors)
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// dbt's method pattern is `[\w.]+`.
    private static func isMethodByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    private static func parseIntersection(
        _ file: SourceFile, _ start: Int, _ end: Int, _ diagnostics: inout DiagnosticBag
    ) -> SelectorExpression.Intersection? {
        let bytes = file.utf8
        var criteria: [SelectorCriterion] = []
        var failed = false
        var reportedEmpty = false
        var pieceStart = start
        for i in start...end where i == end || bytes[i] == UInt8(ascii: ",") {
            if i == pieceStart {
                // `a,,b`, `,a` or `a,`: point at the comma that has nothing on one side, once per member.
                pieceStart = i + 1
                if reportedEmpty { continue }
                let at = i < end ? i : max(start, i - 1)
                diagnostics.error(
                    "empty selection criterion around ','", at: SourceRange(file: file, bytes: at..<(at + 1)),
                    hint: "separate criteria to intersect with a single comma, as in 'tag:nightly,gold'")
                failed = true
                reportedEmpty = true
            } else if let criterion = parseCriterion(file, pieceStart, i, &diagnostics) {
                criteria.append(criterion)
            } else {
                failed = true
            }
            pieceStart = i + 1
        }
        guard !failed else { return nil }
        return SelectorExpression.Intersection(criteria: criteria, range: SourceRange(file: file, bytes: start..<end))
    }

    private static func parseCriterion(
        _ file: SourceFile, _ start: Int, _ end: Int, _ diagnostics: inout DiagnosticBag
    ) -> SelectorCriterion? {
        let bytes = file.utf8
        let whole = SourceRange(file: file, bytes: start..<end)
        func range(_ a: Int, _ b: Int) -> SourceRange { SourceRange(file: file, bytes: a..<b) }
        func depth(_ a: Int, _ b: Int) -> GraphOperatorDepth? {
            if a == b { return .unlimited }
            guard let n = Int(file.slice(a..<b)) else {
                diagnostics.error("graph operator depth '\(file.slice(a..<b))' is too large", at: range(a, b))
                return nil
            }
            return .generations(n)
        }

        var i = start
        let at = bytes[i] == UInt8(ascii: "@")
        if at { i += 1 }

        // Leading `N+` or `+`; digits not followed by `+` belong to the value (`2019_orders`).
        var parents: GraphOperatorDepth? = nil
        var digitsEnd = i
        while digitsEnd < end, isDigit(bytes[digitsEnd]) { digitsEnd += 1 }
        if digitsEnd < end, bytes[digitsEnd] == UInt8(ascii: "+") {
            guard let d = depth(i, digitsEnd) else { return nil }
            parents = d
            i = digitsEnd + 1
        }
        if at, parents != nil {
            diagnostics.error(
                "the '@' operator cannot be combined with a leading '+'", at: range(start, i),
                hint: "'@x' already selects the ancestors of x's descendants; write '@x' or '+x+'")
            return nil
        }
        if i < end, bytes[i] == UInt8(ascii: "@") {
            if parents != nil {
                diagnostics.error(
                    "the '@' operator cannot be combined with a leading '+'", at: range(start, i + 1),
                    hint: "'@x' already selects the ancestors of x's descendants; write '@x' or '+x+'")
            } else {
                diagnostics.error("'@' is written once, at the start of a criterion", at: range(i, i + 1))
            }
            return nil
        }

        // Trailing `+` or `+N`.
        var children: GraphOperatorDepth? = nil
        var bodyEnd = end
        var k = end
        while k > i, isDigit(bytes[k - 1]) { k -= 1 }
        if k > i, bytes[k - 1] == UInt8(ascii: "+") {
            guard let d = depth(k, end) else { return nil }
            children = d
            bodyEnd = k - 1
        }

        if i == bodyEnd {
            let operatorText = file.slice(start..<end)
            diagnostics.error(
                "graph operator '\(operatorText)' has no node to apply to", at: whole,
                hint: "put a node name or method:value next to the operator, as in '+gold_grouped_returns'")
            return nil
        }

        // `method:value`, where the method matches `[\w.]+` as in dbt; otherwise the colon is part of the value.
        var methodEnd: Int? = nil
        var c = i
        while c < bodyEnd, isMethodByte(bytes[c]) { c += 1 }
        if c > i, c < bodyEnd, bytes[c] == UInt8(ascii: ":") { methodEnd = c }
        let valueStart = methodEnd.map { $0 + 1 } ?? i
        let value = file.slice(valueStart..<bodyEnd)
        let valueRange = range(valueStart, bodyEnd)

        let method: SelectorMethod
        let implicit: Bool
        if let methodEnd {
            implicit = false
            let methodRange = range(i, methodEnd)
            guard let m = resolveMethod(methodRange, &diagnostics) else { return nil }
            method = m
            if value.isEmpty {
                diagnostics.error(
                    "selector method '\(m)' needs a value", at: range(i, methodEnd + 1),
                    hint: "write a value after the colon, as in '\(example(for: m))'")
                return nil
            }
        } else {
            implicit = true
            method = SelectorMethod.defaultMethod(for: value)
        }
        guard validate(method, value, valueRange, &diagnostics) else { return nil }
        return SelectorCriterion(
            method: method, methodIsImplicit: implicit, value: value, parents: parents, children: children,
            childrensParents: at, range: whole, valueRange: valueRange)
    }

    private static func resolveMethod(_ methodRange: SourceRange, _ diagnostics: inout DiagnosticBag) -> SelectorMethod? {
        let text = methodRange.text
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let head = parts[0]
        let arguments = parts.dropFirst()
        if head == "config" {
            guard !arguments.isEmpty, !arguments.contains(where: \.isEmpty) else {
                diagnostics.error(
                    "the config method needs a key", at: methodRange,
                    hint: "name the config key after a dot, as in 'config.materialized:table'")
                return nil
            }
            return .config(key: arguments.joined(separator: "."))
        }
        if let method = SelectorMethod(name: head) {
            guard arguments.isEmpty else {
                diagnostics.error("selector method '\(head)' takes no dotted arguments", at: methodRange)
                return nil
            }
            return method
        }
        if SelectorMethod.unsupportedNames.contains(head) {
            diagnostics.error("selector method '\(head)' is not supported by swiftdbt", at: methodRange)
            return nil
        }
        var unknown = Diagnostic.error("unknown selector method '\(head)'", at: methodRange)
            .suggesting(head, from: SelectorMethod.names)
        if unknown.notes.isEmpty {
            // `materialized:table` and the like: point at the config method rather than leave the user guessing.
            unknown.hint =
                "expected one of \(SelectorMethod.names.map { $0 == "config" ? "config.<key>" : $0 }.joined(separator: ", "))"
        }
        diagnostics.append(unknown)
        return nil
    }

    /// Checks values whose set is closed, so a typo is an error rather than an empty selection.
    private static func validate(
        _ method: SelectorMethod, _ value: String, _ valueRange: SourceRange, _ diagnostics: inout DiagnosticBag
    ) -> Bool {
        switch method {
        case .resourceType:
            let known = ResourceType.known.map(\.rawValue)
            guard known.contains(value) else {
                diagnostics.append(
                    Diagnostic.error(
                        "unknown resource type '\(value)'", at: valueRange,
                        hint: "expected one of \(known.joined(separator: ", "))"
                    ).suggesting(value, from: known))
                return false
            }
        case .version:
            guard versionKinds.contains(value) else {
                diagnostics.append(
                    Diagnostic.error(
                        "unknown version selector '\(value)'", at: valueRange,
                        hint: "expected one of \(versionKinds.joined(separator: ", "))"
                    )
                    .suggesting(value, from: versionKinds))
                return false
            }
        case .testType:
            guard testTypes.contains(value) else {
                diagnostics.append(
                    Diagnostic.error(
                        "unknown test type '\(value)'", at: valueRange, hint: "expected 'generic', 'singular', 'data' (both) or 'unit'"
                    ).suggesting(value, from: testTypes))
                return false
            }
        case .access:
            let levels = ["private", "protected", "public"]
            guard levels.contains(value) else {
                diagnostics.append(
                    Diagnostic.error("unknown access level '\(value)'", at: valueRange, hint: "expected one of \(levels.joined(separator: ", "))")
                        .suggesting(value, from: levels))
                return false
            }
        case .state:
            guard NodeStates.values.contains(value) else {
                diagnostics.append(
                    Diagnostic.error(
                        "unknown state selector '\(value)'", at: valueRange,
                        hint: "expected one of \(NodeStates.values.joined(separator: ", "))"
                    ).suggesting(value, from: NodeStates.values))
                return false
            }
        case .unitTest:
            if value.split(separator: ".", omittingEmptySubsequences: false).count > 2 {
                diagnostics.error(
                    "unit test selector '\(value)' has too many parts", at: valueRange,
                    hint: "expected 'unit_test_name' or 'package.unit_test_name'")
                return false
            }
        case .source:
            if value.split(separator: ".", omittingEmptySubsequences: false).count > 3 {
                diagnostics.error(
                    "source selector '\(value)' has too many parts", at: valueRange,
                    hint: "expected 'source', 'source.table' or 'package.source.table'")
                return false
            }
        default:
            break
        }
        return true
    }

    private static func example(for method: SelectorMethod) -> String {
        switch method {
        case .fqn: "fqn:rtsa.gold"
        case .path: "path:models/gold"
        case .file: "file:gold_grouped_returns.sql"
        case .tag: "tag:nightly"
        case .config(let key): "config.\(key):table"
        case .source: "source:lake.ticks_enriched_v2"
        case .resourceType: "resource_type:model"
        case .testType: "test_type:generic"
        case .testName: "test_name:not_null"
        case .package: "package:rtsa"
        case .exposure: "exposure:dashboard"
        case .version: "version:latest"
        case .semanticModel: "semantic_model:orders"
        case .metric: "metric:revenue"
        case .savedQuery: "saved_query:weekly_revenue"
        case .group: "group:finance"
        case .access: "access:public"
        case .state: "state:modified"
        case .unitTest: "unit_test:counts_by_status"
        }
    }
}
