import SDBasics

extension Evaluator {
    /// Evaluates `<< call m(args) >> body << endcall >>` and writes what `m` returns.
    ///
    /// `caller` is handed to the macro through `pendingCaller`, keyed by the call's range: the
    /// arguments are evaluated first and may call other macros, which must not receive it. A call
    /// through a function value (`adapter.dispatch('m')(…)`, `pkg.m(…)`) reaches `callMacro` with
    /// the same range, so it gets the caller too.
    func renderCallBlock(_ block: Node.CallBlock) throws {
        let caller = makeCaller(block)
        let saved = pendingCaller
        pendingCaller = (caller, block.call.range)
        defer { pendingCaller = saved }
        if mapping {
            lastExpansion = nil
            try write(try eval(block.call), for: block.call)
        } else {
            try eval(block.call).write(bytes: &output)
        }
    }

    /// The `caller` function: renders the block's body in the scope the block was written in (a
    /// snapshot of it, as Jinja's caller closes over its scope), plus the caller's own arguments.
    func makeCaller(_ block: Node.CallBlock) -> Value {
        let captured = frames
        return .function(
            TemplateFunction("caller") { [unowned self] args in
                try self.renderCaller(block, scope: captured, args)
            })
    }

    private func renderCaller(_ block: Node.CallBlock, scope: [[String: Value]], _ args: CallArguments) throws -> Value {
        let params = block.parameters
        let required = params.prefix { !$0.hasDefault }.count
        if args.positional.count > params.count || args.count < required {
            let counts = CallArguments.describeCount(required, params.count)
            throw RenderError(.error("caller() takes \(counts) but \(CallArguments.describeGiven(args.count))", at: args.range))
        }
        var frame: [String: Value] = [:]
        for (p, a) in zip(params, args.positional) { frame[p.name] = a.value }
        for k in args.keywords {
            guard params.contains(where: { $0.name == k.name }) else {
                throw RenderError(
                    Diagnostic.error("caller() has no argument named '\(k.name)'", at: k.nameRange)
                        .suggesting(k.name, from: params.map(\.name)))
            }
            if frame[k.name] != nil {
                throw RenderError(.error("caller() got multiple values for argument '\(k.name)'", at: k.nameRange))
            }
            frame[k.name] = k.argument.value
        }
        let savedFrames = frames
        let savedOutput = output
        let savedSegments = segments
        frames = scope + [frame]
        output = []
        segments = []
        defer {
            frames = savedFrames
            output = savedOutput
            segments = savedSegments
        }
        for p in params where frames[frames.count - 1][p.name] == nil {
            guard let d = p.defaultValue else {
                throw RenderError(.error("caller() is missing argument '\(p.name)'", at: args.range))
            }
            frames[frames.count - 1][p.name] = try eval(d)
        }
        try render(block.body)
        return .string(String(decoding: output, as: UTF8.self))
    }
}
