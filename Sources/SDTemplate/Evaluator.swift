import SDBasics

/// The state of one render: scopes, output buffer and macro depth. Created per render, so a
/// `Template` and `MacroLibrary` are only ever read.
final class Evaluator {
    let host: any TemplateHost
    let library: MacroLibrary
    let adapterPrefix: String?
    let recursionLimit: Int
    let messageLog: TemplateMessageLog?
    /// Macros defined in the template being rendered; they shadow library macros.
    let localMacros: [String: MacroDefinition]
    /// Innermost scope last. A macro call swaps in a fresh stack: macros see only their arguments.
    var frames: [[String: Value]] = [[:]]
    /// UTF-8 bytes: text nodes are copied straight from their file, and one String is made at the end.
    var output: [UInt8] = []
    var depth = 0
    /// The value of the `return(...)` being unwound.
    var returnValue: Value = .none
    /// Whether to record where each piece of `output` came from (only the real render needs it).
    let mapping: Bool
    /// Origins of `output`, in order; swapped with `output` around macro bodies and `set` blocks.
    var segments: [SourceSegment] = []
    /// The text and segments of the macro call that returned last, so the output tag that writes
    /// that text can map it into the macro (see `writeOutput`).
    var lastExpansion: (text: String, segments: [SourceSegment])?
    /// The `caller` of the call block being evaluated, keyed by the range of its call so that a
    /// macro called while evaluating the arguments does not take it (see `renderCallBlock`).
    var pendingCaller: (value: Value, call: SourceRange)?

    static let builtinNames = ["adapter", "dict", "log", "namespace", "print", "range", "return"]

    init(renderer: TemplateRenderer, template: Template?, mapping: Bool = false) {
        self.mapping = mapping
        host = renderer.host
        library = renderer.library
        adapterPrefix = renderer.adapterPrefix
        recursionLimit = renderer.recursionLimit
        messageLog = renderer.messageLog
        var local: [String: MacroDefinition] = [:]
        for m in template?.macros ?? [] where local[m.name] == nil { local[m.name] = m }
        localMacros = local
        output.reserveCapacity(template.map { $0.file.utf8.count + 256 } ?? 256)
    }

    /// Any error from rendering as diagnostics; unknown errors become one error at `range`.
    static func diagnosticError(from error: any Error, at range: SourceRange?) -> DiagnosticError {
        switch error {
        case let e as RenderError: return DiagnosticError(e.diagnostics)
        case let e as DiagnosticError: return e
        case is ReturnSignal:
            return DiagnosticError(.error("'return' used outside of a macro", at: range))
        default: return DiagnosticError(.error("\(error)", at: range))
        }
    }

    // MARK: - Statements

    func render(_ nodes: [Node]) throws {
        for node in nodes {
            switch node {
            case .text(let r):
                if mapping, !r.bytes.isEmpty {
                    segments.append(SourceSegment(output: output.count..<(output.count + r.bytes.count), source: r, isLiteral: true))
                }
                output.append(contentsOf: r.file.utf8[r.bytes])
            case .output(let e):
                if mapping {
                    try writeOutput(e)
                } else {
                    try eval(e).write(bytes: &output)
                }
            case .conditional(let branches, let otherwise):
                var done = false
                for b in branches {
                    if try eval(b.condition).isTruthy {
                        try render(b.body)
                        done = true
                        break
                    }
                }
                if !done, let otherwise { try render(otherwise) }
            case .loop(let loop):
                try renderLoop(loop)
            case .assign(let targets, let value, let range):
                let v = try eval(value)
                try assign(targets, v, range: range)
            case .assignBlock(let target, let body):
                let saved = output
                let savedSegments = segments
                output = []
                defer {
                    output = saved
                    segments = savedSegments
                }
                try render(body)
                frames[frames.count - 1][target] = .string(String(decoding: output, as: UTF8.self))
            case .evaluate(let e):
                _ = try eval(e)
            case .callBlock(let block):
                try renderCallBlock(block)
            case .assignAttribute(let name, let attribute, let value, let range):
                try assignAttribute(name, attribute, try eval(value), range: range)
            case .filterBlock(let filter, let body):
                try renderFilterBlock(filter: filter, body: body)
            case .loopControl(let breaks):
                throw LoopControlSignal(breaks: breaks)
            }
        }
    }

    /// Writes an output tag's value and records its origin: the expression, or, when the value is
    /// exactly the text a macro call just rendered, the macro's own segments seen through the call.
    func writeOutput(_ e: Expression) throws {
        lastExpansion = nil
        try write(try eval(e), for: e)
    }

