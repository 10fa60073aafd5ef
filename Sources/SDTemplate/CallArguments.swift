import SDBasics

/// The evaluated arguments of one call, with ranges for diagnostics.
public struct CallArguments {
    /// One argument value and the range of its expression.
    public struct Argument {
        /// The evaluated value.
        public let value: Value
        /// The range of the argument expression.
        public let range: SourceRange
        public init(value: Value, range: SourceRange) {
            self.value = value
            self.range = range
        }
    }

    /// A `name=value` argument.
    public struct Keyword {
        /// The keyword as written.
        public let name: String
        /// The range of the keyword itself, for unknown-name diagnostics.
        public let nameRange: SourceRange
        /// The value passed for the keyword.
        public let argument: Argument
        public init(name: String, nameRange: SourceRange, argument: Argument) {
            self.name = name
            self.nameRange = nameRange
            self.argument = argument
        }
    }

    /// The called name as written (`ref`, `this.render`), used in messages as `ref()`.
    public let function: String
    /// Arguments without a name, in order.
    public let positional: [Argument]
    /// `name=value` arguments, in source order.
    public let keywords: [Keyword]
    /// The whole call expression.
    public let range: SourceRange

    public init(function: String, positional: [Argument], keywords: [Keyword], range: SourceRange) {
        self.function = function
        self.positional = positional
        self.keywords = keywords
        self.range = range
    }

    /// Positional plus keyword arguments.
    public var count: Int { positional.count + keywords.count }

    /// The keyword argument `name`, if given.
    public func keyword(_ name: String) -> Argument? {
        keywords.first { $0.name == name }?.argument
    }

    /// Binds positional and keyword arguments to `parameters` in order, checking the count
    /// (`ref() takes 1 or 2 arguments but 3 were given`) and rejecting unknown or repeated names.
    /// The result has one slot per parameter; the first `required` slots are never nil.
    public func bind(_ parameters: [String], required: Int) throws(DiagnosticError) -> BoundArguments {
        var slots = [Argument?](repeating: nil, count: parameters.count)
        if positional.count > parameters.count || count < required {
            let message =
                "\(function)() takes \(CallArguments.describeCount(required, parameters.count)) but \(CallArguments.describeGiven(count))"
            throw DiagnosticError(.error(message, at: range))
        }
        for (i, a) in positional.enumerated() { slots[i] = a }
        for k in keywords {
            guard let i = parameters.firstIndex(of: k.name) else {
                throw DiagnosticError(
                    Diagnostic.error("\(function)() has no argument named '\(k.name)'", at: k.nameRange)
                        .suggesting(k.name, from: parameters))
            }
            if slots[i] != nil {
                throw DiagnosticError(
                    .error("\(function)() got multiple values for argument '\(k.name)'", at: k.nameRange))
            }
            slots[i] = k.argument
        }
        for i in 0..<required where slots[i] == nil {
            throw DiagnosticError(
                .error("\(function)() is missing argument '\(parameters[i])'", at: range))
        }
        return BoundArguments(function: function, names: parameters, slots: slots, range: range)
    }

    /// `1 argument`, `2 arguments`, `1 or 2 arguments`, `1 to 3 arguments`.
    static func describeCount(_ low: Int, _ high: Int) -> String {
        let noun = low == 1 && high == 1 ? "argument" : "arguments"
        if low == high { return "\(low) \(noun)" }
        if high == low + 1 { return "\(low) or \(high) \(noun)" }
        return "\(low) to \(high) \(noun)"
    }

    static func describeGiven(_ n: Int) -> String { n == 1 ? "1 was given" : "\(n) were given" }
}