    /// The second half of `writeOutput`, for values not evaluated by it (call blocks).
    func write(_ value: Value, for e: Expression) throws {
        let start = output.count
        value.write(bytes: &output)
        guard output.count > start else { return }
        if let expansion = lastExpansion, case .string(let text) = value, text == expansion.text {
            for inner in expansion.segments { segments.append(inner.seen(throughCall: e.range, movedBy: start)) }
        } else {
            segments.append(SourceSegment(output: start..<output.count, source: e.range, isLiteral: false))
        }
        lastExpansion = nil
    }

    func assign(_ targets: [String], _ value: Value, range: SourceRange) throws {
        if targets.count == 1 {
            frames[frames.count - 1][targets[0]] = value
            return
        }
        let items = try unpack(value, count: targets.count, range: range)
        for (name, item) in zip(targets, items) { frames[frames.count - 1][name] = item }
    }

    func unpack(_ value: Value, count: Int, range: SourceRange) throws -> [Value] {
        guard case .list(let list) = value else {
            throw RenderError(.error("cannot unpack \(value.typeName) into \(count) names", at: range))
        }
        guard list.items.count == count else {
            throw RenderError(
                .error("cannot unpack \(list.items.count) values into \(count) names", at: range))
        }
        return list.items
    }

    func renderLoop(_ loop: Node.Loop) throws {
        var items = try iterate(try eval(loop.iterable), range: loop.iterable.range)
        if let filter = loop.filter { items = try filtered(items, by: filter, loop) }
        if items.isEmpty {
            if let otherwise = loop.otherwise { try render(otherwise) }
            return
        }
        let state = LoopState(items: items, depth0: enclosingLoopDepth())
        frames.append([:])
        defer { frames.removeLast() }
        let top = frames.count - 1
        for (i, item) in items.enumerated() {
            // Each iteration starts from a clean scope, as in Jinja: `set` inside the body does
            // not leak into the next iteration or out of the loop.
            frames[top].removeAll(keepingCapacity: true)
            state.index0 = i
            frames[top]["loop"] = .object(state)
            if loop.targets.count == 1 {
                frames[top][loop.targets[0]] = item
            } else {
                let parts = try unpack(item, count: loop.targets.count, range: loop.range)
                for (name, part) in zip(loop.targets, parts) { frames[top][name] = part }
            }
            do {
                try render(loop.body)
            } catch let signal as LoopControlSignal {
                if signal.breaks { break }
            }
        }
    }

    func iterate(_ value: Value, range: SourceRange) throws -> [Value] {
        switch value {
        case .list(let l): return l.items
        case .dict(let d): return d.keys.map { .string($0) }
        case .string(let s): return s.map { .string(String($0)) }
        default:
            throw RenderError(.error("cannot iterate over \(value.typeName)", at: range))
        }
    }

    // MARK: - Names

    func lookupLocal(_ name: String) -> Value? {
        var i = frames.count - 1
        while i >= 0 {
            if let v = frames[i][name] { return v }
            i -= 1
        }
        return nil
    }

    func resolveMacro(_ name: String) -> MacroDefinition? {
        localMacros[name] ?? library.resolve(name, adapterPrefix: adapterPrefix)
    }

    /// Locals, then host globals, then macros (with dispatch), then the language's built-ins.
    func lookup(_ name: String) -> Value? {
        if let v = lookupLocal(name) { return v }
        if let v = host.global(named: name) { return v }
        if let m = resolveMacro(name) {
            return .function(
                TemplateFunction(name) { [unowned self] args in try self.callMacro(m, args) })
        }
        return builtin(name)
    }

    func undefinedName(_ name: String, at range: SourceRange) -> RenderError {
        var candidates = Set<String>()
        for f in frames { candidates.formUnion(f.keys) }
        candidates.formUnion(host.globalNames)
        candidates.formUnion(localMacros.keys)
        candidates.formUnion(library.callableNames(adapterPrefix: adapterPrefix))
        candidates.formUnion(Evaluator.builtinNames)
        let d = Diagnostic.error("'\(name)' is undefined", at: range).suggesting(
            name, from: candidates.sorted())
        return RenderError(d, isUndefined: true)
    }

    // MARK: - Macros

    func callMacro(_ macro: MacroDefinition, _ args: CallArguments) throws -> Value {
        let definedHere = Diagnostic.note("'\(macro.name)' defined here", at: macro.nameRange)
        let kind = macro.isTest ? "test" : "macro"
        guard depth < recursionLimit else {
            throw RenderError(
                .error(
                    "macro recursion is deeper than \(recursionLimit) calls in '\(macro.name)'",
                    at: args.range,
                    notes: [definedHere], hint: "check that the recursion has a base case"))
        }
        let params = macro.parameters
        if args.positional.count > params.count || args.count < macro.requiredCount {
            let counts = CallArguments.describeCount(macro.requiredCount, params.count)
            throw RenderError(
                .error(
                    "\(kind) '\(macro.name)' takes \(counts) but \(CallArguments.describeGiven(args.count))",
                    at: args.range, notes: [definedHere]))
        }
        var frame: [String: Value] = [:]
        if let pending = pendingCaller, pending.call == args.range {
            frame["caller"] = pending.value
            pendingCaller = nil
        }
        for (p, a) in zip(params, args.positional) { frame[p.name] = a.value }
        for k in args.keywords {
            guard params.contains(where: { $0.name == k.name }) else {
                var d = Diagnostic.error(
                    "\(kind) '\(macro.name)' has no argument named '\(k.name)'", at: k.nameRange
                )
                .suggesting(k.name, from: params.map(\.name))
                d.notes.append(definedHere)
                throw RenderError(d)
            }
            if frame[k.name] != nil {
                throw RenderError(
                    .error(
                        "\(kind) '\(macro.name)' got multiple values for argument '\(k.name)'", at: k.nameRange)
                )
            }
            frame[k.name] = k.argument.value
        }
        let savedFrames = frames
        let savedOutput = output
        let savedSegments = segments
        frames = [frame]
        output = []
        segments = []
        depth += 1
        defer {
            frames = savedFrames
            output = savedOutput
            segments = savedSegments
            depth -= 1
        }
        do {
            for p in params where frames[0][p.name] == nil {
                guard let d = p.defaultValue else {
                    throw RenderError(
                        .error(
                            "\(kind) '\(macro.name)' is missing argument '\(p.name)'", at: args.range,
                            notes: [definedHere]))
                }
                frames[0][p.name] = try eval(d)
            }
            try render(macro.body)
        } catch is ReturnSignal {
            let value = returnValue
            returnValue = .none
            return value
        } catch var error as RenderError {
            let note = Diagnostic.note(
                "in expansion of macro '\(macro.name)' called here", at: args.range)
            for i in error.diagnostics.indices {
                // Deep recursion would repeat the same note once per level; one is enough.
                if let last = error.diagnostics[i].notes.last, last.message == note.message,
                    last.range == note.range
                {
                    continue
                }
                error.diagnostics[i].notes.append(note)
            }
            error.isUndefined = false
            throw error
        }
        let text = String(decoding: output, as: UTF8.self)
        if mapping { lastExpansion = (text, segments) }
        return .string(text)
    }

    func builtin(_ name: String) -> Value? {
        switch name {
        case "return":
            return .function(
                TemplateFunction("return") { [unowned self] args in
                    guard self.depth > 0 else {
                        throw DiagnosticError(.error("'return' used outside of a macro", at: args.range))
                    }
                    let bound = try args.bind(["value"], required: 0)
                    self.returnValue = bound["value"]?.value ?? .none
                    throw ReturnSignal()
                })
        case "range":
            return .function(TemplateFunction("range") { args in try Evaluator.range(args) })
        case "adapter":
            return .object(AdapterObject(self))
        case "log":
            return .function(TemplateFunction("log") { [unowned self] args in try self.log(args) })
        case "print":
            return .function(TemplateFunction("print") { [unowned self] args in try self.printMessage(args) })
        case "namespace":
            return .function(TemplateFunction("namespace") { args in try Evaluator.namespace(args) })
        case "dict":
            return .function(
                TemplateFunction(name) { args in
                    if let p = args.positional.first {
                        throw DiagnosticError(.error("\(name)() takes keyword arguments only", at: p.range))
                    }
                    return .dict(args.keywords.map { ($0.name, $0.argument.value) })
                })
        default:
            return nil
        }
    }

    static func range(_ args: CallArguments) throws -> Value {
        let bound = try args.bind(["start", "stop", "step"], required: 1)
        var ints: [Int] = []
        for slot in bound.slots {
            guard let a = slot else { continue }
            guard case .int(let i) = a.value else {
                throw DiagnosticError(
                    .error("range() needs integers, not \(a.value.typeName)", at: a.range))
            }
            ints.append(i)
        }
        let (start, stop, step) =
            ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count > 2 ? ints[2] : 1)
        guard step != 0 else {
            throw DiagnosticError(.error("range() step must not be zero", at: args.range))
        }
        let (span, overflow) =
            step > 0 ? stop.subtractingReportingOverflow(start) : start.subtractingReportingOverflow(stop)
        guard !overflow, step != Int.min, span / abs(step) <= 1_000_000 else {
            throw DiagnosticError(.error("range() of more than 1000000 items", at: args.range))
        }
        return .list(Swift.stride(from: start, to: stop, by: step).map { Value.int($0) })
    }
}
